#include "icsflow/runner/settings.hpp"

#include <algorithm>
#include <limits>
#include <sstream>
#include <string>
#include <thread>

#include "icsflow/sim/random.hpp"

namespace icsflow::runner {
namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

RunSettings checked(RunSettings settings) {
  const auto fail = [](const std::string& message) { throw InputError(message); };
  if (!(settings.scale >= kMinScale && settings.scale <= 1))
    fail("scale must be in [0.0001, 1], got " + number_text(settings.scale));
  if (!(settings.years >= kMinYears && settings.years <= 50))
    fail("years must be in [0.00274 (a day), 50], got " + number_text(settings.years));
  if (settings.replications < 1 || settings.replications > 10000)
    fail("replications must be between 1 and 10000, got " + std::to_string(settings.replications));
  if (!(settings.warmup_days >= 0 && settings.warmup_days <= 3650))
    fail("warmup-days must be in [0, 3650], got " + number_text(settings.warmup_days));
  if (settings.seed > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    fail("seed must be below 2^63");
  settings.threads = checked_threads(settings.threads);
  return settings;
}

unsigned checked_threads(unsigned threads) {
  if (threads > kMaxThreads) {
    throw InputError("threads must be between 1 and " + std::to_string(kMaxThreads) + " (or 0 for every core), got " +
                     std::to_string(threads));
  }
  return threads == 0 ? std::max(1U, std::thread::hardware_concurrency()) : threads;
}

std::uint64_t replication_seed(std::uint64_t master_seed, int replication) {
  constexpr std::uint64_t kReplicationPurpose = 0x7265706c;  // "repl"
  // 63 bits, so that the seed also fits the signed integers of HDF5 tables and R.
  return sim::RandomStream(master_seed, 0, kReplicationPurpose, static_cast<std::uint64_t>(replication))() >> 1;
}

models::RunSettings replication_settings(const RunSettings& settings, int replication, unsigned threads) {
  models::RunSettings one;
  one.seed = replication_seed(settings.seed, replication);
  one.scale = settings.scale;
  one.years = settings.years;
  one.warmup_days = settings.warmup_days;
  one.threads = threads;
  return one;
}

}  // namespace icsflow::runner
