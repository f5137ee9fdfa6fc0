// icsflow sweep SWEEP.toml -o OUT.h5 [--threads N] [--shard k/N] [--fresh] [--dry-run]
// Under mpirun the same command spreads the points over the ranks.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/sweeps/sweep.hpp"
#include "mpi_world.hpp"
#include "options.hpp"
#include "progress.hpp"
#include "sweep_record.hpp"
#include "sweep_runner.hpp"
#include "sweep_sensitivity.hpp"

namespace icsflow::app {
namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;

struct Shard {
  int index = 1;  // 1..count
  int count = 1;
};

Shard parse_shard(const std::string& text) {
  Shard shard;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> shard.index >> slash >> shard.count) || slash != '/' || !in.eof() || shard.count < 1 || shard.index < 1 ||
      shard.index > shard.count) {
    throw UsageError("--shard '" + text + "': expected k/N with 1 <= k <= N (e.g. --shard ${SLURM_ARRAY_TASK_ID}/8)");
  }
  return shard;
}

// Everything decided before any point runs; on rank 0 also what earlier runs completed.
struct Plan {
  sweeps::Sweep sweep;
  std::vector<sweeps::DesignPoint> design;
  SweepRecord record;
  fs::path output;
  unsigned threads = 1;
  Shard shard;
  bool dry_run = false;
  std::vector<std::int64_t> pending;  // rank 0: the points to run now
};

// Returns false when --help was asked for.
bool prepare(const Invocation& invocation, const MpiWorld& world, Plan& plan) {
  po::options_description visible(
      "Usage: icsflow sweep SWEEP.toml -o OUT.h5 [options]\n\n"
      "Runs every point of a sweep (a base scenario, parameters with distributions, a design; see\n"
      "docs/sweeps.md) and writes the results and their sensitivity analysis to OUT.h5. Points run on\n"
      "threads; under mpirun they are spread over the ranks too; --shard runs one slice (a Slurm array\n"
      "task), joined afterwards by icsflow merge. Re-running the command skips the points OUT.h5 (or its\n"
      "journals, after an interruption) already holds. The numbers do not depend on how it was run.\n\n"
      "Examples:\n"
      "  icsflow sweep scenarios/sweeps/partnership_uncertainty.toml -o sweep.h5\n"
      "  mpirun -n 8 icsflow sweep SWEEP.toml -o sweep.h5\n"
      "  icsflow sweep SWEEP.toml --shard 3/8 -o part-3.h5   (then: icsflow merge part-*.h5 -o sweep.h5)\n\n"
      "Options");
  unsigned threads = 0;
  std::string shard;
  bool fresh = false;
  visible.add_options()("output,o", po::value<std::string>(), "the results file (HDF5)")(
      "threads", po::value<unsigned>(&threads)->default_value(0),
      "points run at once in this process (0 = all cores; under mpirun 1 per rank)")(
      "shard", po::value<std::string>(&shard), "k/N: run only the points i with i mod N = k - 1")(
      "fresh", po::bool_switch(&fresh), "discard the results OUT.h5 and its journals hold, instead of resuming")(
      "dry-run", po::bool_switch(&plan.dry_run), "check the sweep and show its size, without running it");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 1, options)) return false;
  const std::vector<std::string> files = scenario_files(options);
  if (files.size() != 1) throw UsageError("give one sweep file (see icsflow sweep --help)");
  if (!plan.dry_run) plan.output = require_output(options);
  if (!shard.empty()) plan.shard = parse_shard(shard);
  if (!shard.empty() && world.size() > 1)
    throw UsageError("--shard is for separate jobs (Slurm arrays), not under mpirun");
  plan.threads = threads > 0 ? threads : world.size() > 1 ? 1U : std::max(1U, std::thread::hardware_concurrency());

  plan.sweep = sweeps::load_sweep(files[0], models::load_embedded_baseline());
  plan.design = sweeps::design_points(plan.sweep);
  // Every point's scenario is checked before anything runs (a value can be fine alone and not with
  // the others, e.g. targeting without proactive care).
  for (std::size_t i = 0; i < plan.design.size(); ++i) sweeps::point_scenario(plan.sweep, plan.design[i].values, i);
  plan.record = new_record(plan.sweep, plan.design);
  if (world.rank() != 0 || plan.dry_run) return true;

  std::error_code error;
  if (fresh) {
    for (const fs::path& journal : journals_of(plan.output)) fs::remove(journal, error);
  } else {
    if (fs::exists(plan.output, error)) {
      SweepRecord earlier;
      try {
        earlier = read_sweep_file(plan.output);
      } catch (const results::ResultsError& problem) {
        throw UsageError(std::string(problem.what()) + "; choose another -o, or add --fresh to replace it");
      }
      if (earlier.fingerprint != plan.record.fingerprint) {
        throw UsageError(plan.output.string() +
                         " holds the results of a different sweep (or the sweep file or its base " +
                         "scenario changed); choose another -o, or add --fresh to replace them");
      }
      plan.record.done = earlier.done;
    }
    for (const fs::path& journal : journals_of(plan.output)) {
      try {
        add_results(plan.record, read_journal(journal, plan.record.fingerprint), journal.string());
      } catch (const std::runtime_error& problem) {
        throw UsageError(problem.what());
      }
    }
  }
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(plan.design.size()); ++i) {
    if (i % plan.shard.count == plan.shard.index - 1 && plan.record.done.count(i) == 0) plan.pending.push_back(i);
  }
  return true;
}

