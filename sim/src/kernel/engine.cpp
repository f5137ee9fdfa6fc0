#include "kernel/engine.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "icsflow/sim/error.hpp"
#include "kernel/tsan_annotations.hpp"

namespace icsflow::sim::kernel {

Engine::Engine(const SimulationConfig& config) : lookahead_(config.lookahead) {
  if (config.process_count == 0) throw InvalidArgument("a simulation needs at least one process");
  if (config.lookahead < 1) {
    throw InvalidArgument("lookahead must be at least 1 tick, got " + std::to_string(config.lookahead));
  }
  processes_.reserve(config.process_count);
  for (ProcessId id = 0; id < config.process_count; ++id) {
    processes_.push_back(std::make_unique<LogicalProcess>(id, config.lookahead, config.queue, config.process_count));
  }
}

Process& Engine::process(ProcessId id) {
  if (id >= processes_.size()) {
    throw InvalidArgument("unknown process " + std::to_string(id) + " (there are " + std::to_string(processes_.size()) +
                          ")");
  }
  return *processes_[id];
}

// How the processes are grouped for a run: one group when serial, otherwise a few per thread, so that
// TBB can even out uneven groups. Contiguous ranges. Nothing depends on the grouping but speed.
void Engine::form_groups(unsigned threads) {
  const std::size_t n = processes_.size();
  const std::size_t groups = threads == 1 ? 1 : std::min<std::size_t>(n, kGroupsPerThread * threads);
  group_begin_.resize(groups + 1);
  group_of_.resize(n);
  for (std::size_t g = 0; g <= groups; ++g) group_begin_[g] = g * n / groups;
  for (std::size_t g = 0; g < groups; ++g) {
    for (std::size_t i = group_begin_[g]; i < group_begin_[g + 1]; ++i) group_of_[i] = static_cast<std::uint32_t>(g);
  }
  for (auto& by_source : mail_) {
    by_source.resize(groups);
    for (MailBags& bags : by_source) bags.resize(groups);  // all empty between runs
  }
  for (auto& process : processes_) process->set_groups(group_of_.data());
}

void Engine::deliver_all() {
  // Each destination receives in the order of its sources' ids, each source's in the order sent: the
  // same as run_group gives, with any grouping.
  for (auto& source : processes_) {
    for (const Message& message : source->outbox()) processes_[message.to]->receive(message);
    source->outbox().clear();
  }
  for (auto& by_source : mail_) {
    for (MailBags& bags : by_source) {
      for (std::vector<Message>& bag : bags) {
        for (const Message& message : bag) processes_[message.to]->receive(message);
        bag.clear();
      }
    }
  }
  for (auto& process : processes_) process->mail_delivered();
}

// The body of a window's parallel_for: TBB copies it into its tasks, so reading its members is a
// hand-over ThreadSanitizer cannot see (see tsan_annotations.hpp). It is kept this small, and named, so
// that tests/tsan.supp can exempt exactly this frame; the work happens in run_group.
struct Engine::GroupTask {
  Engine* engine;
  Time window_end;
  unsigned parity;
  char* window_opens;
  char* window_closes;
  void operator()(const tbb::blocked_range<std::size_t>& groups) const {
    for (std::size_t g = groups.begin(); g != groups.end(); ++g) {
      engine->run_group(g, window_end, parity, window_opens, window_closes);
    }
  }
};

void Engine::run_group(std::size_t group, Time window_end, unsigned parity, char* window_opens, char* window_closes) {
  happens_after(window_opens);
  struct Closing {  // also when a handler throws: TBB rethrows the exception on the calling thread
    char* sync;
    ~Closing() { happens_before(sync); }
  } closing{window_closes};

  // Take in the mail sent to this group in the previous window (filed under the other parity). A
  // group runs its processes in id order, so going through the source groups in order hands each
  // process its messages ordered by source id, then as sent: the same whatever the thread count or
  // grouping. (The event order would not depend on it, the key decides; but slot numbers, hence
  // EventIds, do not either.) One bag per source group, not per process: every bag read here may have
  // been written on another core, and each such read is a slow transfer between caches.
  for (MailBags& from_group : mail_[parity ^ 1U]) {
    std::vector<Message>& bag = from_group[group];
    for (const Message& message : bag) processes_[message.to]->accept(message);
    bag.clear();
  }
  for (std::size_t i = group_begin_[group]; i != group_begin_[group + 1]; ++i) {
    LogicalProcess& process = *processes_[i];
    process.open_window(&mail_[parity][group]);
    process.run_until(window_end);
    // The earliest time anything happens next because of this process: its own next event or the
    // arrival of a message it sent.
    next_times_[i] = std::min(process.next_event_time(), process.earliest_sent());
  }
}

void Engine::run_windows(Time end, const RunOptions& options, unsigned threads) {
  const std::size_t n = processes_.size();
  deliver_all();  // messages sent before the run
  form_groups(threads);
  next_times_.resize(n);
  for (std::size_t i = 0; i < n; ++i) next_times_[i] = processes_[i]->next_event_time();
  Time start = *std::min_element(next_times_.begin(), next_times_.end());
  unsigned parity = 0;
  const std::size_t groups = group_begin_.size() - 1;
  // Remembers which thread ran which group and hands it the same again: a group's data stays in that
  // core's cache instead of moving between cores every window.
  tbb::affinity_partitioner same_threads;
  try {
    while (start < end) {
      const Time window_end = start >= end - lookahead_ ? end : start + lookahead_;
      if (groups == 1) {
        run_group(0, window_end, parity, nullptr, nullptr);
      } else {
        // Two addresses, so that the tasks of one window stay unordered with each other.
        char window_opens = 0;
        char window_closes = 0;
        happens_before(&window_opens);
        struct Closed {  // also when the parallel_for throws
          char* sync;
          ~Closed() { happens_after(sync); }
        } closed{&window_closes};
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, groups, 1),
                          GroupTask{this, window_end, parity, &window_opens, &window_closes}, same_threads);
      }
      parity ^= 1U;
      start = *std::min_element(next_times_.begin(), next_times_.end());
      ++windows_;
      if (options.on_progress) options.on_progress(window_end);
    }
  } catch (...) {
    // Keep the processes from filing messages into mail bags that no window will collect.
    for (auto& process : processes_) process->close_mail();
    throw;
  }
  deliver_all();  // messages sent in the last window wait in their inboxes until the next run
}

