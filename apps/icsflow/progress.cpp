#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace icsflow::app {

Progress::Progress(std::string label, std::size_t tasks)
    : label_(std::move(label)),
      terminal_(::isatty(STDERR_FILENO) != 0),
      done_(std::max<std::size_t>(tasks, 1)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  for (auto& d : done_) d.store(0.0);
}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t task, double fraction) {
  done_[task].store(std::clamp(fraction, 0.0, 1.0));
  const auto now = std::chrono::steady_clock::now();
  if (quiet()) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  if (terminal_) {  // a bar redrawn 10 times a second
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    draw(false);
    return;
  }
  // A log file (a batch job): a line each time another 5% is done, and at least every minute, after the
  // first two seconds (so that short runs stay quiet).
  const double all_done = done_fraction();
  if (now - start_ < std::chrono::seconds(2) || all_done > 0.995) return;  // finish() says 100%
  if (all_done - logged_fraction_ < 0.05 && now - last_draw_ < std::chrono::seconds(60)) return;
  last_draw_ = now;
  logged_fraction_ = all_done;
  log_line();
}

std::atomic<bool>& Progress::quiet_flag() {
  static std::atomic<bool> quiet{false};
  return quiet;
}

double Progress::done_fraction() const {
  double total = 0;
  for (const auto& d : done_) total += d.load();
  return total / static_cast<double>(done_.size());
}

void Progress::log_line() {
  const double fraction = done_fraction();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (fraction > 0.02 && fraction < 1) {
    std::fprintf(stderr, "%s: %.0f%% done, %.0f s elapsed, about %.0f s left\n", label_.c_str(), fraction * 100,
                 elapsed, elapsed * (1 - fraction) / fraction);
  } else {
    std::fprintf(stderr, "%s: %.0f%% done, %.0f s elapsed\n", label_.c_str(), fraction * 100, elapsed);
  }
  std::fflush(stderr);
  logged_ = true;
}

void Progress::draw(bool final_line) {
  const double fraction = done_fraction();
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  if (fraction > 0.02 && !final_line) {
    const double remaining = elapsed * (1 - fraction) / fraction;
    std::fprintf(stderr, "\r%s [%s] %3.0f%%  %.0fs elapsed, ~%.0fs left  ", label_.c_str(), bar.c_str(), fraction * 100,
                 elapsed, remaining);
  } else {
    std::fprintf(stderr, "\r%s [%s] %3.0f%%  %.1fs elapsed            ", label_.c_str(), bar.c_str(), fraction * 100,
                 elapsed);
  }
  if (final_line) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_) return;
  finished_ = true;
  std::lock_guard lock(mutex_);
  for (auto& d : done_) d.store(1.0);
  if (quiet()) return;
  if (terminal_) draw(true);
  if (!terminal_ && logged_) log_line();  // a log that had lines gets the last one
}

}  // namespace icsflow::app
