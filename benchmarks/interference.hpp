#pragma once
// How busy the rest of the machine was while a benchmark ran: the CPU time every process used (from
// /proc/stat) minus this process's own (getrusage), per second of wall time. On a shared machine a run
// that competed with other work says little; with this number next to each run (the "others" counter),
// disturbed runs can be told apart and left out. Linux only; elsewhere it reports 0.
#include <chrono>
#include <cstdio>

#include <sys/resource.h>
#include <unistd.h>

namespace icsflow::bench {

class Interference {
 public:
  Interference() : machine_busy_(machine_busy_seconds()), own_(own_cpu_seconds()), started_(Clock::now()) {}

  // Average number of CPUs kept busy by other processes (or by the hypervisor) since construction.
  [[nodiscard]] double other_cpus() const {
    const double wall = std::chrono::duration<double>(Clock::now() - started_).count();
    if (wall <= 0 || machine_busy_ < 0) return 0;
    const double others = (machine_busy_seconds() - machine_busy_) - (own_cpu_seconds() - own_);
    return others > 0 ? others / wall : 0;
  }

 private:
  using Clock = std::chrono::steady_clock;

  // Busy time of all CPUs since boot (user, nice, system, irq, softirq, steal), or -1 if unknown.
  static double machine_busy_seconds() {
    std::FILE* stat = std::fopen("/proc/stat", "r");
    if (stat == nullptr) return -1;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    const int read = std::fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
                                 &iowait, &irq, &softirq, &steal);
    std::fclose(stat);
    if (read != 8) return -1;
    const auto ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
    return static_cast<double>(user + nice + system + irq + softirq + steal) / ticks_per_second;
  }

  static double own_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
  }

  double machine_busy_;
  double own_;
  Clock::time_point started_;
};

}  // namespace icsflow::bench
