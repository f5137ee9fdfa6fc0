#pragma once
// A sweep as one job: what earlier runs completed (the output file and its journals), which points this
// process runs (its shard), running them on threads and, under mpirun, on every rank (rank 0 hands the
// points out), and the results file at the end. Which process runs a point never changes its numbers.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "icsflow/runner/mpi_world.hpp"
#include "icsflow/runner/sensitivity.hpp"
#include "icsflow/runner/settings.hpp"
#include "icsflow/runner/sweep_record.hpp"
#include "icsflow/sweeps/sweep.hpp"

namespace icsflow::runner {

// A static slice of the points (a Slurm array task): the points i with i mod count = index - 1.
struct Shard {
  int index = 1;  // 1..count
  int count = 1;
};

struct SweepJob {
  sweeps::Sweep sweep;
  std::vector<sweeps::DesignPoint> design;
  SweepRecord record;  // on rank 0 after resume(): what earlier runs completed
  std::filesystem::path output;
  unsigned threads = 1;  // points run at once in this process
  Shard shard;
  std::vector<std::int64_t> pending;  // rank 0 after resume(): the points to run now
  std::vector<std::string> warnings;  // rank 0 after resume(): journal lines not trusted
};

// The design, with every point's scenario checked before anything runs (a value can be fine alone and
// not with the others): sweeps::SweepError or scenarios::ScenarioError otherwise.
SweepJob plan_sweep(sweeps::Sweep sweep, std::filesystem::path output, unsigned threads, Shard shard = {});

// Rank 0: takes in the points the output file and its journals already hold (or, with `fresh`, discards
// the journals), and lists the shard's points still to run. InputError when the file or a journal holds
// another sweep's results, or a journal contradicts them.
void resume(SweepJob& job, bool fresh);

// Runs the pending points here and, under MPI, on the other ranks; every completed point goes to this
// process's journal. On rank 0, `progress` hears of each completed point (task = its count, from 0).
void run_sweep(SweepJob& job, MpiWorld& world, const ProgressFn& progress = {});

// Rank 0: joins the journals (this run's and any earlier) and the earlier file into the output, removes
// the journals, and returns the sensitivity analysis written with them.
Sensitivity finish_sweep(SweepJob& job, const std::string& command_line);

}  // namespace icsflow::runner
