// icsflow sweep SWEEP.toml -o OUT.h5 [--threads N] [--shard k/N] [--fresh] [--dry-run]
// Under mpirun the same command spreads the points over the ranks.
#include <iostream>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "console.hpp"
#include "icsflow/models/baseline_data.hpp"
#include "icsflow/runner/sweep_job.hpp"
#include "icsflow/sweeps/sweep.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace icsflow::app {
namespace {

namespace po = boost::program_options;
using runner::MpiWorld;
using runner::Shard;
using runner::SweepJob;

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

// The job, and how the command was asked to run it.
struct Plan {
  SweepJob job;
  std::unique_ptr<results::OutputLock> lock;  // rank 0
  bool dry_run = false;
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
  add_output_options(visible, "the results file (HDF5)");
  add_quiet_option(visible);
  sweeps::RunOverrides overrides;
  int replications = 0;
  double scale = 0, years = 0;
  std::uint64_t seed = 0;
  visible.add_options()("replications", po::value<int>(&replications),
                        "replications per point (instead of the file's)")(
      "scale", po::value<double>(&scale), "fraction of the population simulated (instead of the file's)")(
      "years", po::value<double>(&years), "simulated years after the warm-up (instead of the file's)")(
      "seed", po::value<std::uint64_t>(&seed), "master seed (instead of the file's master_seed)");
  visible.add_options()("threads", po::value<unsigned>(&threads)->default_value(0),
                        "points run at once in this process (0 = all cores; under mpirun 1 per rank)")(
      "shard", po::value<std::string>(&shard), "k/N: run only the points i with i mod N = k - 1")(
      "fresh", po::bool_switch(&fresh), "discard the results OUT.h5 and its journals hold, instead of resuming")(
      "dry-run", po::bool_switch(&plan.dry_run), "check the sweep and show its size, without running it");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 1, options)) return false;
  const std::vector<std::string> files = scenario_files(options);
  if (files.size() != 1) throw UsageError("give one sweep file (see icsflow sweep --help)");
  std::filesystem::path output;
  if (!plan.dry_run) output = require_output(options, files);
  Shard slice;
  if (!shard.empty()) slice = parse_shard(shard);
  if (!shard.empty() && world.size() > 1)
    throw UsageError("--shard is for separate jobs (Slurm arrays), not under mpirun");
  try {
    threads = threads == 0 && world.size() > 1 ? 1U : runner::checked_threads(threads);
  } catch (const runner::InputError& error) {
    throw UsageError(std::string("--") + error.what());
  }

  if (options.count("replications")) overrides.replications = replications;
  if (options.count("scale")) overrides.scale = scale;
  if (options.count("years")) overrides.years = years;
  if (options.count("seed")) overrides.master_seed = seed;
  sweeps::Sweep sweep = sweeps::load_sweep(files[0], models::load_embedded_baseline());
  sweeps::apply_overrides(sweep, overrides);
  plan.job = runner::plan_sweep(std::move(sweep), output, threads, slice);
  if (world.rank() == 0 && !plan.dry_run) {
    plan.lock = lock_output(options, output);  // held until the file is written: one sweep per output
    runner::resume(plan.job, fresh);
  }
  return true;
}

void print_plan(const Plan& plan, const MpiWorld& world) {
  const SweepJob& job = plan.job;
  const sweeps::Sweep& sweep = job.sweep;
  for (const std::string& warning : sweep.warnings) std::cerr << "icsflow sweep: warning: " << warning << "\n";
  for (const std::string& warning : job.warnings) std::cerr << "icsflow sweep: warning: " << warning << "\n";
  std::cout << "Sweep '" << sweep.name << "' on scenario '" << sweep.base.name << "': " << job.design.size()
            << " points (" << sweeps::to_string(sweep.design) << ", " << sweep.parameters.size() << " parameters) x "
            << sweep.replications << " replication(s), scale " << sweep.scale << ", " << sweep.years
            << " year(s), master seed " << sweep.master_seed << "\n";
  if (plan.dry_run) return;
  if (job.shard.count > 1) std::cout << "Shard " << job.shard.index << "/" << job.shard.count << ". ";
  std::cout << job.record.done.size() << " point(s) already complete; running " << job.pending.size() << " on "
            << job.threads << " thread(s)" << (world.size() > 1 ? " x " + std::to_string(world.size()) + " ranks" : "")
            << std::endl;  // before the progress lines on stderr, in a batch job's log
}

void finish(Plan& plan, const Invocation& invocation) {
  const SweepJob& job = plan.job;
  print_sensitivity(std::cout, runner::finish_sweep(plan.job, invocation.command_line));
  std::cout << "\n"
            << job.record.done.size() << " of " << job.design.size() << " points complete. Results written to "
            << job.output.string()
            << (runner::complete(job.record) || job.shard.count == 1 ? "" : " (join the shards with icsflow merge)")
            << "\n";
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
  } catch (const runner::InputError& error) {
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
    if (world.rank() == 0) {
      Progress progress("sweep " + plan.job.sweep.name, plan.job.pending.size());
      runner::run_sweep(plan.job, world, progress.callback());
      progress.finish();
    } else {
      runner::run_sweep(plan.job, world);
    }
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
