//===- SweepResults.cpp - tq-sweep's rows, shards and their merge ---------===//

#include "tq/Runner/SweepResults.h"
#include "tq/Support/Numbers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

#include <cmath>
#include <map>
#include <set>

using namespace llvm;
using namespace tq;

static Error err(const Twine &msg) {
  return createStringError(inconvertibleErrorCode(), msg);
}

//===----------------------------------------------------------------------===//
// Statistics and the CSV
//===----------------------------------------------------------------------===//

SweepStats &SweepStats::operator+=(const SweepStats &other) {
  labelled = labelled || other.labelled;
  samples += other.samples;
  correct += other.correct;
  elements += other.elements;
  errorSum += other.errorSum;
  maxError = std::max(maxError, other.maxError);
  return *this;
}

double SweepStats::top1() const {
  return labelled && samples ? double(correct) / double(samples) : NAN;
}

double SweepStats::meanError() const {
  return elements ? errorSum.value() / double(elements) : 0;
}

SweepStats tq::measureSweep(const NpyArray &out, const NpyArray &ref,
                            ArrayRef<int64_t> labels) {
  SweepStats s;
  int64_t n = out.numElements();
  s.elements = n;
  for (int64_t i = 0; i < n; ++i) {
    double e = std::fabs(out.getDouble(i) - ref.getDouble(i));
    if (std::isnan(e))
      e = INFINITY;
    s.errorSum.add(e);
    s.maxError = std::max(s.maxError, e);
  }
  if (!labels.empty()) {
    s.labelled = true;
    s.samples = labels.size();
    int64_t classes = n / int64_t(labels.size());
    for (size_t r = 0; r < labels.size(); ++r) {
      // argmax; NaN never wins, ties go to the first.
      int64_t best = 0;
      double bestValue = -INFINITY;
      bool any = false;
      for (int64_t c = 0; c < classes; ++c) {
        double v = out.getDouble(int64_t(r) * classes + c);
        if (!std::isnan(v) && (!any || v > bestValue)) {
          best = c;
          bestValue = v;
          any = true;
        }
      }
      s.correct += any && best == labels[r];
    }
  }
  return s;
}

std::string tq::csvField(StringRef s) {
  if (s.find_first_of(",\"\n\r") == StringRef::npos)
    return s.str();
  std::string out = "\"";
  for (char c : s)
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string tq::sweepCsvHeader() {
  return "family,quantizer,calibration,role,layer,bits,top1,mean_abs_err,"
         "max_abs_err\n";
}

static std::string infoFields(const SweepRowInfo &i) {
  return csvField(i.family) + "," + csvField(i.quantizer) + "," +
         csvField(i.calibration) + "," + csvField(i.role) + "," +
         csvField(i.layer) + "," + shortestDecimal(i.bits);
}

std::string tq::sweepCsvRow(const SweepRowInfo &info, const SweepStats &s) {
  double top1 = s.top1();
  return infoFields(info) + "," +
         (std::isnan(top1) ? std::string() : shortestDecimal(top1)) + "," +
         shortestDecimal(s.meanError()) + "," + shortestDecimal(s.maxError) +
         "\n";
}

//===----------------------------------------------------------------------===//
// Shards and digests
//===----------------------------------------------------------------------===//

static constexpr unsigned kMaxShards = 100000;

Expected<SweepShard> tq::parseShard(StringRef text) {
  auto [i, n] = text.split('/');
  SweepShard shard;
  if (i.getAsInteger(10, shard.index) || n.getAsInteger(10, shard.count) ||
      text.count('/') != 1)
    return err("--shard: expected I/N (the I-th of N shards, 1 <= I <= N), "
               "got '" + text + "'");
  if (shard.count < 1 || shard.count > kMaxShards || shard.index < 1 ||
      shard.index > shard.count)
    return err("--shard " + text + ": expected 1 <= I <= N <= " +
               Twine(kMaxShards));
  return shard;
}

Expected<std::string> tq::fileDigest(StringRef path) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return err(path + ": cannot read: " + buffer.getError().message());
  SHA256 hash;
  hash.update((*buffer)->getBuffer());
  std::array<uint8_t, 32> digest = hash.final();
  return "sha256:" + toHex(digest, /*LowerCase=*/true);
}

