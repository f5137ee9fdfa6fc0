#pragma once
// Queueing-theory results for M/M/c and M/M/c/c, used by icsflow-mmc to print the theoretical values next
// to the simulated ones and by the validation tests as the reference.
//
// Everything goes through the Erlang B recursion B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)), which only
// ever divides numbers of similar size: the textbook form a^c/c! / Σ a^k/k! overflows for c ≈ 170 and
// loses precision well before that.
#include <cstdint>

namespace icsflow::mmc {

// Blocking probability of the M/M/c/c loss system with offered load a = lambda/mu (Erlangs).
inline double erlang_b(double offered_load, std::int64_t servers) {
  double blocking = 1.0;
  for (std::int64_t k = 1; k <= servers; ++k) {
    blocking = offered_load * blocking / (static_cast<double>(k) + offered_load * blocking);
  }
  return blocking;
}

// Probability that an arrival must wait in M/M/c (Erlang C). Requires offered_load < servers.
inline double erlang_c(double offered_load, std::int64_t servers) {
  const double blocking = erlang_b(offered_load, servers);
  const double c = static_cast<double>(servers);
  return c * blocking / (c - offered_load * (1.0 - blocking));
}

// Mean wait in queue W_q of M/M/c, in the time unit of the rates. Requires arrival_rate < servers·service_rate.
inline double mmc_mean_wait(double arrival_rate, double service_rate, std::int64_t servers) {
  const double offered_load = arrival_rate / service_rate;
  return erlang_c(offered_load, servers) / (static_cast<double>(servers) * service_rate - arrival_rate);
}

// Mean number waiting L_q of M/M/c, by Little's law L_q = lambda·W_q.
inline double mmc_mean_queue_length(double arrival_rate, double service_rate, std::int64_t servers) {
  return arrival_rate * mmc_mean_wait(arrival_rate, service_rate, servers);
}

}  // namespace icsflow::mmc
