//===- AtomicFile.h - Files written whole or not at all ---------*- C++ -*-===//
//
// Tools write their outputs (curves, plots, trained models) through a
// temporary file next to the target, renamed over it when complete: a
// reader never sees a half-written file, and a failure leaves the target
// as it was and no temporary file behind.
//
// A path that exists and is neither a regular file nor a directory
// (/dev/null, /dev/stdout, a FIFO, a terminal) cannot be replaced: a rename
// would put a plain file where the device was (as root, `-o /dev/null`
// did). Such a path is written directly.
//
//===----------------------------------------------------------------------===//

#ifndef TQ_SUPPORT_ATOMICFILE_H
#define TQ_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace tq {

/// Whether `path` is written directly rather than through a temporary file:
/// it exists (links followed) and is neither a regular file nor a directory.
bool writesInPlace(llvm::StringRef path);

/// Writes `bytes` to `path` atomically (see above). Errors read
/// "cannot write 'PATH': REASON".
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

} // namespace tq

#endif // TQ_SUPPORT_ATOMICFILE_H
