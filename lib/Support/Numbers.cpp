//===- Numbers.cpp - Numbers as text --------------------------------------===//

#include "tq/Support/Numbers.h"

#include <charconv>
#include <cstdio>

std::string tq::shortestDecimal(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string tq::formatG(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
