//===- Numbers.h - Numbers as text ------------------------------*- C++ -*-===//
//
// How tq's tools write numbers: exactly (the shortest text that reads back
// as the same double: CSV fields, fitted quantizer strings) or for reading
// (%g, six significant digits: messages, listings).
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_NUMBERS_H
#define TQ_SUPPORT_NUMBERS_H

#include <string>

namespace tq {

/// The shortest text that reads back as the same double (std::to_chars).
std::string shortestDecimal(double v);

/// %g: the shorter of fixed and exponent notation, 6 significant digits.
std::string formatG(double v);

} // namespace tq

#endif // TQ_SUPPORT_NUMBERS_H
