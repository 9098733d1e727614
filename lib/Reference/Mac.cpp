//===- Mac.cpp - Reference semantics of multiply-accumulate units ----------===//

#include "tq/Reference/Mac.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace tq::ref {

double addRoundToOdd(double x, double y) {
  double s = x + y;
  // TwoSum (Knuth): s + err == x + y exactly, when s is finite.
  double yv = s - x;
  double err = (x - (s - yv)) + (y - yv);
  if (!std::isfinite(s) || err == 0 || std::isnan(err))
    return s;
  uint64_t bits;
  std::memcpy(&bits, &s, sizeof bits);
  if (bits & 1)
    return s; // already odd
  // The exact sum lies beyond s on the side of err: step one ulp that way.
  bool away = (err > 0) == (s > 0);
  bits = away ? bits + 1 : bits - 1;
  std::memcpy(&s, &bits, sizeof s);
  return s;
}

namespace {
double apply(const ScalarQuantizer &q, double x, uint64_t counter,
             ElemType type) {
  return roundToElement(q ? q(x, counter) : x, type);
}
} // namespace

double macDot(const MacModel &m, double init, uint64_t initCounter,
              const std::vector<MacTerm> &terms, int64_t innermost) {
  const ElemType w = m.working();
  const int64_t n = m.countersPerIteration();
  const ScalarQuantizer &outer = m.outer ? m.outer : m.accumulator;
  auto round = [&](double v) { return roundToElement(v, w); };
  // acc + p (fused: the exact product, one rounding by the quantizer).
  auto add = [&](const ScalarQuantizer &q, double acc, const MacTerm &t,
                 double p, uint64_t counter) {
    if (m.fused) {
      assert(m.element != ElemType::F64 && "fused needs an exact product");
      double s = addRoundToOdd(acc, t.a * t.b);
      return round(roundToElement(q ? q(s, counter) : s, ElemType::F64));
    }
    return apply(q, round(acc + p), counter, w);
  };

  double acc = apply(m.chunk ? outer : m.accumulator, init, initCounter, w);
  if (m.pairwise) {
    // The pairwise tree of the products terms[first..last]: each level adds
    // neighbours (2m, 2m + 1), drawing at the iteration of the right one's
    // first term; an odd last node goes up unchanged.
    auto tree = [&](size_t first, size_t last) {
      std::vector<double> nodes;
      std::vector<size_t> lead; // each node's first term
      for (size_t j = first; j <= last; ++j) {
        const MacTerm &t = terms[j];
        nodes.push_back(
            apply(m.product, round(t.a * t.b), n * t.iteration, w));
        lead.push_back(j);
      }
      while (nodes.size() > 1) {
        std::vector<double> up;
        std::vector<size_t> upLead;
        for (size_t i = 0; i < nodes.size(); i += 2) {
          upLead.push_back(lead[i]);
          if (i + 1 == nodes.size()) {
            up.push_back(nodes[i]);
            continue;
          }
          up.push_back(apply(m.accumulator, round(nodes[i] + nodes[i + 1]),
                             n * terms[lead[i + 1]].iteration + 1, w));
        }
        nodes = std::move(up);
        lead = std::move(upLead);
      }
      return nodes.front();
    };
    if (terms.empty())
      return roundToElement(acc, m.element);
    if (!m.chunk) {
      acc = apply(m.accumulator, round(acc + tree(0, terms.size() - 1)),
                  n * terms.front().iteration + 1, w);
      return roundToElement(acc, m.element);
    }
    size_t first = 0;
    for (size_t i = 0; i < terms.size(); ++i) {
      const MacTerm &t = terms[i];
      if (t.k % m.chunk == 0)
        first = i;
      if ((t.k + 1) % m.chunk && t.k != innermost - 1)
        continue;
      acc = apply(outer, round(acc + tree(first, i)), n * t.iteration + 2, w);
    }
    return roundToElement(acc, m.element);
  }
  double part = 0; // the chunk's partial sum
  for (size_t i = 0; i < terms.size(); ++i) {
    const MacTerm &t = terms[i];
    const uint64_t counter = n * t.iteration;
    const bool last = t.k == innermost - 1;
    // An align group ends at its last product; a chunk starts with the
    // product (or group) that starts at a multiple of the chunk size.
    if (m.align && (t.k + 1) % m.align && !last)
      continue;
    int64_t start = m.align ? t.k - t.k % m.align : t.k;
    if (m.chunk && start % m.chunk == 0)
      part = 0;
    // The sum this product (or group) joins.
    double &sum = m.chunk ? part : acc;
    if (!m.align) {
      double p = apply(m.product, round(t.a * t.b), counter, w);
      sum = add(m.accumulator, sum, t, p, counter + 1);
    } else {
      // The group: terms[i - k mod align .. i], aligned to the largest
      // magnitude among its products (and the sum, align_accumulator).
      std::vector<double> values;
      for (size_t j = i - size_t(t.k % m.align); j <= i; ++j) {
        const MacTerm &u = terms[j];
        values.push_back(
            apply(m.product, round(u.a * u.b), n * u.iteration, w));
      }
      if (m.alignAccumulator)
        values.push_back(sum);
      double largest = 0;
      bool nan = false;
      for (double v : values) {
        nan |= std::isnan(v);
        largest = std::max(largest, std::fabs(v));
      }
      double g = 0;
      for (size_t j = 0; j < values.size(); ++j) {
        double v = values[j];
        if (!nan && std::isfinite(largest) && largest != 0)
          v = roundToQuantum(v, std::ilogb(largest) - m.kept, m.alignRounding,
                             0);
        // The sum, when aligned, is added last.
        g += v;
      }
      g = round(g); // exact: the lowering checks the width
      if (m.alignAccumulator)
        sum = apply(m.accumulator, g, counter + 1, w);
      else
        sum = apply(m.accumulator, round(sum + g), counter + 1, w);
    }
    if (m.chunk && ((t.k + 1) % m.chunk == 0 || last)) {
      // MX: the block's sum of element products, scaled once (exact in
      // double, then rounded to the working type).
      double joined = m.mxDot ? round(part * t.scaleA * t.scaleB) : part;
      acc = apply(outer, round(acc + joined), counter + 2, w);
    }
  }
  return roundToElement(acc, m.element);
}

} // namespace tq::ref
