#pragma once
// A progress bar on a terminal (stderr), silent otherwise. Safe to update from several threads.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace icsflow::app {

class Progress {
 public:
  Progress(std::string label, std::size_t tasks);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t task, double fraction);  // fraction of one task done, 0..1
  void finish();

 private:
  void draw(bool final_line);

  std::string label_;
  bool enabled_;
  std::vector<std::atomic<double>> done_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool finished_ = false;
};

}  // namespace icsflow::app
