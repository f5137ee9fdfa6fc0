#include "icsflow/runner/mpi_world.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace icsflow::runner {
namespace {

enum Tag : int { kRequest = 1, kReply = 2, kFinished = 3 };
constexpr std::int64_t kNone = -1;

bool launched_by_mpirun() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(variable) != nullptr) return true;
  }
  return false;
}

}  // namespace

MpiWorld::MpiWorld() {
  if (!launched_by_mpirun()) return;
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  if (provided < MPI_THREAD_SERIALIZED && size_ > 1) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library does not support MPI_THREAD_SERIALIZED");
  }
}

MpiWorld::~MpiWorld() {
  if (active_) MPI_Finalize();
}

int MpiWorld::agree(int status) {
  if (!active_) return status;
  int worst = 0;
  MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return worst;
}

bool MpiWorld::serve(const std::function<std::optional<std::int64_t>()>& next,
                     const std::function<void(std::int64_t)>& remote_done, const std::atomic<bool>& stop) {
  int finished = 0;
  while (finished < size_ - 1) {
    int waiting = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &waiting, &status);
    if (waiting == 0) {
      // Polling with a nap rather than a blocking receive, which would spin a core this rank's own
      // workers need. Points take seconds; 2 ms of latency is nothing.
      if (stop.load()) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    std::int64_t value = 0;
    MPI_Recv(&value, 1, MPI_INT64_T, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (status.MPI_TAG == kFinished) {
      ++finished;
      continue;
    }
    if (value != kNone) remote_done(value);
    const std::optional<std::int64_t> point = stop.load() ? std::nullopt : next();
    const std::int64_t reply = point.value_or(kNone);
    MPI_Send(&reply, 1, MPI_INT64_T, status.MPI_SOURCE, kReply, MPI_COMM_WORLD);
  }
  return true;
}

std::optional<std::int64_t> MpiWorld::request(std::optional<std::int64_t> completed) {
  std::lock_guard lock(mutex_);
  const std::int64_t value = completed.value_or(kNone);
  MPI_Send(&value, 1, MPI_INT64_T, 0, kRequest, MPI_COMM_WORLD);
  std::int64_t reply = kNone;
  MPI_Recv(&reply, 1, MPI_INT64_T, 0, kReply, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return reply == kNone ? std::nullopt : std::optional<std::int64_t>(reply);
}

void MpiWorld::finished() {
  std::lock_guard lock(mutex_);
  const std::int64_t value = 0;
  MPI_Send(&value, 1, MPI_INT64_T, 0, kFinished, MPI_COMM_WORLD);
}

void MpiWorld::abort(int code) {
  if (active_) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

}  // namespace icsflow::runner
