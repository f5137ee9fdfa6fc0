#include "jobs.hpp"

#include <fstream>

#include "icsflow/results/hdf5_file.hpp"

namespace icsflow::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Thrown from the progress callback of a cancelled job: the replications stop at their next window.
struct Cancelled {};

// What a finished job leaves in its folder besides its results: its request, for a server started later.
constexpr const char* kRecord = "job.json";

// Of a job's progress, the share that is running the scenarios (the rest: writing the file, the page's data).
constexpr double kRunShare = 0.9;

}  // namespace

const char* state_name(JobState state) {
  switch (state) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
    default:
      return "cancelled";
  }
}

JobQueue::JobQueue(fs::path folder, std::size_t max_waiting, Finish finish)
    : folder_(std::move(folder)), max_waiting_(max_waiting), finish_(std::move(finish)) {
  fs::create_directories(folder_);
  // A folder used before: its finished jobs are offered again, and new jobs are numbered after every job there,
  // never written over one.
  for (const auto& item : fs::directory_iterator(folder_)) {
    const std::string name = item.path().filename().string();
    if (name.empty() || name.size() > 9 || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const int id = std::stoi(name);
    next_id_ = std::max(next_id_, id + 1);
    std::ifstream record(item.path() / kRecord);
    const json done = json::parse(record, nullptr, false);
    if (!record || done.is_discarded() || !fs::exists(item.path() / "results.json")) continue;
    auto job = std::make_unique<Job>();
    job->id = id;
    job->request = done.value("request", json::object());
    job->state = JobState::done;
    job->stage = "done (before this server started)";
    job->queued = std::chrono::steady_clock::now() - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                         std::chrono::duration<double>(done.value("seconds", 0.0)));
    job->ended = std::chrono::steady_clock::now();
    jobs_.emplace(id, std::move(job));
  }
  worker_ = std::thread([this] { work(); });
}

JobQueue::~JobQueue() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (auto& [id, job] : jobs_) job->cancel = true;
  }
  wake_.notify_all();
  worker_.join();
}

int JobQueue::submit(runner::ComparisonPlan plan, json request) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (waiting_.size() >= max_waiting_) {
    throw QueueFull(std::to_string(waiting_.size()) +
                    " comparisons are already waiting: wait for one to finish or cancel one");
  }
  auto job = std::make_unique<Job>();
  job->id = next_id_++;
  job->done = std::vector<std::atomic<double>>(plan.tasks());
  job->plan = std::move(plan);
  job->request = std::move(request);
  job->queued = std::chrono::steady_clock::now();
  const int id = job->id;
  jobs_.emplace(id, std::move(job));
  waiting_.push_back(id);
  wake_.notify_all();
  return id;
}

json JobQueue::describe(const Job& job) const {
  double progress = 0;
  if (job.state == JobState::done) {
    progress = 1;
  } else if (job.state != JobState::queued && !job.done.empty()) {
    double sum = 0;
    for (const std::atomic<double>& d : job.done) sum += d.load();
    progress = kRunShare * sum / static_cast<double>(job.done.size());  // each task ends at 1: kRunShare when run
  }
  const bool ended = job.state == JobState::done || job.state == JobState::failed || job.state == JobState::cancelled;
  const auto until = ended ? job.ended : std::chrono::steady_clock::now();
  return {{"id", job.id},
          {"state", state_name(job.state)},
          {"progress", progress},
          {"stage", job.stage},
          {"error", job.error},
          {"request", job.request},
          {"seconds", std::chrono::duration<double>(until - job.queued).count()},
          {"running_seconds", job.state == JobState::queued || job.started == std::chrono::steady_clock::time_point{}
                                  ? 0.0
                                  : std::chrono::duration<double>(until - job.started).count()}};
}

json JobQueue::status(int id) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = jobs_.find(id);
  return found == jobs_.end() ? json(nullptr) : describe(*found->second);
}

json JobQueue::list() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  json all = json::array();
  for (const auto& [id, job] : jobs_) all.push_back(describe(*job));
  return all;
}

bool JobQueue::cancel(int id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end()) return false;
  Job& job = *found->second;
  if (job.state == JobState::queued) {
    waiting_.erase(std::find(waiting_.begin(), waiting_.end(), id));
    job.state = JobState::cancelled;
    job.stage = "cancelled before it started";
    job.ended = std::chrono::steady_clock::now();
    return true;
  }
  if (job.state != JobState::running) return false;
  job.cancel = true;
  job.stage = "cancelling";
  return true;
}

std::optional<fs::path> JobQueue::done_folder(int id) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto found = jobs_.find(id);
  if (found == jobs_.end() || found->second->state != JobState::done) return std::nullopt;
  return folder_ / std::to_string(id);
}

std::unique_lock<std::mutex> JobQueue::lock_files(int id) {
  Job* job = nullptr;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    job = jobs_.at(id).get();  // jobs are never removed while the queue lives
  }
  return std::unique_lock<std::mutex>(job->files);
}

void JobQueue::work() {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;
      job = jobs_.at(waiting_.front()).get();
      waiting_.pop_front();
      job->state = JobState::running;
      job->stage = "running the scenarios";
      job->started = std::chrono::steady_clock::now();
    }
    run(*job);
  }
}

void JobQueue::run(Job& job) {
  JobState end = JobState::done;
  std::string error;
  const auto stage = [this, &job](const char* what) {
    const std::lock_guard<std::mutex> lock(mutex_);
    job.stage = what;
  };
  try {
    const fs::path folder = folder_ / std::to_string(job.id);
    fs::create_directories(folder);
    const runner::ComparisonResults results =
        runner::run_comparison(job.plan, [&job](std::size_t task, double fraction) {
          if (job.cancel) throw Cancelled{};
          job.done[task] = fraction;
        });
    stage("writing the results file");
    const fs::path file = folder / "comparison.h5";
    {
      results::Hdf5File out(file);
      runner::write_comparison(out, job.plan, results, "icsflow serve: " + job.request.dump());
      out.commit();
    }
    if (job.cancel) throw Cancelled{};
    stage("preparing the results page");
    finish_(file, folder);
    std::ofstream record(folder / kRecord);
    record << json{{"request", job.request},
                   {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - job.queued).count()}};
  } catch (const Cancelled&) {
    end = JobState::cancelled;
  } catch (const std::exception& e) {
    end = JobState::failed;
    error = e.what();
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  job.state = end;
  job.error = error;
  job.stage = end == JobState::done ? "done" : end == JobState::failed ? "failed" : "cancelled";
  job.ended = std::chrono::steady_clock::now();
  job.plan = {};  // the scenarios' parameters are not needed any more
}

}  // namespace icsflow::serve
