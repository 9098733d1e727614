//===- AtomicFile.h - Files written whole or not at all ---------*- C++ -*-===//
//
// Tools write their outputs (curves, plots, trained models) through a
// temporary file next to the target, renamed over it when complete: a
// reader never sees a half-written file, and a failure leaves the target
// as it was and no temporary file behind.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_ATOMICFILE_H
#define TQ_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace tq {

/// Writes `bytes` to `path` atomically (see above). Errors read
/// "cannot write 'PATH': REASON".
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

} // namespace tq

#endif // TQ_SUPPORT_ATOMICFILE_H
