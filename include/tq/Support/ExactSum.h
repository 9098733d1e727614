//===- ExactSum.h - Sums of doubles that do not depend on order -*- C++ -*-===//
//
// A sum of non-negative doubles kept exactly (a fixed-point integer in units
// of 2^-1074, the smallest subnormal, wide enough for 2^64 terms of the
// largest double), rounded once to the nearest double, ties to even, when
// read. The result is the same whatever the order of the terms and however
// they were split into partial sums: tq-sweep's mean errors merge exactly
// across shards (docs/sweep.md, "Merging").
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_EXACTSUM_H
#define TQ_SUPPORT_EXACTSUM_H

#include "llvm/ADT/StringRef.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace tq {

class ExactSum {
public:
  /// Adds `x`, which must be non-negative or +infinity (NaN and negative
  /// values are the caller's to map; they assert).
  void add(double x);
  /// Adds another sum exactly.
  ExactSum &operator+=(const ExactSum &other);

  /// The sum rounded to the nearest double, ties to even (+infinity when a
  /// term was infinite or the sum exceeds the largest double).
  double value() const;

  /// Exact text: "0", "inf", or C's hexadecimal float form 0xMpE (M an odd
  /// lower-case hexadecimal integer, the sum M * 2^E; Python's
  /// float.fromhex reads it, rounded).
  std::string toString() const;
  /// Reads toString()'s form; std::nullopt for anything else.
  static std::optional<ExactSum> fromString(llvm::StringRef text);

  bool operator==(const ExactSum &other) const {
    return infinite == other.infinite && limbs == other.limbs;
  }

private:
  /// 2^64 doubles below 2^1024, in units of 2^-1074, stay below 2^2162.
  static constexpr unsigned kLimbs = 34;
  std::array<uint64_t, kLimbs> limbs{}; // little-endian
  bool infinite = false;
};

} // namespace tq

#endif // TQ_SUPPORT_EXACTSUM_H
