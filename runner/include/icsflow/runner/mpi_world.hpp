#pragma once
// MPI for `icsflow sweep` under mpirun: rank 0 hands out point indices one at a time to whichever rank
// asks (dynamic distribution: fast and slow ranks finish together) while its own threads work too.
// Without mpirun nothing of MPI is touched: one process, rank 0 of 1.
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

namespace icsflow::runner {

class MpiWorld {
 public:
  MpiWorld();  // initializes MPI only when launched by mpirun/srun
  ~MpiWorld();
  MpiWorld(const MpiWorld&) = delete;
  MpiWorld& operator=(const MpiWorld&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

  // The largest of every rank's status (0 = ready): each rank learns whether all are ready.
  int agree(int status);

  // Rank 0: answers requests until every other rank has finished. `next` hands out a point (or none),
  // `remote_done` hears of each point another rank completed. Returns early (false) if `stop` is set.
  bool serve(const std::function<std::optional<std::int64_t>()>& next,
             const std::function<void(std::int64_t)>& remote_done, const std::atomic<bool>& stop);
  // Other ranks, from any thread: reports the point just completed (if any) and gets the next one.
  std::optional<std::int64_t> request(std::optional<std::int64_t> completed);
  // Other ranks, once their threads are done (their journal closed).
  void finished();

  [[noreturn]] void abort(int code);

 private:
  bool active_ = false;
  int rank_ = 0;
  int size_ = 1;
  std::mutex mutex_;  // MPI calls from several threads of one rank, one at a time (MPI_THREAD_SERIALIZED)
};

}  // namespace icsflow::runner