void print_plan(const Plan& plan, const MpiWorld& world) {
  const sweeps::Sweep& sweep = plan.sweep;
  for (const std::string& warning : sweep.warnings) std::cerr << "icsflow sweep: warning: " << warning << "\n";
  std::cout << "Sweep '" << sweep.name << "' on scenario '" << sweep.base.name << "': " << plan.design.size()
            << " points (" << sweeps::to_string(sweep.design) << ", " << sweep.parameters.size() << " parameters) x "
            << sweep.replications << " replication(s), scale " << sweep.scale << ", " << sweep.years
            << " year(s), master seed " << sweep.master_seed << "\n";
  if (plan.dry_run) return;
  if (plan.shard.count > 1) std::cout << "Shard " << plan.shard.index << "/" << plan.shard.count << ". ";
  std::cout << plan.record.done.size() << " point(s) already complete; running " << plan.pending.size() << " on "
            << plan.threads << " thread(s)" << (world.size() > 1 ? " x " + std::to_string(world.size()) + " ranks" : "")
            << std::endl;  // before the progress lines on stderr, in a batch job's log
}

// Runs the pending points here and, under MPI, on the other ranks; every completed point goes to this
// process's journal.
void run(Plan& plan, MpiWorld& world) {
  Journal journal(journal_path(plan.output, world.rank()), plan.record.fingerprint);
  if (world.rank() != 0) {
    std::int64_t unreported = 0;
    run_points(
        plan.sweep, plan.design, plan.threads,
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
  Progress progress("sweep " + plan.sweep.name, plan.pending.size());
  std::mutex mutex;  // the queue, shared by this rank's workers and the server
  std::size_t handed_out = 0;
  std::size_t completed = 0;
  const auto next = [&]() -> std::optional<std::int64_t> {
    std::lock_guard lock(mutex);
    if (handed_out == plan.pending.size()) return std::nullopt;
    return plan.pending[handed_out++];
  };
  const auto count_done = [&](std::int64_t points) {
    std::lock_guard lock(mutex);
    for (std::int64_t i = 0; i < points; ++i) progress.update(completed++, 1.0);
  };
  const auto local = [&] {
    run_points(plan.sweep, plan.design, plan.threads, next, [&](const PointResult& result) {
      journal.append(result);
      count_done(1);
    });
  };
  if (world.size() == 1) {
    local();
  } else {
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
  progress.finish();
}

// Rank 0: the journals (this run's and any earlier) and the earlier file, joined into OUT.h5.
void finish(Plan& plan, const Invocation& invocation) {
  const std::vector<fs::path> journals = journals_of(plan.output);
  for (const fs::path& journal : journals) {
    add_results(plan.record, read_journal(journal, plan.record.fingerprint), journal.string());
  }
  const Sensitivity sensitivity = sweep_sensitivity(plan.record);
  write_sweep_file(plan.output, plan.record, sensitivity_table(sensitivity), invocation.command_line);
  std::error_code error;
  for (const fs::path& journal : journals) fs::remove(journal, error);
  print_sensitivity(std::cout, sensitivity);
  std::cout << "\n"
            << plan.record.done.size() << " of " << plan.design.size() << " points complete. Results written to "
            << plan.output.string()
            << (complete(plan.record) || plan.shard.count == 1 ? "" : " (join the shards with icsflow merge)") << "\n";
}

}  // namespace

int sweep_command(const Invocation& invocation) {
  MpiWorld world;
  Plan plan;
  int status = 0;
  std::string problem;
  bool help = false;
  try {
    help = !prepare(invocation, world, plan);
  } catch (const UsageError& error) {
    status = 2, problem = error.what();
  } catch (const sweeps::SweepError& error) {
    status = 2, problem = error.what();
  } catch (const scenarios::ScenarioError& error) {
    status = 2, problem = error.what();
  } catch (const std::exception& error) {
    status = 1, problem = error.what();
  }
  // Every rank checks the same files; rank 0 speaks for them. If any rank cannot start, none does.
  status = world.agree(status);
  if (status != 0) {
    if (!problem.empty() && world.rank() == 0) std::cerr << "icsflow sweep: " << problem << "\n";
    return status;
  }
  if (help || (plan.dry_run && world.rank() != 0)) return 0;
  if (world.rank() == 0) print_plan(plan, world);
  if (plan.dry_run) return 0;
  try {
    run(plan, world);
    if (world.rank() != 0) {
      world.finished();
      return 0;
    }
    finish(plan, invocation);
  } catch (const std::exception& error) {
    std::cerr << "icsflow sweep" << (world.size() > 1 ? " (rank " + std::to_string(world.rank()) + ")" : "")
              << ": error: " << error.what() << "\n";
    if (world.size() > 1) world.abort(1);  // the others are waiting for this rank: stop them all
    return 1;
  }
  return 0;
}

}  // namespace icsflow::app
