//===- AtomicFile.cpp - Files written whole or not at all -----------------===//

#include "tq/Support/AtomicFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

bool tq::writesInPlace(llvm::StringRef path) {
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(path, status))
    return false;
  llvm::sys::fs::file_type type = status.type();
  return type != llvm::sys::fs::file_type::regular_file &&
         type != llvm::sys::fs::file_type::directory_file;
}

llvm::Error tq::writeFileAtomically(llvm::StringRef path,
                                    llvm::StringRef bytes) {
  auto failure = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '" + path + "': " + why);
  };
  if (writesInPlace(path)) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
    if (ec)
      return failure(ec.message());
    os << bytes;
    os.close();
    ec = os.error();
    os.clear_error();
    return ec ? failure(ec.message()) : llvm::Error::success();
  }
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
