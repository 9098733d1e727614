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

#include <string>

namespace tq {

/// Whether `path` is written directly rather than through a temporary file:
/// it exists (links followed) and is neither a regular file nor a directory.
bool writesInPlace(llvm::StringRef path);

/// An output being written: to a new temporary file next to the target
/// (removed on a signal, and by the destructor unless committed), or to the
/// target itself where writesInPlace. Write to path(), then commit(), which
/// renames the temporary file over the target. Errors are the reason alone
/// ("No such file or directory", "it is a directory"): each tool words
/// them its way.
class StagedFile {
public:
  /// Creates the temporary file (so that an unwritable target fails now).
  static llvm::Expected<StagedFile> create(llvm::StringRef target);
  StagedFile(StagedFile &&other);
  StagedFile &operator=(StagedFile &&) = delete;
  ~StagedFile();

  /// Where to write: the temporary file, or the target written in place.
  llvm::StringRef path() const { return temp.empty() ? target : temp; }
  llvm::StringRef targetPath() const { return target; }
  /// Writes `bytes` to path().
  llvm::Error write(llvm::StringRef bytes) const;
  /// Renames the temporary file over the target (nothing in place).
  llvm::Error commit();

private:
  StagedFile(std::string target, std::string temp)
      : target(std::move(target)), temp(std::move(temp)) {}
  std::string target, temp; // temp: "" when written in place
};

/// Writes `bytes` to `path` atomically (see above): a StagedFile written
/// and committed. Errors read "cannot write 'PATH': REASON".
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

} // namespace tq

#endif // TQ_SUPPORT_ATOMICFILE_H
