#pragma once
// The server's comparisons, one at a time: a queue of jobs, each with its own folder, run on one worker thread
// (a comparison uses every core by itself); the rest wait their turn. A job can be cancelled while it waits or
// runs. Nothing here knows HTTP.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "icsflow/runner/comparison_run.hpp"

namespace icsflow::serve {

enum class JobState { queued, running, done, failed, cancelled };
[[nodiscard]] const char* state_name(JobState state);

// More jobs waiting than the queue takes.
class QueueFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class JobQueue {
 public:
  // What is done to a finished comparison in its folder before the job is done (the results page's data).
  // Throws to fail the job, with the message shown to the user.
  using Finish = std::function<void(const std::filesystem::path& results_file, const std::filesystem::path& folder)>;

  JobQueue(std::filesystem::path folder, std::size_t max_waiting, Finish finish);
  ~JobQueue();  // cancels what runs, drops what waits
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queues a planned comparison; `request` is kept to show with the job. QueueFull when too many wait.
  int submit(runner::ComparisonPlan plan, nlohmann::json request);
  // {id, state, progress (0..1), stage, error, request, seconds (queued to now or to the end), running_seconds
  // (since it started, 0 while it waits)}; null if none.
  [[nodiscard]] nlohmann::json status(int id) const;
  [[nodiscard]] nlohmann::json list() const;
  // false when there is no such job or it has already ended.
  bool cancel(int id);
  // The job's folder once done (nothing for a job not done).
  [[nodiscard]] std::optional<std::filesystem::path> done_folder(int id) const;
  // Serialises work on a finished job's files (downloads made on first request).
  [[nodiscard]] std::unique_lock<std::mutex> lock_files(int id);

 private:
  struct Job {
    int id = 0;
    runner::ComparisonPlan plan;
    nlohmann::json request;
    JobState state = JobState::queued;
    std::string stage = "waiting for the jobs before it";
    std::string error;
    std::vector<std::atomic<double>> done;  // each progress task's fraction done
    std::atomic<bool> cancel{false};
    std::chrono::steady_clock::time_point queued;
    std::chrono::steady_clock::time_point started;
    std::chrono::steady_clock::time_point ended;
    std::mutex files;
  };
  [[nodiscard]] nlohmann::json describe(const Job& job) const;
  void work();
  void run(Job& job);

  std::filesystem::path folder_;
  std::size_t max_waiting_;
  Finish finish_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<int, std::unique_ptr<Job>> jobs_;
  std::deque<int> waiting_;
  int next_id_ = 1;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace icsflow::serve
