#include "icsflow/runner/sweep_job.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/runner/journal.hpp"
#include "icsflow/runner/sweep_store.hpp"
#include "icsflow/runner/work.hpp"

namespace icsflow::runner {

namespace fs = std::filesystem;

SweepJob plan_sweep(sweeps::Sweep sweep, fs::path output, unsigned threads, Shard shard) {
  SweepJob job;
  job.sweep = std::move(sweep);
  job.design = sweeps::design_points(job.sweep);
  for (std::size_t i = 0; i < job.design.size(); ++i) sweeps::point_scenario(job.sweep, job.design[i].values, i);
  job.record = new_record(job.sweep, job.design);
  job.output = std::move(output);
  job.threads = std::max(1U, threads);
  job.shard = shard;
  return job;
}

void resume(SweepJob& job, bool fresh) {
  std::error_code error;
  if (fresh) {
    for (const fs::path& journal : journals_of(job.output)) fs::remove(journal, error);
  } else {
    if (fs::exists(job.output, error)) {
      SweepRecord earlier;
      try {
        earlier = read_sweep_file(job.output);
      } catch (const results::ResultsError& problem) {
        throw InputError(std::string(problem.what()) + "; choose another -o, or add --fresh to replace it");
      }
      if (earlier.fingerprint != job.record.fingerprint) {
        throw InputError(job.output.string() + " holds the results of a different sweep (or the sweep file or its " +
                         "base scenario changed); choose another -o, or add --fresh to replace them");
      }
      job.record.done = earlier.done;
    }
    for (const fs::path& journal : journals_of(job.output)) {
      try {
        std::size_t rejected = 0;
        add_results(job.record, read_journal(journal, job.record.fingerprint, &rejected), journal.string());
        if (rejected > 0) {
          job.warnings.push_back(journal.string() + ": " + std::to_string(rejected) +
                                 " line(s) failed their checksum; their points are run again");
        }
      } catch (const std::runtime_error& problem) {
        throw InputError(problem.what());
      }
    }
  }
  job.pending.clear();
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(job.design.size()); ++i) {
    if (i % job.shard.count == job.shard.index - 1 && job.record.done.count(i) == 0) job.pending.push_back(i);
  }
}

void run_sweep(SweepJob& job, MpiWorld& world, const ProgressFn& progress) {
  Journal journal(journal_path(job.output, world.rank()), job.record.fingerprint);
  if (world.rank() != 0) {
    std::int64_t unreported = 0;
    run_points(
        job.sweep, job.design, job.threads,
        [&] {
          const std::optional<std::int64_t> point = world.request(unreported);
          unreported = 0;
          return point;
        },
        [&](const PointResult& result) {
          journal.append(result);
          ++unreported;
        });
    return;
  }
  std::mutex mutex;  // the queue, shared by this rank's workers and the server
  std::size_t handed_out = 0;
  std::size_t completed = 0;
  const auto next = [&]() -> std::optional<std::int64_t> {
    std::lock_guard lock(mutex);
    if (handed_out == job.pending.size()) return std::nullopt;
    return job.pending[handed_out++];
  };
  const auto count_done = [&](std::int64_t points) {
    std::lock_guard lock(mutex);
    for (std::int64_t i = 0; i < points; ++i) {
      if (progress) progress(completed, 1.0);
      ++completed;
    }
  };
  const auto local = [&] {
    run_points(job.sweep, job.design, job.threads, next, [&](const PointResult& result) {
      journal.append(result);
      count_done(1);
    });
  };
  if (world.size() == 1) {
    local();
    return;
  }
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::thread workers([&] {
    try {
      local();
    } catch (...) {
      failure = std::current_exception();
      stop.store(true);
    }
  });
  world.serve(next, count_done, stop);
  workers.join();
  if (failure) std::rethrow_exception(failure);
}

Sensitivity finish_sweep(SweepJob& job, const std::string& command_line) {
  const std::vector<fs::path> journals = journals_of(job.output);
  for (const fs::path& journal : journals) {
    add_results(job.record, read_journal(journal, job.record.fingerprint), journal.string());
  }
  Sensitivity sensitivity = sweep_sensitivity(job.record);
  write_sweep_file(job.output, job.record, sensitivity_table(sensitivity), command_line);
  std::error_code error;
  for (const fs::path& journal : journals) fs::remove(journal, error);
  return sensitivity;
}

}  // namespace icsflow::runner
