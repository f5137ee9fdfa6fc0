#pragma once
// `icsflow serve`: the scenario explorer, a local web application served by icsflow itself (cpp-httplib).
// The page and its JSON API (docs/serve.md): the schema of the levers with their evidence, validation of
// scenario text, saved scenarios, comparisons run as jobs one at a time with progress and cancel, and each
// job's results (the page's data, HDF5, CSV, Excel, the HTML report).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace icsflow::serve {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0: any free port
  std::filesystem::path folder;      // the server's own files (jobs, saved scenarios); must exist
  std::filesystem::path scenarios;   // the shipped scenarios
  unsigned threads = 0;              // for each comparison; 0 = every core
  std::size_t max_waiting_jobs = 8;  // more are refused (503) until some finish
};

// Limits on what a request may ask for (a page for meetings, not a cluster: use `icsflow compare` for more).
inline constexpr int kMaxReplications = 100;
inline constexpr std::size_t kMaxAlternatives = 8;
inline constexpr double kMaxYears = 10;
inline constexpr std::size_t kMaxBody = 256U << 10U;  // bytes of a request body

// Serves until `stop` returns true (checked a few times a second) or the port cannot be bound (false).
// `listening` is told the address once the port is bound (with the port chosen when it was 0).
bool serve(const ServeOptions& options, const std::function<void(const std::string& url)>& listening,
           const std::function<bool()>& stop);

}  // namespace icsflow::serve
