// The journal: completed points appended as they finish, one line each, fsync'd; hexadecimal floating
// point, so numbers come back exactly; a line ends in " end", so a line torn by a kill is recognised and
// skipped.
#include "icsflow/runner/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "icsflow/models/metrics.hpp"

namespace icsflow::runner {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJournalHeader = "icsflow-sweep-journal 2";

// FNV-1a of a line's fields: a line edited or damaged on disk fails it and is run again, not trusted.
std::string checksum(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : text) hash = (hash ^ c) * 0x100000001b3ULL;
  return fingerprint_text(hash);
}

}  // namespace

fs::path journal_path(const fs::path& output, int rank) {
  return output.parent_path() / (output.filename().string() + ".rank" + std::to_string(rank) + ".journal");
}

std::vector<fs::path> journals_of(const fs::path& output) {
  std::vector<fs::path> journals;
  const std::string prefix = output.filename().string() + ".rank";
  const fs::path folder = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > 8 && name.substr(name.size() - 8) == ".journal") {
      journals.push_back(output.parent_path() / name);
    }
  }
  std::sort(journals.begin(), journals.end());
  return journals;
}

Journal::Journal(fs::path path, std::uint64_t fingerprint) : path_(std::move(path)) {
  // What the file ends with: nothing (new), a newline, or the torn end of a line an interrupted run was
  // writing, which is closed with a newline so that the next line starts clean (the reader skips it).
  char last = '\n';
  bool fresh = true;
  if (std::ifstream in{path_, std::ios::binary | std::ios::ate}; in && in.tellg() > 0) {
    fresh = false;
    in.seekg(-1, std::ios::end);
    in.get(last);
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path_.string() + ": cannot open the sweep journal: " + std::strerror(errno));
  std::string start;
  if (fresh) {
    start = std::string(kJournalHeader) + " fingerprint " + fingerprint_text(fingerprint) + " outputs " +
            std::to_string(models::sweep_outputs().size()) + "\n";
  } else if (last != '\n') {
    start = "\n";
  }
  if (!start.empty() && ::write(fd_, start.data(), start.size()) != static_cast<ssize_t>(start.size())) {
    ::close(fd_);
    throw std::runtime_error(path_.string() + ": cannot write the sweep journal");
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const PointResult& result) {
  // Hexadecimal floating point: exact. The line ends in " sum <checksum> end" so that a torn last line is
  // recognised and an altered one detected.
  std::string line = "point " + std::to_string(result.point) + " " + std::to_string(result.seeds.size());
  char number[64];
  for (std::size_t r = 0; r < result.seeds.size(); ++r) {
    line += " | " + std::to_string(result.seeds[r]);
    std::snprintf(number, sizeof number, " %a", result.wall_seconds[r]);
    line += number;
    for (const double value : result.outputs[r]) {
      std::snprintf(number, sizeof number, " %a", value);
      line += number;
    }
  }
  line += " sum " + checksum(line) + " end\n";
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0) {
    throw std::runtime_error(path_.string() + ": cannot write the sweep journal: " + std::strerror(errno));
  }
}

std::vector<PointResult> read_journal(const fs::path& path, std::uint64_t fingerprint, std::size_t* rejected) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return {};  // created but nothing written yet
  const std::string expected = std::string(kJournalHeader) + " fingerprint " + fingerprint_text(fingerprint) +
                               " outputs " + std::to_string(models::sweep_outputs().size());
  if (line != expected) {
    throw std::runtime_error(path.string() + " is the journal of a different sweep (or icsflow version); " +
                             "use --fresh to discard it");
  }
  const std::size_t outputs = models::sweep_outputs().size();
  std::vector<PointResult> results;
  while (std::getline(in, line)) {
    if (in.eof() || line.size() < 4 || line.substr(line.size() - 4) != " end") continue;  // torn by a kill
    const std::size_t sum = line.rfind(" sum ");
    if (sum == std::string::npos || line.substr(sum + 5, line.size() - 4 - sum - 5) != checksum(line.substr(0, sum))) {
      if (rejected != nullptr) ++*rejected;
      continue;  // altered: its point is run again
    }
    std::istringstream fields(line.substr(0, sum));
    std::string word;
    PointResult result;
    std::size_t replications = 0;
    fields >> word >> result.point >> replications;
    for (std::size_t r = 0; r < replications && fields; ++r) {
      std::uint64_t seed = 0;
      fields >> word >> seed >> word;
      result.seeds.push_back(seed);
      result.wall_seconds.push_back(std::strtod(word.c_str(), nullptr));
      result.outputs.emplace_back();
      for (std::size_t o = 0; o < outputs && fields >> word; ++o)
        result.outputs.back().push_back(std::strtod(word.c_str(), nullptr));
    }
    if (!fields || result.seeds.size() != replications ||
        (replications > 0 && result.outputs.back().size() != outputs)) {
      throw std::runtime_error(path.string() + ": unreadable line: " + line.substr(0, 60));
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace icsflow::runner
