#pragma once
// Where a command writes, made safe before any work is done and for as long as the command runs:
//  - check_output: the output is a regular file or a new path in a writable folder, and not one of the
//    command's inputs (compared after following symlinks); never a directory, device, FIFO or socket.
//  - OutputLock: an exclusive lock on the output for the whole run, so that two commands never write the
//    same file (a second one is refused, naming the holder, or waits).
//  - temporaries: the files being written before they are renamed into place, removed when the process
//    is interrupted (SIGINT, SIGTERM, SIGHUP) as they are on every error.
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace icsflow::results {

// An output that must not be written: bad input (exit 2), nothing has been written.
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void check_output(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs = {});

class OutputLock {
 public:
  // Locks "<output>.lock", created next to the output and removed when the lock is released (one left by
  // a killed process is not locked, and is taken over). Without `wait`, OutputRefused when another
  // process holds it.
  explicit OutputLock(const std::filesystem::path& output, bool wait = false);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  [[nodiscard]] static std::filesystem::path lock_path(const std::filesystem::path& output);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// Files to remove if the process is interrupted before it renames or removes them itself.
void register_temporary(const std::filesystem::path& path);
void forget_temporary(const std::filesystem::path& path);
// Installs the handlers once (SIGINT, SIGTERM, SIGHUP): remove the registered files, then die of the
// signal as before (exit status 128 + signal).
void remove_temporaries_on_signals();

}  // namespace icsflow::results
