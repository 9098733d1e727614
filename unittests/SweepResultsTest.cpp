//===- SweepResultsTest.cpp - Exact sums, partial files and their merge ---===//

#include "tq/Runner/SweepResults.h"
#include "tq/Support/ExactSum.h"

#include "llvm/ADT/APFloat.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

using namespace tq;

namespace {

double sumOf(const std::vector<double> &v) {
  ExactSum s;
  for (double x : v)
    s.add(x);
  return s.value();
}

TEST(ExactSum, RoundsOnceToNearestEven) {
  // 1 + 2^-53 is a tie: to even, 1. One more tiny term breaks it upwards,
  // where adding in double order gives 1 both times.
  EXPECT_EQ(sumOf({1, std::ldexp(1, -53)}), 1.0);
  EXPECT_EQ(sumOf({1, std::ldexp(1, -53), std::ldexp(1, -200)}),
            1 + std::ldexp(1, -52));
  EXPECT_EQ(sumOf({std::ldexp(1, -200), std::ldexp(1, -53), 1}),
            1 + std::ldexp(1, -52));
  // 1 + 3 * 2^-53 ties between 1 + 2^-52 and 1 + 2^-51: to even.
  EXPECT_EQ(sumOf({1, std::ldexp(3, -53)}), 1 + std::ldexp(1, -51));
  // Subnormals are exact; their sum carries into the normals.
  double tiny = std::ldexp(1, -1074);
  EXPECT_EQ(sumOf({tiny, tiny, tiny}), 3 * tiny);
  EXPECT_EQ(sumOf({std::ldexp(1, -1023), std::ldexp(1, -1023)}),
            std::ldexp(1, -1022));
  EXPECT_EQ(sumOf({}), 0.0);
  EXPECT_EQ(sumOf({0.0, 0.0}), 0.0);
  // Past the largest double: infinity; an infinite term: infinity.
  EXPECT_EQ(sumOf({DBL_MAX, DBL_MAX}), INFINITY);
  EXPECT_EQ(sumOf({DBL_MAX, DBL_MAX, INFINITY}), INFINITY);
  EXPECT_EQ(sumOf({1, INFINITY}), INFINITY);
}

TEST(ExactSum, EqualsAQuadSumRoundedOnceInAnyOrderAndGrouping) {
  // Terms spread over 40 binades, 200 of them: their exact sum needs at
  // most 53 + 40 + 8 bits, which IEEE quad (113) holds exactly.
  using llvm::APFloat;
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> v(200);
    int base = int(rng() % 1900) - 1000;
    for (double &x : v)
      x = std::ldexp(double(rng() >> 11), base + int(rng() % 40) - 53);
    APFloat quad(APFloat::IEEEquad(), "0");
    bool lost;
    for (double x : v) {
      APFloat q(x);
      q.convert(APFloat::IEEEquad(), APFloat::rmNearestTiesToEven, &lost);
      ASSERT_EQ(quad.add(q, APFloat::rmNearestTiesToEven), APFloat::opOK);
    }
    quad.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
    double expected = quad.convertToDouble();
    EXPECT_EQ(sumOf(v), expected) << "trial " << trial;
    // Reversed, and as three partial sums added together (the merge).
    std::reverse(v.begin(), v.end());
    EXPECT_EQ(sumOf(v), expected);
    ExactSum parts[3], all;
    for (size_t i = 0; i < v.size(); ++i)
      parts[i % 3].add(v[i]);
    for (ExactSum &p : parts)
      all += p;
    EXPECT_EQ(all.value(), expected);
    // Its text reads back as the same sum.
    std::optional<ExactSum> back = ExactSum::fromString(all.toString());
    ASSERT_TRUE(back);
    EXPECT_TRUE(*back == all);
  }
}

TEST(ExactSum, Text) {
  ExactSum s;
  EXPECT_EQ(s.toString(), "0");
  s.add(1.5);
  EXPECT_EQ(s.toString(), "0x3p-1");
  s.add(std::ldexp(1, -1074));
  std::string t = s.toString();
  EXPECT_EQ(t.substr(0, 4), "0x60"); // 3 * 2^1073 + 1: 1075 bits
  EXPECT_EQ(t.substr(t.size() - 7), "1p-1074");
  EXPECT_TRUE(*ExactSum::fromString(t) == s);
  ExactSum big;
  for (int i = 0; i < 5; ++i)
    big.add(DBL_MAX);
  EXPECT_TRUE(*ExactSum::fromString(big.toString()) == big);
  ExactSum inf;
  inf.add(INFINITY);
  EXPECT_EQ(inf.toString(), "inf");
  EXPECT_TRUE(*ExactSum::fromString("inf") == inf);
  for (const char *bad : {"", "0x", "0x3", "3p-1", "0x3p", "0x03p-1",
                          "0xGp1", "0x3p-1075", "0x1p2200", "0X3p-1", "-0x1p0"})
    EXPECT_FALSE(ExactSum::fromString(bad)) << bad;
}

NpyArray array(std::vector<float> v, int64_t rows) {
  NpyArray a;
  a.shape = {rows, int64_t(v.size()) / rows};
  a.data.resize(v.size() * 4);
  std::memcpy(a.data.data(), v.data(), a.data.size());
  return a;
}

