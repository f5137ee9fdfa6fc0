#include "icsflow/results/output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <string>

namespace icsflow::results {

namespace fs = std::filesystem;

void check_output(const fs::path& output, const std::vector<fs::path>& inputs) {
  if (output.empty()) throw OutputRefused("no output path given");
  std::error_code error;
  const fs::file_status status = fs::status(output, error);
  if (fs::exists(status)) {
    if (fs::is_directory(status)) throw OutputRefused("output path '" + output.string() + "' is a directory");
    if (!fs::is_regular_file(status)) {
      throw OutputRefused("output path '" + output.string() +
                          "' is not a regular file (a device, FIFO or socket): choose a file name");
    }
    for (const fs::path& input : inputs) {
      if (fs::equivalent(output, input, error)) {
        throw OutputRefused("output path '" + output.string() + "' is the input '" + input.string() +
                            "': it would be overwritten; choose another -o");
      }
    }
  }
  const fs::path folder = output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, error)) {
    throw OutputRefused("cannot write '" + output.string() + "': folder '" + folder.string() + "' does not exist");
  }
  if (::access(folder.c_str(), W_OK) != 0) {
    throw OutputRefused("cannot write '" + output.string() + "': folder '" + folder.string() + "' is not writable");
  }
}

fs::path OutputLock::lock_path(const fs::path& output) { return fs::path(output.string() + ".lock"); }

OutputLock::OutputLock(const fs::path& output, bool wait) {
  const fs::path path = lock_path(output);
  for (;;) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw OutputRefused("cannot create the lock '" + path.string() + "': " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
      const int why = errno;
      char holder[32] = {};
      const ssize_t got = ::pread(fd_, holder, sizeof holder - 1, 0);
      ::close(fd_);
      fd_ = -1;
      if (why == EWOULDBLOCK) {
        const std::string pid = got > 0 ? std::string(holder, static_cast<std::size_t>(got)) : "unknown";
        throw OutputRefused("'" + output.string() + "' is being written by another icsflow (process " +
                            pid.substr(0, pid.find('\n')) +
                            "); wait for it to finish (or add --wait), or choose another -o");
      }
      throw OutputRefused("cannot lock '" + path.string() + "': " + std::strerror(why));
    }
    // The lock file may have been replaced while this process waited: hold it only if it is still the
    // file at `path`.
    struct stat held {};
    struct stat named {};
    if (::fstat(fd_, &held) == 0 && ::stat(path.c_str(), &named) == 0 && held.st_ino == named.st_ino &&
        held.st_dev == named.st_dev) {
      break;
    }
    ::close(fd_);
    fd_ = -1;
  }
  path_ = path;
  register_temporary(path_);
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  // Removed while still locked; a process waiting on this file then finds it gone and locks a new one.
  ::unlink(path_.c_str());
  forget_temporary(path_);
  ::close(fd_);
}

namespace {

// A fixed table, so that the signal handler reads it without allocating or locking.
constexpr std::size_t kSlots = 16;
constexpr std::size_t kPathBytes = 4096;
std::array<std::array<char, kPathBytes>, kSlots> g_paths{};
std::array<std::atomic<bool>, kSlots> g_claimed{};  // a thread is filling or holds the slot
std::array<std::atomic<bool>, kSlots> g_used{};     // the slot's path is complete: the handler may read it

extern "C" void remove_and_die(int signal) {
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (g_used[i].load()) ::unlink(g_paths[i].data());
  }
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

}  // namespace

void register_temporary(const fs::path& path) {
  const std::string text = path.string();
  if (text.size() >= kPathBytes) return;
  for (std::size_t i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (!g_claimed[i].compare_exchange_strong(expected, true)) continue;
    std::memcpy(g_paths[i].data(), text.c_str(), text.size() + 1);
    g_used[i].store(true);
    return;
  }
}

void forget_temporary(const fs::path& path) {
  const std::string text = path.string();
  for (std::size_t i = 0; i < kSlots; ++i) {
    if (g_used[i].load() && text == g_paths[i].data()) {
      g_used[i].store(false);
      g_claimed[i].store(false);
      return;
    }
  }
}

void remove_temporaries_on_signals() {
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, remove_and_die);
}

}  // namespace icsflow::results
