// icsflow-mmc: simulates an M/M/c(/K) queue, prints the estimates next to queueing theory and how fast
// the engine ran. Output is one key=value per line, for scripts.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <iostream>
#include <string>

#include <boost/program_options.hpp>

#include "erlang.hpp"
#include "mmc_model.hpp"

namespace po = boost::program_options;
using icsflow::mmc::MmcParameters;
using icsflow::mmc::MmcResult;

namespace {

constexpr int kUsageError = 2;

int usage_error(const std::string& message) {
  std::cerr << "icsflow-mmc: " << message << '\n';
  return kUsageError;
}

void print_help(const po::options_description& options) {
  std::cout << "Usage: icsflow-mmc --lambda L --mu M --servers C --patients N --seed S [options]\n\n"
            << "Simulates an M/M/c queue (or M/M/c/K with --queue-limit K; K = 0 is the M/M/c/c loss system)\n"
            << "and prints the estimates, the theoretical values and the simulation speed.\n\n"
            << options << "\nExample:\n"
            << "  icsflow-mmc --lambda 0.9 --mu 1 --servers 1 --patients 10000000 --seed 42\n";
}

void print_result(const MmcParameters& p, const MmcResult& r, double wall_seconds) {
  const double offered_load = p.arrival_rate / p.service_rate;
  const double offered_utilisation = offered_load / static_cast<double>(p.servers);
  const double measured_utilisation = (r.mean_in_system - r.mean_in_queue) / static_cast<double>(p.servers);
  std::cout << "patients=" << p.patients << '\n'
            << "warmup_patients=" << p.warmup_patients << '\n'
            << "offered_utilisation=" << offered_utilisation << '\n'  // lambda / (c mu)
            << "utilisation=" << measured_utilisation << '\n'
            << "mean_wait=" << r.mean_wait << '\n';
  if (p.queue_limit == icsflow::mmc::kUnlimitedQueue) {
    std::cout << "erlang_c_wait=" << icsflow::mmc::mmc_mean_wait(p.arrival_rate, p.service_rate, p.servers) << '\n'
              << "erlang_c_probability_of_wait=" << icsflow::mmc::erlang_c(offered_load, p.servers) << '\n';
  }
  std::cout << "fraction_rejected=" << r.fraction_rejected << '\n';
  if (p.queue_limit == 0) {
    std::cout << "erlang_b_blocking=" << icsflow::mmc::erlang_b(offered_load, p.servers) << '\n';
  }
  std::cout << "mean_in_queue=" << r.mean_in_queue << '\n'
            << "mean_in_system=" << r.mean_in_system << '\n'
            << "served=" << r.served << '\n'
            << "rejected=" << r.rejected << '\n'
            << "simulated_time=" << r.simulated_time << '\n'
            << "events=" << r.events_executed << '\n'
            << "wall_s=" << wall_seconds << '\n'
            << "patients_per_s=" << std::llround(static_cast<double>(p.patients) / wall_seconds) << '\n'
            << "events_per_s=" << std::llround(static_cast<double>(r.events_executed) / wall_seconds) << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  MmcParameters p;
  // Counts are read signed: Boost's lexical_cast would turn "-5" into a huge unsigned number.
  std::int64_t patients = 0;
  std::int64_t queue_limit = -1;  // -1: unlimited
  std::int64_t warmup = 0;
  po::options_description options("Options");
  // clang-format off
  options.add_options()
    ("help,h", "show this help")
    ("lambda", po::value(&p.arrival_rate)->required(), "arrival rate (patients per time unit)")
    ("mu", po::value(&p.service_rate)->required(), "service rate per server (patients per time unit)")
    ("servers", po::value(&p.servers)->required(), "number of servers c")
    ("patients", po::value(&patients)->required(), "number of arriving patients, warm-up included")
    ("seed", po::value(&p.seed)->required(), "random seed")
    ("queue-limit", po::value(&queue_limit), "places in the queue (default unlimited; 0 = loss system M/M/c/c)")
    ("warmup", po::value(&warmup), "patients left out of the estimates at the start (default: 10% of --patients)");
  // clang-format on

  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    if (vm.count("help") != 0) {
      print_help(options);
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(std::string(e.what()) + " (see --help)");
  }
  if (patients < 1) return usage_error("--patients must be at least 1, got " + std::to_string(patients));
  p.patients = static_cast<std::uint64_t>(patients);
  if (vm.count("queue-limit") != 0) {
    if (queue_limit < 0) return usage_error("--queue-limit must be at least 0, got " + std::to_string(queue_limit));
    p.queue_limit = queue_limit;
  }
  if (warmup < 0) return usage_error("--warmup must be at least 0, got " + std::to_string(warmup));
  p.warmup_patients = vm.count("warmup") != 0 ? static_cast<std::uint64_t>(warmup) : p.patients / 10;
  if (p.arrival_rate > 0 && p.service_rate > 0)
    p.ticks_per_time_unit = icsflow::mmc::resolution_for(p.arrival_rate, p.service_rate);
  if (const auto problem = icsflow::mmc::find_parameter_problem(p)) return usage_error(*problem);

  try {
    const auto start = std::chrono::steady_clock::now();
    const MmcResult result = icsflow::mmc::run_mmc(p);
    const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - start;
    print_result(p, result, wall.count());
  } catch (const std::exception& e) {
    std::cerr << "icsflow-mmc: simulation failed: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
