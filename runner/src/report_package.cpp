#include "icsflow/runner/report_package.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "icsflow/runner/settings.hpp"

namespace icsflow::runner {

std::filesystem::path shipped_folder(const std::string& installed, const std::string& marker,
                                     const std::string& source) {
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path folder = program.parent_path().parent_path() / "share/icsflow" / installed;
    if (std::filesystem::exists(folder / marker, error)) return folder;
  }
  return std::filesystem::path(ICSFLOW_SOURCE_DIR) / source;
}

std::string report_package() {
  if (const char* overridden = std::getenv("ICSFLOW_REPORT_SCRIPT")) return overridden;
  const std::filesystem::path package = shipped_folder("icsflow_report", "__main__.py", "analysis/icsflow_report");
  std::error_code error;
  if (!std::filesystem::exists(package, error))
    throw InputError("report package not found: " + package.string() + " (set ICSFLOW_REPORT_SCRIPT to its folder)");
  return package.string();
}

int run_report_package(const std::vector<std::string>& arguments, std::string* errors) {
  std::vector<std::string> all{"/usr/bin/python3", report_package()};
  all.insert(all.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::array<int, 2> pipe_ends{-1, -1};
  if (errors != nullptr && ::pipe2(pipe_ends.data(), O_CLOEXEC) != 0)
    throw std::runtime_error("could not start /usr/bin/python3 (no pipe)");
  const pid_t child = ::fork();
  if (child == 0) {
    if (errors != nullptr) ::dup2(pipe_ends[1], STDERR_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (errors != nullptr) {
    ::close(pipe_ends[1]);
    constexpr std::size_t kKept = 64U << 10U;
    std::array<char, 4096> buffer{};
    for (;;) {
      const ssize_t n = ::read(pipe_ends[0], buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (errors->size() < kKept) errors->append(buffer.data(), static_cast<std::size_t>(n));
    }
    ::close(pipe_ends[0]);
  }
  int status = 0;
  if (child < 0) throw std::runtime_error("could not start /usr/bin/python3");
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("lost /usr/bin/python3");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    throw std::runtime_error("could not run /usr/bin/python3 (python3-matplotlib, python3-h5py)");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace icsflow::runner
