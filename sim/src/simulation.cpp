#include "icsflow/sim/simulation.hpp"

#include <algorithm>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "icsflow/sim/error.hpp"

namespace icsflow::sim {

Simulation::Simulation(const SimulationConfig& config) : lookahead_(config.lookahead) {
  if (config.process_count == 0) throw InvalidArgument("a simulation needs at least one process");
  if (config.lookahead < 1) {
    throw InvalidArgument("lookahead must be at least 1 tick, got " + std::to_string(config.lookahead));
  }
  processes_.reserve(config.process_count);
  for (ProcessId id = 0; id < config.process_count; ++id) {
    processes_.push_back(std::make_unique<Process>(id, config.lookahead, config.queue));
    processes_.back()->process_count_ = config.process_count;
  }
}

Process& Simulation::process(ProcessId id) {
  if (id >= processes_.size()) {
    throw InvalidArgument("unknown process " + std::to_string(id) + " (there are " +
                          std::to_string(processes_.size()) + ")");
  }
  return *processes_[id];
}

void Simulation::exchange_messages() {
  // Serial and in process order; the order does not matter for the result (the event key decides),
  // but a fixed order keeps the run easy to reason about.
  for (auto& process : processes_) {
    for (const Process::Message& message : process->outbox_) processes_[message.to]->inbox_.push_back(message);
    process->outbox_.clear();
  }
}

Time Simulation::next_event_time() const {
  Time next = kTimeMax;
  for (const auto& process : processes_) next = std::min(next, process->next_event_time());
  return next;
}

void Simulation::run_windows(Time end, const RunOptions& options, unsigned threads) {
  const std::size_t n = processes_.size();
  exchange_messages();  // messages sent before the run (set-up) or at the end of the last one
  for (;;) {
    const Time start = next_event_time();
    if (start >= end) break;
    const Time window_end = start >= end - lookahead_ ? end : start + lookahead_;
    if (threads == 1 || n == 1) {
      for (auto& process : processes_) process->run_until(window_end);
    } else {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) processes_[i]->run_until(window_end);
      });
    }
    exchange_messages();
    ++windows_;
    if (options.on_progress) options.on_progress(window_end);
  }
}

void Simulation::run_until(Time end, const RunOptions& options) {
  if (end < now_) {
    throw InvalidDelay("run_until(" + std::to_string(end) + ") is before the current time " + std::to_string(now_));
  }
  const unsigned threads = std::max(1U, options.threads);
  if (threads == 1) {
    run_windows(end, options, 1);
  } else {
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] { run_windows(end, options, threads); });
  }
  for (auto& process : processes_) process->now_ = end;
  now_ = end;
}

SimulationStats Simulation::stats() const {
  SimulationStats stats;
  stats.windows = windows_;
  for (const auto& process : processes_) {
    stats.events_executed += process->events_executed();
    stats.messages_sent += process->messages_sent();
  }
  return stats;
}

std::size_t Simulation::pending_events() const {
  std::size_t pending = 0;
  for (const auto& process : processes_) pending += process->pending_events();
  return pending;
}

}  // namespace icsflow::sim
