//===- AtomicFile.cpp - Files written whole or not at all -----------------===//

#include "tq/Support/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

llvm::Error tq::writeFileAtomically(llvm::StringRef path,
                                    llvm::StringRef bytes) {
  auto failure = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '" + path + "': " + why);
  };
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return failure(llvm::toString(temp.takeError()));
  std::error_code ec;
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    os << bytes;
    os.flush();
    ec = os.error();
    // A stream destroyed with an error pending aborts the program.
    os.clear_error();
  }
  if (ec) {
    llvm::consumeError(temp->discard());
    return failure(ec.message());
  }
  // keep() removes the temporary file when it cannot rename it.
  if (llvm::Error e = temp->keep(path))
    return failure(llvm::toString(std::move(e)));
  return llvm::Error::success();
}
