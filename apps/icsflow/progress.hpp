#pragma once
// Progress on stderr: a bar on a terminal; otherwise (a batch job's log) a line every 30 s, so short
// runs stay quiet. Safe to update from several threads.
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

 private:
  void draw(bool final_line);
  void log_line();

  std::string label_;
  bool terminal_;
  bool logged_ = false;
  std::vector<std::atomic<double>> done_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool finished_ = false;
};

}  // namespace icsflow::app