void Engine::run_until(Time end, const RunOptions& options) {
  if (end < now_) {
    throw InvalidDelay("run_until(" + std::to_string(end) + ") is before the current time " + std::to_string(now_));
  }
  const unsigned threads = std::max(1U, options.threads);
  if (threads == 1) {
    run_windows(end, options, 1);
  } else {
    // TBB caps its thread pool at the number of cores; asking for more (useful only to test other
    // interleavings) needs the cap raised for the duration of the run.
    std::optional<tbb::global_control> allow_more_threads;
    if (threads > static_cast<unsigned>(tbb::info::default_concurrency())) {
      allow_more_threads.emplace(tbb::global_control::max_allowed_parallelism, threads);
    }
    tbb::task_arena arena(static_cast<int>(threads));
    arena.execute([&] { run_windows(end, options, threads); });
  }
  for (auto& process : processes_) process->set_clock(end);
  now_ = end;
}

SimulationStats Engine::stats() const {
  SimulationStats stats;
  stats.windows = windows_;
  for (const auto& process : processes_) {
    stats.events_executed += process->events_executed();
    stats.messages_sent += process->messages_sent();
  }
  return stats;
}

std::size_t Engine::pending_events() const {
  std::size_t pending = 0;
  for (const auto& process : processes_) pending += process->pending_events();
  return pending;
}

}  // namespace icsflow::sim::kernel
