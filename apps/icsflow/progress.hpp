#pragma once
// Progress on stderr: a bar on a terminal; otherwise (a batch job's log) a line with the elapsed and
// remaining time each time another 5% is done and at least every minute, after the first two seconds
// (short runs stay quiet); nothing at all with --quiet. Safe to update from several threads.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "icsflow/runner/settings.hpp"

namespace icsflow::app {

class Progress {
 public:
  Progress(std::string label, std::size_t tasks);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t task, double fraction);  // fraction of one task done, 0..1
  // update() as the runner's progress callback.
  [[nodiscard]] runner::ProgressFn callback() {
    return [this](std::size_t task, double fraction) { update(task, fraction); };
  }
  void finish();

  // --quiet: no progress from any Progress of this process.
  static void set_quiet(bool quiet) { quiet_flag().store(quiet); }
  [[nodiscard]] static bool quiet() { return quiet_flag().load(); }

 private:
  static std::atomic<bool>& quiet_flag();
  [[nodiscard]] double done_fraction() const;
  void draw(bool final_line);
  void log_line();

  std::string label_;
  bool terminal_;
  bool logged_ = false;
  double logged_fraction_ = 0;
  std::vector<std::atomic<double>> done_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool finished_ = false;
};

}  // namespace icsflow::app
