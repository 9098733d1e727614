//===- AtomicFile.cpp - Files written whole or not at all -----------------===//

#include "tq/Support/AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

bool tq::writesInPlace(llvm::StringRef path) {
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(path, status))
    return false;
  llvm::sys::fs::file_type type = status.type();
  return type != llvm::sys::fs::file_type::regular_file &&
         type != llvm::sys::fs::file_type::directory_file;
}

using namespace llvm;

static Error reason(const Twine &why) {
  return createStringError(inconvertibleErrorCode(), why);
}

Expected<tq::StagedFile> tq::StagedFile::create(StringRef target) {
  if (writesInPlace(target))
    return StagedFile(target.str(), "");
  if (sys::fs::is_directory(target))
    return reason("it is a directory");
  int fd;
  SmallString<256> temp;
  if (std::error_code ec = sys::fs::createUniqueFile(
          target + ".tmp-%%%%%%", fd, temp, sys::fs::OF_None, 0666))
    return reason(ec.message());
  sys::Process::SafelyCloseFileDescriptor(fd);
  sys::RemoveFileOnSignal(temp);
  return StagedFile(target.str(), temp.str().str());
}

tq::StagedFile::StagedFile(StagedFile &&other)
    : target(std::move(other.target)), temp(std::move(other.temp)) {
  other.temp.clear();
}

tq::StagedFile::~StagedFile() {
  if (temp.empty())
    return;
  sys::fs::remove(temp);
  sys::DontRemoveFileOnSignal(temp);
}

Error tq::StagedFile::write(StringRef bytes) const {
  std::error_code ec;
  raw_fd_ostream os(path(), ec, sys::fs::OF_None);
  if (ec)
    return reason(ec.message());
  os << bytes;
  os.close();
  ec = os.error();
  // A stream destroyed with an error pending aborts the program.
  os.clear_error();
  return ec ? reason(ec.message()) : Error::success();
}

Error tq::StagedFile::commit() {
  if (temp.empty())
    return Error::success();
  if (std::error_code ec = sys::fs::rename(temp, target))
    return reason(ec.message());
  sys::DontRemoveFileOnSignal(temp);
  temp.clear();
  return Error::success();
}

Error tq::writeFileAtomically(StringRef path, StringRef bytes) {
  Error e = [&]() -> Error {
    Expected<StagedFile> file = StagedFile::create(path);
    if (!file)
      return file.takeError();
    if (Error e = file->write(bytes))
      return e;
    return file->commit();
  }();
  if (!e)
    return Error::success();
  return reason("cannot write '" + path + "': " + toString(std::move(e)));
}
