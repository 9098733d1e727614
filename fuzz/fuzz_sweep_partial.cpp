//===- fuzz_sweep_partial.cpp - Fuzzes tq-sweep's partial-file reader -----===//
//
// Input: a partial file of `tq-sweep --shard` (what `tq-sweep merge` reads
// from disk, in any state). parseSweepPartial reads it; a file that reads
// is printed again, and must read back to the same text (the format is
// canonical: no statistic is lost or changed), and merges alone or with
// itself without a crash (an error with a message when shards are missing
// or repeated). Also the exact sums' text: every sum read prints back to
// the same text.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "tq/Runner/SweepResults.h"

using namespace llvm;
using namespace tq;
using namespace tq::fuzz;

static std::string message(Error error) {
  std::string text = toString(std::move(error));
  if (text.empty())
    finding("an error without a message");
  return text;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  StringRef text(reinterpret_cast<const char *>(data), size);
  Expected<SweepPartial> partial = parseSweepPartial(text, "fuzz.csv");
  if (!partial) {
    (void)message(partial.takeError());
    return 0;
  }
  std::string printed = printSweepPartial(*partial);
  Expected<SweepPartial> again = parseSweepPartial(printed, "printed.csv");
  if (!again)
    finding("a partial that reads does not read back once printed: " +
            message(again.takeError()) + "\nprinted: \"" + escaped(printed) +
            "\"");
  if (printSweepPartial(*again) != printed)
    finding("printing a partial is not canonical\nprinted: \"" +
            escaped(printed) + "\"");
  for (const SweepPartial::Row &r : partial->results) {
    std::string sum = r.stats.errorSum.toString();
    std::optional<ExactSum> back = ExactSum::fromString(sum);
    if (!back || !(*back == r.stats.errorSum))
      finding("an exact sum does not read back: " + sum);
    (void)r.stats.meanError();
    (void)r.stats.top1();
  }
  for (int copies : {1, 2}) {
    std::vector<SweepPartial> parts(copies, *partial);
    Expected<std::string> csv = mergeSweepPartials(parts);
    if (!csv)
      (void)message(csv.takeError());
    else if (copies == 2)
      finding("a shard given twice merged");
  }
  return 0;
}