TEST(SweepStats, PartsAddUpToTheWhole) {
  // Three rows of two classes: the second row's NaN never wins (class 1,
  // right), the third ties (class 0 wins, wrong).
  NpyArray out = array({0.1f, 0.7f, NAN, 0.2f, 0.5f, 0.5f}, 3);
  NpyArray ref = array({0.3f, 0.6f, 0.4f, 0.2f, 0.5f, 0.25f}, 3);
  std::vector<int64_t> labels = {1, 1, 1};
  SweepStats whole = measureSweep(out, ref, labels);
  EXPECT_EQ(whole.samples, 3);
  EXPECT_EQ(whole.correct, 2);
  EXPECT_EQ(whole.elements, 6);
  EXPECT_EQ(whole.maxError, INFINITY);
  NpyArray o1 = array({0.1f, 0.7f}, 1), r1 = array({0.3f, 0.6f}, 1);
  NpyArray o2 = array({NAN, 0.2f, 0.5f, 0.5f}, 2),
           r2 = array({0.4f, 0.2f, 0.5f, 0.25f}, 2);
  SweepStats merged = measureSweep(o1, r1, {labels[0]});
  merged += measureSweep(o2, r2, {labels[1], labels[2]});
  EXPECT_EQ(sweepCsvRow({"f", "q", "-", "both", "all", 8}, merged),
            sweepCsvRow({"f", "q", "-", "both", "all", 8}, whole));
  EXPECT_EQ(sweepCsvRow({"f", "a,b", "-", "both", "all", 8}, whole),
            "f,\"a,b\",-,both,all,8,0.6666666666666666,inf,inf\n");
}

/// A partial of a 5-row sweep in 2 shards (rows 0, 2, 4 and 1, 3).
SweepPartial partial(unsigned index, const std::string &path) {
  SweepPartial p;
  p.path = path;
  p.shard.index = index;
  p.shard.count = 2;
  p.rows = 5;
  p.inputs = {"sha256:aa", "sha256:bb", "sha256:cc", "entry=main seed=0"};
  for (size_t r = 0; r < 5; ++r)
    if (p.shard.runsRow(r)) {
      SweepStats s;
      s.labelled = true;
      s.samples = 10;
      s.correct = r;
      s.elements = 20;
      s.errorSum.add(0.1 * r);
      s.maxError = 0.01 * r;
      p.results.push_back(
          {r, 0, {"fam,ily", "q" + std::to_string(r), "-", "both", "all", 4},
           s});
    }
  return p;
}

TEST(SweepPartial, PrintsAndReadsBack) {
  SweepPartial p = partial(1, "a.csv");
  std::string text = printSweepPartial(p);
  llvm::Expected<SweepPartial> back = parseSweepPartial(text, "a.csv");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(printSweepPartial(*back), text);
  // Truncated anywhere: refused.
  for (size_t cut : {text.size() - 3, text.size() - 9, text.size() / 2}) {
    llvm::Expected<SweepPartial> t = parseSweepPartial(text.substr(0, cut), "a.csv");
    ASSERT_FALSE(bool(t)) << cut;
    llvm::consumeError(t.takeError());
  }
}

std::string parseError(const std::string &text) {
  llvm::Expected<SweepPartial> p = parseSweepPartial(text, "p.csv");
  return p ? std::string("parsed") : llvm::toString(p.takeError());
}

TEST(SweepPartial, Errors) {
  std::string text = printSweepPartial(partial(2, "b.csv"));
  EXPECT_EQ(parseError("a,b\n"), "p.csv:1: not a tq-sweep partial file "
                                 "(expected '# tq-sweep partial results 1' on "
                                 "its first line)");
  std::string other = text;
  other.replace(other.find("\n3,1,"), 5, "\n2,1,");
  EXPECT_EQ(parseError(other), "p.csv:11: row 2 part 1 is not shard 2/2's");
  other = text;
  other.replace(other.find("\n3,1,"), 5, "\n1,1,");
  EXPECT_EQ(parseError(other), "p.csv:11: row 1 given twice");
  other = text;
  other.replace(other.find("# end 2"), 7, "# end 3");
  EXPECT_EQ(parseError(other), "p.csv:12: '# end 3' after 2 rows");
  other = text.substr(0, text.find("3,1,")) + "# end 1\n";
  EXPECT_EQ(parseError(other), "p.csv: has 1 of the 2 rows shard 2/2 runs");
  EXPECT_EQ(parseError(text + "x\n"), "p.csv:13: text after the '# end' line");
}

TEST(SweepPartial, MergesOrRefuses) {
  SweepPartial a = partial(1, "a.csv"), b = partial(2, "b.csv");
  llvm::Expected<std::string> csv = mergeSweepPartials({b, a});
  ASSERT_TRUE(bool(csv)) << llvm::toString(csv.takeError());
  EXPECT_EQ(*csv, "family,quantizer,calibration,role,layer,bits,top1,"
                  "mean_abs_err,max_abs_err\n"
                  "\"fam,ily\",q0,-,both,all,4,0,0,0\n"
                  "\"fam,ily\",q1,-,both,all,4,0.1,0.005,0.01\n"
                  "\"fam,ily\",q2,-,both,all,4,0.2,0.01,0.02\n"
                  "\"fam,ily\",q3,-,both,all,4,0.3,0.015000000000000003,0.03\n"
                  "\"fam,ily\",q4,-,both,all,4,0.4,0.02,0.04\n");
  auto mergeError = [](std::vector<SweepPartial> v) {
    llvm::Expected<std::string> r = mergeSweepPartials(v);
    return r ? std::string("merged") : llvm::toString(r.takeError());
  };
  EXPECT_EQ(mergeError({a}), "shard 2 of 2 is missing");
  EXPECT_EQ(mergeError({a, partial(1, "c.csv")}),
            "shard 1/2 is given twice (a.csv and c.csv); shard 2 of 2 is "
            "missing");
  SweepPartial d = partial(2, "d.csv");
  d.inputs.data = "sha256:dd";
  EXPECT_EQ(mergeError({a, d}), "d.csv: the data differs from a.csv's "
                                "(sha256:dd vs sha256:cc): the partials are "
                                "not of one sweep");
  EXPECT_EQ(mergeError({}), "no partial files to merge");
}

} // namespace
