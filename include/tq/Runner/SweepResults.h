//===- SweepResults.h - tq-sweep's rows, shards and their merge -*- C++ -*-===//
//
// What a sweep measures and writes (docs/sweep.md):
//
// - SweepStats: one run's contribution to a row of the table: labelled
//   samples, right top-1 answers, compared elements, the exact sum of the
//   absolute errors (tq::ExactSum) and the largest. They add exactly, so a
//   row computed over parts of the test set equals the row computed at once.
// - The CSV: sweepCsvHeader / sweepCsvRow, the single source of its format.
// - Shards: `--shard I/N` runs the I-th of N disjoint parts of the sweep's
//   rows (the float row and the configurations) and, with sample parts, of
//   the test set; it writes a partial file (the shard, the digests of every
//   input, and each of its rows' SweepStats exactly). mergeSweepPartials
//   checks that the partials are one sweep's, complete and each once, and
//   gives the CSV the single-machine run writes, byte for byte.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_RUNNER_SWEEPRESULTS_H
#define TQ_RUNNER_SWEEPRESULTS_H

#include "tq/Runner/Npy.h"
#include "tq/Support/ExactSum.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tq {

/// One run's measurements against the float run (see above).
struct SweepStats {
  bool labelled = false;
  int64_t samples = 0, correct = 0; // with labels
  int64_t elements = 0;             // of the first output
  ExactSum errorSum;                // of |out - ref|, NaN counted as +inf
  double maxError = 0;

  SweepStats &operator+=(const SweepStats &other);
  /// Right answers over samples; NaN without labels.
  double top1() const;
  /// errorSum / elements (0 for no elements).
  double meanError() const;
};

/// Compares the first output `out` with the float run's `ref` (the same
/// shape) and, with `labels` (one per row of `out`), counts the rows whose
/// largest element (NaN never wins, ties go to the first) is the label.
SweepStats measureSweep(const NpyArray &out, const NpyArray &ref,
                        llvm::ArrayRef<int64_t> labels);

/// A row's first columns.
struct SweepRowInfo {
  std::string family, quantizer, calibration, role, layer;
  double bits = 0;
};

/// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string csvField(llvm::StringRef s);
/// "family,quantizer,calibration,role,layer,bits,top1,mean_abs_err,
/// max_abs_err\n"
std::string sweepCsvHeader();
/// One CSV line; numbers in the shortest form that reads back exactly.
std::string sweepCsvRow(const SweepRowInfo &info, const SweepStats &stats);

/// Which part of a sweep a shard runs. Rows are numbered 0 (the float run)
/// to the number of configurations; the test set is cut into `sampleParts`
/// parts of whole calls of the model. Shard `index` (1 to `count`; `count`
/// a multiple of `sampleParts`) runs sample part (index - 1) mod
/// sampleParts, and of the rows those r with r mod G = (index - 1) div
/// sampleParts, G = count / sampleParts: consecutive rows go to different
/// shards, which evens out their cost.
struct SweepShard {
  unsigned index = 1, count = 1;
  unsigned sampleParts = 1;

  unsigned samplePart() const { return (index - 1) % sampleParts; }
  bool runsRow(size_t row) const {
    unsigned groups = count / sampleParts;
    return row % groups == (index - 1) / sampleParts;
  }
};
/// Parses "I/N" (1 <= I <= N <= 100000).
llvm::Expected<SweepShard> parseShard(llvm::StringRef text);

/// "sha256:HEX" of a file's bytes.
llvm::Expected<std::string> fileDigest(llvm::StringRef path);

/// What a shard ran on: every input's digest and the settings that change
/// the results. Two partials merge only when these are equal.
struct SweepInputs {
  std::string model, configs, data; // "sha256:..."
  std::string settings;             // e.g. "entry=main seed=0 batch=0"
};

/// A partial file (written by `tq-sweep --shard`, read by the merge).
struct SweepPartial {
  struct Row {
    size_t row = 0;     // 0: the float run
    unsigned part = 0;  // sample part, 0-based
    SweepRowInfo info;
    SweepStats stats;
  };
  std::string path; // for messages
  SweepShard shard;
  size_t rows = 0;  // of the whole sweep
  SweepInputs inputs;
  std::vector<Row> results;
};

/// The partial file's text: a `#` header (format, shard, sample parts,
/// rows, digests, settings), a CSV of the shard's rows with their exact
/// statistics, and a `# end K` line (K rows) that a truncated copy lacks.
std::string printSweepPartial(const SweepPartial &partial);
/// Reads printSweepPartial's text: a wrong or truncated file, or one that
/// lacks or repeats a row its shard runs, is an error "path:line: ...".
llvm::Expected<SweepPartial> parseSweepPartial(llvm::StringRef text,
                                               llvm::StringRef path);

/// The CSV of the whole sweep from its partials (any order). Errors: partials
/// of different sweeps (which input differs, and from which file), missing
/// shards and shards given twice, by index.
llvm::Expected<std::string>
mergeSweepPartials(llvm::ArrayRef<SweepPartial> partials);

} // namespace tq

#endif // TQ_RUNNER_SWEEPRESULTS_H
