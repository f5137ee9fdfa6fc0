#pragma once
// The journal of completed sweep points: one file per process next to the output, appended and fsync'd
// as each point finishes, so an interrupted sweep loses at most its points in flight.
#include <cstdint>
#include <filesystem>
#include <vector>

#include "icsflow/runner/sweep_record.hpp"

namespace icsflow::runner {

// The journal of process `rank` for an output file, and every journal next to it.
std::filesystem::path journal_path(const std::filesystem::path& output, int rank);
std::vector<std::filesystem::path> journals_of(const std::filesystem::path& output);

// Appends completed points; safe to call from one thread at a time.
class Journal {
 public:
  Journal(std::filesystem::path path, std::uint64_t fingerprint);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  void append(const PointResult& result);

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

// The points a journal holds. Throws std::runtime_error when it belongs to another sweep; a line whose
// checksum fails (edited, damaged) is left out, so that its point is run again, and counted in `rejected`.
std::vector<PointResult> read_journal(const std::filesystem::path& path, std::uint64_t fingerprint,
                                      std::size_t* rejected = nullptr);

}  // namespace icsflow::runner