//===----------------------------------------------------------------------===//
// Partial files
//===----------------------------------------------------------------------===//

static constexpr StringLiteral kPartialMagic = "# tq-sweep partial results 1";
static constexpr StringLiteral kPartialColumns =
    "row,part,family,quantizer,calibration,role,layer,bits,samples,correct,"
    "elements,error_sum,max_abs_err";

std::string tq::printSweepPartial(const SweepPartial &p) {
  std::string s;
  raw_string_ostream os(s);
  os << kPartialMagic << "\n";
  os << "# shard " << p.shard.index << "/" << p.shard.count << "\n";
  os << "# sample-parts " << p.shard.sampleParts << "\n";
  os << "# rows " << p.rows << "\n";
  os << "# model " << p.inputs.model << "\n";
  os << "# configs " << p.inputs.configs << "\n";
  os << "# data " << p.inputs.data << "\n";
  os << "# settings " << p.inputs.settings << "\n";
  os << kPartialColumns << "\n";
  for (const SweepPartial::Row &r : p.results) {
    const SweepStats &s = r.stats;
    os << r.row << "," << r.part + 1 << "," << infoFields(r.info) << ","
       << s.samples << "," << (s.labelled ? std::to_string(s.correct) : "")
       << "," << s.elements << "," << s.errorSum.toString() << ","
       << shortestDecimal(s.maxError) << "\n";
  }
  os << "# end " << p.results.size() << "\n";
  return s;
}

namespace {
/// Reads the partial file record by record (CSV fields may be quoted and
/// hold line breaks), keeping the line number for messages.
struct PartialReader {
  StringRef text, path;
  size_t pos = 0;
  unsigned line = 1;

  Error error(unsigned at, const Twine &msg) const {
    return err(path + ":" + Twine(at) + ": " + msg);
  }
  bool atEnd() const { return pos >= text.size(); }
  /// A `#` line or the column line, without its line break.
  StringRef rawLine() {
    size_t end = text.find('\n', pos);
    if (end == StringRef::npos)
      end = text.size();
    StringRef l = text.slice(pos, end);
    pos = end + 1;
    ++line;
    return l;
  }
  /// One CSV record's fields.
  Expected<std::vector<std::string>> record() {
    unsigned start = line;
    std::vector<std::string> fields(1);
    bool quoted = false;
    while (true) {
      if (pos >= text.size()) {
        if (quoted)
          return error(start, "unterminated quoted field");
        return error(start, "the record has no line break (a truncated file)");
      }
      char c = text[pos++];
      if (quoted) {
        if (c == '"') {
          if (pos < text.size() && text[pos] == '"') {
            fields.back() += '"';
            ++pos;
          } else {
            quoted = false;
          }
          continue;
        }
        if (c == '\n')
          ++line;
        fields.back() += c;
        continue;
      }
      if (c == '"' && fields.back().empty()) {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        ++line;
        return fields;
      } else {
        fields.back() += c;
      }
    }
  }
};
} // namespace

static bool readDouble(StringRef s, double &v) {
  if (s == "inf") {
    v = INFINITY;
    return true;
  }
  // Only what shortestDecimal writes: no spaces, hex or words.
  if (s.empty() || s.find_first_not_of("0123456789.e+-") != StringRef::npos)
    return false;
  std::string z = s.str();
  char *end;
  v = std::strtod(z.c_str(), &end);
  return *end == '\0';
}

