//===- TestUtil.h - Helpers the unit tests share ----------------*- C++ -*-===//

#ifndef TQ_UNITTESTS_TESTUTIL_H
#define TQ_UNITTESTS_TESTUTIL_H

#include "llvm/ADT/APFloat.h"

#include <cmath>

namespace tq::test {

/// The same value: NaN equals NaN (any payload), zeros keep their sign.
inline bool sameValue(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b);
  return a == b && std::signbit(a) == std::signbit(b);
}

/// An APFloat value in double (exact for every format of the tests).
inline double toDouble(llvm::APFloat v) {
  bool lost;
  v.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &lost);
  return v.convertToDouble();
}

/// APFloat's conversion of `x` into `semantics` with `mode`, in double.
inline double apfloatConvert(double x, const llvm::fltSemantics &semantics,
                             llvm::APFloat::roundingMode mode) {
  llvm::APFloat v(x);
  bool lost;
  v.convert(semantics, mode, &lost);
  return toDouble(v);
}

} // namespace tq::test

#endif // TQ_UNITTESTS_TESTUTIL_H
