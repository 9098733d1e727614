//===- FuzzCommon.h - Shared helpers of tq's libFuzzer targets --*- C++ -*-===//
//
// How a target reports a finding that is not a crash (a broken invariant),
// and escaping of binary inputs for its message.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_FUZZ_FUZZCOMMON_H
#define TQ_FUZZ_FUZZCOMMON_H

#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace tq::fuzz {

/// Stops the run as a finding (libFuzzer saves the input as crash-*).
[[noreturn]] inline void finding(const std::string &what) {
  std::fprintf(stderr, "\n== tq fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

/// Prints `s` with C escapes (for messages about binary inputs).
inline std::string escaped(llvm::StringRef s) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os.write_escaped(s);
  return out;
}

} // namespace tq::fuzz

#endif // TQ_FUZZ_FUZZCOMMON_H