Expected<SweepPartial> tq::parseSweepPartial(StringRef text, StringRef path) {
  PartialReader in{text, path};
  SweepPartial p;
  p.path = path.str();
  if (in.rawLine() != kPartialMagic)
    return in.error(1, "not a tq-sweep partial file (expected '" +
                           kPartialMagic + "' on its first line)");
  auto header = [&](StringRef key, std::string &value) -> Error {
    unsigned at = in.line;
    StringRef l = in.rawLine();
    if (!l.consume_front(("# " + key + " ").str()) || l.empty())
      return in.error(at, "expected '# " + key + " ...'");
    value = l.str();
    return Error::success();
  };
  std::string shard, parts, rows;
  unsigned shardLine = in.line;
  if (Error e = header("shard", shard))
    return std::move(e);
  Expected<SweepShard> s = parseShard(shard);
  if (!s)
    return in.error(shardLine, toString(s.takeError()));
  p.shard = *s;
  unsigned partsLine = in.line;
  if (Error e = header("sample-parts", parts))
    return std::move(e);
  if (StringRef(parts).getAsInteger(10, p.shard.sampleParts) ||
      p.shard.sampleParts < 1 || p.shard.count % p.shard.sampleParts)
    return in.error(partsLine, "sample parts must divide the number of "
                               "shards, got " + parts);
  unsigned rowsLine = in.line;
  if (Error e = header("rows", rows))
    return std::move(e);
  if (StringRef(rows).getAsInteger(10, p.rows) || p.rows < 1)
    return in.error(rowsLine, "expected a positive number of rows, got " +
                                  rows);
  if (Error e = header("model", p.inputs.model))
    return std::move(e);
  if (Error e = header("configs", p.inputs.configs))
    return std::move(e);
  if (Error e = header("data", p.inputs.data))
    return std::move(e);
  if (Error e = header("settings", p.inputs.settings))
    return std::move(e);
  unsigned columnsLine = in.line;
  if (in.rawLine() != kPartialColumns)
    return in.error(columnsLine, "expected the columns '" + kPartialColumns +
                                     "'");
  std::set<size_t> seen;
  while (true) {
    if (in.atEnd())
      return in.error(in.line, "no '# end' line: the file is incomplete");
    unsigned at = in.line;
    if (in.text[in.pos] == '#') {
      StringRef l = in.rawLine();
      size_t count;
      if (!l.consume_front("# end ") || l.getAsInteger(10, count))
        return in.error(at, "expected a row or '# end K'");
      if (count != p.results.size())
        return in.error(at, "'# end " + Twine(count) + "' after " +
                                Twine(p.results.size()) + " rows");
      if (!in.atEnd())
        return in.error(in.line, "text after the '# end' line");
      break;
    }
    Expected<std::vector<std::string>> f = in.record();
    if (!f)
      return f.takeError();
    if (f->size() != 13)
      return in.error(at, "expected 13 fields, got " + Twine(f->size()));
    SweepPartial::Row r;
    const std::vector<std::string> &v = *f;
    unsigned part1;
    if (StringRef(v[0]).getAsInteger(10, r.row) || r.row >= p.rows)
      return in.error(at, "row '" + v[0] + "' is not one of 0-" +
                              Twine(p.rows - 1));
    if (StringRef(v[1]).getAsInteger(10, part1) || part1 < 1 ||
        part1 > p.shard.sampleParts)
      return in.error(at, "part '" + v[1] + "' is not one of 1-" +
                              Twine(p.shard.sampleParts));
    r.part = part1 - 1;
    if (r.part != p.shard.samplePart() || !p.shard.runsRow(r.row))
      return in.error(at, "row " + Twine(r.row) + " part " + Twine(part1) +
                              " is not shard " + Twine(p.shard.index) + "/" +
                              Twine(p.shard.count) + "'s");
    if (!seen.insert(r.row).second)
      return in.error(at, "row " + Twine(r.row) + " given twice");
    r.info = {v[2], v[3], v[4], v[5], v[6], 0};
    SweepStats &st = r.stats;
    std::optional<ExactSum> sum = ExactSum::fromString(v[11]);
    if (!readDouble(v[7], r.info.bits) ||
        StringRef(v[8]).getAsInteger(10, st.samples) ||
        (!v[9].empty() && StringRef(v[9]).getAsInteger(10, st.correct)) ||
        StringRef(v[10]).getAsInteger(10, st.elements) || !sum ||
        !readDouble(v[12], st.maxError) || st.maxError < 0 || st.samples < 0 ||
        st.correct < 0 || st.correct > st.samples || st.elements < 0)
      return in.error(at, "row " + Twine(r.row) + ": malformed numbers");
    st.labelled = !v[9].empty();
    st.errorSum = *sum;
    p.results.push_back(std::move(r));
  }
  // The rows r < rows with r mod G = g (no loop: `rows` is the file's word).
  size_t groups = p.shard.count / p.shard.sampleParts,
         group = (p.shard.index - 1) / p.shard.sampleParts;
  size_t expected = group < p.rows ? (p.rows - group + groups - 1) / groups : 0;
  if (p.results.size() != expected)
    return err(path + ": has " + Twine(p.results.size()) + " of the " +
               Twine(expected) + " rows shard " + Twine(p.shard.index) + "/" +
               Twine(p.shard.count) + " runs");
  return p;
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

static std::string joinIndices(ArrayRef<unsigned> v) {
  std::string s;
  for (unsigned i : v)
    s += (s.empty() ? "" : ", ") + std::to_string(i);
  return s;
}

Expected<std::string>
tq::mergeSweepPartials(ArrayRef<SweepPartial> partials) {
  if (partials.empty())
    return err("no partial files to merge");
  const SweepPartial &first = partials.front();
  for (const SweepPartial &p : partials.drop_front()) {
    auto differs = [&](StringRef what, const Twine &mine,
                       const Twine &theirs) {
      return err(p.path + ": " + what + " differs from " + first.path +
                 "'s (" + mine + " vs " + theirs +
                 "): the partials are not of one sweep");
    };
    if (p.shard.count != first.shard.count)
      return differs("the number of shards", Twine(p.shard.count),
                     Twine(first.shard.count));
    if (p.shard.sampleParts != first.shard.sampleParts)
      return differs("the number of sample parts", Twine(p.shard.sampleParts),
                     Twine(first.shard.sampleParts));
    if (p.rows != first.rows)
      return differs("the number of rows", Twine(p.rows), Twine(first.rows));
    if (p.inputs.model != first.inputs.model)
      return differs("the model", p.inputs.model, first.inputs.model);
    if (p.inputs.configs != first.inputs.configs)
      return differs("the sweep file", p.inputs.configs, first.inputs.configs);
    if (p.inputs.data != first.inputs.data)
      return differs("the data", p.inputs.data, first.inputs.data);
    if (p.inputs.settings != first.inputs.settings)
      return differs("the settings", "'" + p.inputs.settings + "'",
                     "'" + first.inputs.settings + "'");
  }
  std::map<unsigned, const SweepPartial *> byShard;
  std::vector<std::string> problems;
  for (const SweepPartial &p : partials) {
    auto [it, fresh] = byShard.try_emplace(p.shard.index, &p);
    if (!fresh)
      problems.push_back("shard " + std::to_string(p.shard.index) + "/" +
                         std::to_string(p.shard.count) + " is given twice (" +
                         it->second->path + " and " + p.path + ")");
  }
  std::vector<unsigned> missing;
  for (unsigned i = 1; i <= first.shard.count; ++i)
    if (!byShard.count(i))
      missing.push_back(i);
  if (!missing.empty())
    problems.push_back(
        (missing.size() == 1 ? "shard " : "shards ") + joinIndices(missing) +
        " of " + std::to_string(first.shard.count) +
        (missing.size() == 1 ? " is" : " are") + " missing");
  if (!problems.empty())
    return err(join(problems, "; "));

  // Every row from every sample part, added exactly. (Complete shards hold
  // every row once per sample part: `rows` is bounded by the files.)
  std::vector<const SweepRowInfo *> info(first.rows, nullptr);
  std::vector<SweepStats> stats(first.rows);
  for (auto &[index, p] : byShard)
    for (const SweepPartial::Row &r : p->results) {
      if (!info[r.row])
        info[r.row] = &r.info;
      stats[r.row] += r.stats;
    }
  std::string csv = sweepCsvHeader();
  for (size_t r = 0; r < first.rows; ++r)
    csv += sweepCsvRow(*info[r], stats[r]);
  return csv;
}
