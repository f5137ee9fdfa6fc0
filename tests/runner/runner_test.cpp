// The runner library: run settings, the journal (torn lines, another sweep's journal), conflicting
// results, and a small real sweep run, interrupted, resumed, sharded and merged — whichever way it is
// run, the same numbers bit for bit.
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/metrics.hpp"
#include "icsflow/models/policy.hpp"
#include "icsflow/runner/attribution.hpp"
#include "icsflow/runner/comparison.hpp"
#include "icsflow/runner/journal.hpp"
#include "icsflow/runner/money.hpp"
#include "icsflow/runner/scenario_run.hpp"
#include "icsflow/runner/settings.hpp"
#include "icsflow/runner/sweep_job.hpp"
#include "icsflow/runner/sweep_store.hpp"

namespace icsflow::runner {
namespace {

namespace fs = std::filesystem;

const models::ModelParams& baseline() {
  static const models::ModelParams params = models::load_embedded_baseline();
  return params;
}

// Four points of a tiny sweep (a hundredth of SEL for about a month), one replication each.
sweeps::Sweep tiny_sweep(int master_seed = 7) {
  const std::string text = R"(scenario = "../partnership.toml"
replications = 1
master_seed = )" + std::to_string(master_seed) +
                           R"(
scale = 0.01
years = 0.08
warmup_days = 5
[design]
kind = "latin_hypercube"
points = 4
[[parameter]]
key = "levers.handoffs.reduction"
distribution = "uniform"
low = 0.1
high = 0.5
)";
  return sweeps::load_sweep_text(text, "tiny.toml", fs::path(ICSFLOW_SCENARIO_DIR) / "sweeps", baseline());
}

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = fs::temp_directory_path() / ("icsflow-runner-test-" + std::to_string(::getpid()) + "-" + test->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }

  // Runs the job's pending points on two threads and writes its file.
  static void run_to_end(SweepJob& job) {
    MpiWorld world;
    run_sweep(job, world);
    (void)finish_sweep(job, "test");
  }

  fs::path folder_;
};

PointResult made_up_point(std::int64_t point, double value) {
  PointResult result;
  result.point = point;
  result.seeds = {replication_seed(7, 0), replication_seed(7, 1)};
  result.wall_seconds = {0.5, 0.25};
  const std::size_t outputs = models::sweep_outputs().size();
  result.outputs = {std::vector<double>(outputs, value), std::vector<double>(outputs, value + 1)};
  return result;
}

bool same(const PointResult& a, const PointResult& b) {
  if (a.point != b.point || a.seeds != b.seeds || a.outputs.size() != b.outputs.size()) return false;
  for (std::size_t r = 0; r < a.outputs.size(); ++r) {
    if (std::memcmp(a.outputs[r].data(), b.outputs[r].data(), a.outputs[r].size() * sizeof(double)) != 0) return false;
  }
  return true;
}

TEST(RunSettings, OutOfRangeSettingsAreRefusedAndZeroThreadsMeansEveryCore) {
  EXPECT_GE(checked(RunSettings{}).threads, 1U);
  EXPECT_EQ(checked(RunSettings{.threads = 3}).threads, 3U);
  EXPECT_THROW((void)checked(RunSettings{.scale = 0}), InputError);
  EXPECT_THROW((void)checked(RunSettings{.scale = 1.5}), InputError);
  EXPECT_THROW((void)checked(RunSettings{.years = 0}), InputError);
  EXPECT_THROW((void)checked(RunSettings{.warmup_days = -1}), InputError);
  EXPECT_THROW((void)checked(RunSettings{.replications = 0}), InputError);
  EXPECT_THROW((void)checked(RunSettings{.seed = std::uint64_t{1} << 63}), InputError);
  try {
    (void)checked(RunSettings{.scale = 2});
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("scale must be in [0.0001, 1]", 0), 0U) << error.what();
  }
}

TEST(RunSettings, EveryScenarioGetsTheSameReplicationSeeds) {
  const RunSettings settings{.seed = 5, .replications = 3};
  EXPECT_EQ(replication_settings(settings, 2, 1).seed, replication_seed(5, 2));
  EXPECT_NE(replication_seed(5, 0), replication_seed(5, 1));
  EXPECT_NE(replication_seed(5, 0), replication_seed(6, 0));
  EXPECT_LT(replication_seed(5, 0), std::uint64_t{1} << 63);
}

TEST_F(RunnerTest, ATornLastLineIsSkippedAndTheNextLineStartsClean) {
  const fs::path path = folder_ / "out.h5.rank0.journal";
  {
    Journal journal(path, 42);
    journal.append(made_up_point(0, 1.5));
    journal.append(made_up_point(2, -0.1));
  }
  {
    std::ofstream torn(path, std::ios::app);
    torn << "point 3 2 | 11 0x1p-1 0x1.8p+0";  // killed mid-line: no checksum, no " end", no newline
  }
  auto read = read_journal(path, 42);
  ASSERT_EQ(read.size(), 2U);
  EXPECT_TRUE(same(read[0], made_up_point(0, 1.5)));
  EXPECT_TRUE(same(read[1], made_up_point(2, -0.1)));
  {
    Journal resumed(path, 42);
    resumed.append(made_up_point(3, 0.1 + 0.2));  // a number with no short decimal form comes back exactly
  }
  read = read_journal(path, 42);
  ASSERT_EQ(read.size(), 3U);
  EXPECT_TRUE(same(read[2], made_up_point(3, 0.1 + 0.2)));
}

TEST_F(RunnerTest, AnAlteredJournalLineIsNotTrusted) {
  const fs::path path = folder_ / "out.h5.rank0.journal";
  {
    Journal journal(path, 42);
    journal.append(made_up_point(0, 1.5));
    journal.append(made_up_point(1, 2.5));
  }
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::size_t second = text.find("point 1 ");
  const std::size_t value = text.find(" 0x", text.find('|', second));  // the first number of point 1
  text.replace(value + 3, 1, text[value + 3] == '1' ? "2" : "1");      // one digit edited
  std::ofstream(path, std::ios::trunc) << text;
  std::size_t rejected = 0;
  const auto read = read_journal(path, 42, &rejected);
  ASSERT_EQ(read.size(), 1U);
  EXPECT_EQ(read[0].point, 0);
  EXPECT_EQ(rejected, 1U);
}

TEST_F(RunnerTest, AJournalOfAnotherSweepIsRefused) {
  const fs::path path = folder_ / "out.h5.rank0.journal";
  {
    Journal journal(path, 42);
    journal.append(made_up_point(0, 1));
  }
  EXPECT_THROW((void)read_journal(path, 43), std::runtime_error);
}

TEST(SweepRecord, ResultsThatContradictAnEarlierResultOfTheSamePointAreRefused) {
  SweepRecord record;
  record.design.resize(3);
  record.master_seed = 7;
  record.replications = 2;
  add_results(record, {made_up_point(1, 2.0)}, "first");
  EXPECT_NO_THROW(add_results(record, {made_up_point(1, 2.0)}, "again, the same numbers"));
  EXPECT_THROW(add_results(record, {made_up_point(1, std::nextafter(2.0, 3.0))}, "one bit off"), std::runtime_error);
  EXPECT_THROW(add_results(record, {made_up_point(3, 2.0)}, "outside the design"), std::runtime_error);
  PointResult other_seeds = made_up_point(2, 2.0);
  other_seeds.seeds[1] = replication_seed(8, 1);
  EXPECT_THROW(add_results(record, {other_seeds}, "another master seed"), std::runtime_error);
  PointResult fewer = made_up_point(2, 2.0);
  fewer.seeds.pop_back();
  fewer.outputs.pop_back();
  EXPECT_THROW(add_results(record, {fewer}, "one replication short"), std::runtime_error);
  EXPECT_FALSE(complete(record));
}

TEST_F(RunnerTest, AnInterruptedSweepResumedGivesTheNumbersOfAnUninterruptedOne) {
  SweepJob whole = plan_sweep(tiny_sweep(), folder_ / "whole.h5", 2);
  resume(whole, false);
  ASSERT_EQ(whole.pending.size(), 4U);
  run_to_end(whole);
  ASSERT_TRUE(complete(whole.record));

  // Interrupted after points 0 and 2: their journal is all that is left.
  const fs::path output = folder_ / "resumed.h5";
  {
    Journal journal(journal_path(output, 0), whole.record.fingerprint);
    journal.append(whole.record.done.at(0));
    journal.append(whole.record.done.at(2));
  }
  SweepJob resumed = plan_sweep(tiny_sweep(), output, 1);
  resume(resumed, false);
  EXPECT_EQ(resumed.pending, (std::vector<std::int64_t>{1, 3}));
  run_to_end(resumed);
  EXPECT_TRUE(journals_of(output).empty());  // folded into the file

  const SweepRecord a = read_sweep_file(folder_ / "whole.h5");
  const SweepRecord b = read_sweep_file(output);
  ASSERT_EQ(a.done.size(), b.done.size());
  for (const auto& [point, result] : a.done) EXPECT_TRUE(same(result, b.done.at(point))) << "point " << point;

  // Run again on a complete file: nothing left to do.
  SweepJob again = plan_sweep(tiny_sweep(), output, 1);
  resume(again, false);
  EXPECT_TRUE(again.pending.empty());
  EXPECT_EQ(again.record.done.size(), 4U);
}

TEST_F(RunnerTest, AFileOfAnotherSweepIsRefusedUnlessFresh) {
  SweepJob first = plan_sweep(tiny_sweep(7), folder_ / "out.h5", 1, {.index = 1, .count = 4});
  resume(first, false);
  run_to_end(first);
  SweepJob other = plan_sweep(tiny_sweep(8), folder_ / "out.h5", 1);
  EXPECT_THROW(resume(other, false), InputError);
  {
    Journal stale(journal_path(folder_ / "out.h5", 1), first.record.fingerprint);
    stale.append(first.record.done.at(0));
  }
  resume(other, true);  // fresh: the journals go; the file is replaced when the run ends
  EXPECT_TRUE(journals_of(folder_ / "out.h5").empty());
  EXPECT_EQ(other.pending.size(), 4U);
}

TEST_F(RunnerTest, ShardsRunTheirOwnPointsAndMergeIntoTheWholeSweep) {
  SweepJob whole = plan_sweep(tiny_sweep(), folder_ / "whole.h5", 2);
  resume(whole, false);
  run_to_end(whole);
  std::vector<fs::path> parts;
  for (int k = 1; k <= 2; ++k) {
    parts.push_back(folder_ / ("part-" + std::to_string(k) + ".h5"));
    SweepJob shard = plan_sweep(tiny_sweep(), parts.back(), 1, {.index = k, .count = 2});
    resume(shard, false);
    EXPECT_EQ(shard.pending, (k == 1 ? std::vector<std::int64_t>{0, 2} : std::vector<std::int64_t>{1, 3}));
    run_to_end(shard);
  }
  const SweepRecord merged = merge_sweep_files(parts);
  ASSERT_TRUE(complete(merged));
  for (const auto& [point, result] : whole.record.done) EXPECT_TRUE(same(result, merged.done.at(point)));

  SweepJob other = plan_sweep(tiny_sweep(8), folder_ / "other.h5", 1, {.index = 1, .count = 4});
  resume(other, false);
  run_to_end(other);
  EXPECT_THROW((void)merge_sweep_files({parts[0], folder_ / "other.h5"}), InputError);
}

TEST(ScenarioRun, TheNumbersDoNotDependOnTheThreads) {
  const scenarios::Scenario scenario =
      scenarios::load_scenario(fs::path(ICSFLOW_SCENARIO_DIR) / "partnership.toml", baseline());
  const RunSettings settings{.seed = 3, .scale = 0.01, .years = 0.05, .warmup_days = 5, .replications = 2};
  std::atomic<int> finished{0};  // progress is told from the worker threads
  RunSettings one_thread = settings, two_threads = settings;
  one_thread.threads = 1;
  const auto one = run_scenario(scenario, one_thread);
  two_threads.threads = 2;
  const auto two = run_scenario(scenario, two_threads, [&finished](std::size_t, double done) {
    if (done == 1.0) ++finished;
  });
  ASSERT_EQ(one.replications.size(), 2U);
  EXPECT_EQ(one.replication_seeds, two.replication_seeds);
  for (std::size_t r = 0; r < 2; ++r) {
    ASSERT_EQ(one.replications[r].summary.size(), two.replications[r].summary.size());
    for (std::size_t i = 0; i < one.replications[r].summary.size(); ++i)
      EXPECT_EQ(one.replications[r].summary[i].values, two.replications[r].summary[i].values);
  }
  EXPECT_GE(finished.load(), 2);  // each replication reports its end
}

// A small run of a year and a half (two years of results, the second half a year long).
RunSettings a_year_and_a_half(int replications) {
  return RunSettings{
      .seed = 5, .scale = 0.005, .years = 1.5, .warmup_days = 5, .threads = 2, .replications = replications};
}

// The siloed baseline and partnership, run with the same settings (common random numbers).
std::pair<ScenarioResults, ScenarioResults> siloed_and_partnership(const RunSettings& settings) {
  const fs::path folder = ICSFLOW_SCENARIO_DIR;
  return {run_scenario(scenarios::load_scenario(folder / "siloed.toml", baseline()), settings),
          run_scenario(scenarios::load_scenario(folder / "partnership.toml", baseline()), settings)};
}

// Money over time, recomputed here from each replication's metrics: the present value is each year's net cash
// times its length, discounted (1 + rate)^-(year - 1), summed; the return per pound is the programmes' cost less
// the net cash over their cost, both discounted and summed; a scenario against itself costs and releases nothing.
TEST(Money, PresentValueReturnAndBreakEvenFromEachReplicationsYears) {
  const RunSettings settings = a_year_and_a_half(3);
  const auto [b, a] = siloed_and_partnership(settings);
  const std::vector<MoneyRow> rows = money_over_time(b, a);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_NEAR(rows[1].years, 0.5, 1.0 / 365) << "the last year is half a year (in whole days)";

  const models::Metric cash = *models::find_metric("cash_gbp");
  const double rate = b.scenario.params.costs.discount_rate;
  const models::Period whole{settings.years, settings.scale};
  double pv_sum = 0, even = 0, roi_sum = 0;
  for (int r = 0; r < 3; ++r) {
    double pv = 0, cost_pv = 0, released_pv = 0;
    for (int year = 1; year <= 2; ++year) {
      const models::Period period = models::year_period(whole, year);
      const double net = models::metric_value(cash, a.replications[r], {}, period) -
                         models::metric_value(cash, b.replications[r], {}, period);
      double cost = 0;
      for (const char* lever : {"cost_lever_proactive_care_gbp", "cost_lever_care_home_support_gbp",
                                "cost_lever_admission_avoidance_gbp"}) {
        const models::Metric m = *models::find_metric(lever);
        cost += models::metric_value(m, a.replications[r], {}, period) -
                models::metric_value(m, b.replications[r], {}, period);
      }
      const double weight = std::pow(1 + rate, -(year - 1)) * period.years;
      pv += net * weight;
      cost_pv += cost * weight;
      released_pv += (cost - net) * weight;
    }
    pv_sum += pv;
    even += pv <= 0 ? 1 : 0;
    roi_sum += released_pv / cost_pv;
  }
  EXPECT_NEAR(rows[1].present_value.diff_mean, pv_sum / 3, 1e-6 * std::abs(pv_sum));
  EXPECT_NEAR(rows[1].return_per_pound, roi_sum / 3, 1e-9);
  EXPECT_EQ(rows[1].break_even_share, even / 3);
  EXPECT_GT(rows[0].programme_cost.diff_mean, 0) << "partnership pays for its programmes";
  EXPECT_LE(rows[1].return_ci_low, rows[1].return_per_pound);

  const std::vector<MoneyRow> none = money_over_time(b, b);
  for (const MoneyRow& row : none) {
    EXPECT_EQ(row.net_cash.diff_mean, 0);
    EXPECT_EQ(row.present_value.diff_mean, 0);
    EXPECT_EQ(row.break_even_share, 1.0) << "nothing spent: broken even from the start";
    EXPECT_TRUE(std::isnan(row.return_per_pound)) << "no programme, no return";
  }
  const results::Table table = money_table(rows);
  EXPECT_EQ(table.rows(), 2U);
}

// A comparison of runs longer than a year: the whole period's rows (year 0), then each year's in the same order,
// each over that year with its own length; a run of a year or less has the whole period only.
TEST(Comparison, ARunLongerThanAYearHasEachYearsRowsAfterTheWholePeriods) {
  const RunSettings settings = a_year_and_a_half(2);
  const auto [b, a] = siloed_and_partnership(settings);
  ASSERT_EQ(compared_years(b), 2);
  const std::vector<ComparisonRow> rows = compare(b, a);
  ASSERT_EQ(rows.size() % 3, 0U);
  const std::size_t per_period = rows.size() / 3;
  const models::Period second = models::year_period({settings.years, settings.scale}, 2);
  for (std::size_t i = 0; i < per_period; ++i) {
    for (const int year : {0, 1, 2}) {
      const ComparisonRow& row = rows[static_cast<std::size_t>(year) * per_period + i];
      EXPECT_EQ(row.year, year);
      EXPECT_EQ(row.metric, rows[i].metric);
      EXPECT_EQ(row.borough, rows[i].borough);
      EXPECT_EQ(row.deprivation_quintile, rows[i].deprivation_quintile);
    }
    const ComparisonRow& row = rows[2 * per_period + i];
    if (row.metric != "cost_gbp" || row.borough != "All" || row.deprivation_quintile != 0) continue;
    const models::Metric spend = *models::find_metric("cost_gbp");
    std::vector<double> base_values, alt_values;
    for (std::size_t r = 0; r < 2; ++r) {
      base_values.push_back(models::metric_value(spend, b.replications[r], {}, second));
      alt_values.push_back(models::metric_value(spend, a.replications[r], {}, second));
    }
    const analysis::PairedDifference expected = analysis::paired_difference(base_values, alt_values);
    EXPECT_EQ(row.difference.diff_mean, expected.diff_mean);
    EXPECT_EQ(row.difference.ci_high, expected.ci_high);
  }
  RunSettings one_year = settings;
  one_year.years = 1;
  EXPECT_EQ(compared_years(run_scenario(b.scenario, one_year)), 0) << "one year's rows would repeat the whole period's";
}

// Attribution: the bundle's levers (on in the bundle, off in the base), each alone on the base and the
// bundle without it; the partnership bundle switches on all but prevention and ltc_care (programmes of their own for
// now) and the elective ring fence (a trade-off for the board to choose).
TEST(Attribution, EachLeverOfTheBundleAloneAndTheBundleWithoutIt) {
  const fs::path folder = ICSFLOW_SCENARIO_DIR;
  const scenarios::Scenario base = scenarios::load_scenario(folder / "siloed.toml", baseline());
  const scenarios::Scenario bundle = scenarios::load_scenario(folder / "partnership.toml", baseline());
  const std::vector<LeverScenarios> levers = attribution_scenarios(base, bundle);
  const std::set<std::string_view> outside = {"prevention", "ltc_care", "elective_ring_fence"};
  ASSERT_EQ(levers.size(), models::lever_names().size() - outside.size());
  for (const LeverScenarios& lever : levers) {
    EXPECT_FALSE(outside.contains(lever.lever)) << lever.lever << " is not in the bundle";
    for (const std::string_view other : models::lever_names()) {
      const bool same = other == lever.lever;
      const bool in_bundle = !outside.contains(other);
      EXPECT_EQ(models::lever_enabled(lever.alone.params.policy, other), same) << lever.lever << " " << other;
      EXPECT_EQ(models::lever_enabled(lever.without.params.policy, other), in_bundle && !same)
          << lever.lever << " " << other;
    }
    EXPECT_EQ(lever.alone.name, "alone-" + lever.lever);
    EXPECT_EQ(lever.without.name, "without-" + lever.lever);
  }
  // A lever alone arrives at the bundle's pace, not the base's.
  scenarios::Scenario at_once = bundle;
  at_once.params.policy.timing.years_to_full_effect = 0;
  ASSERT_NE(base.params.policy.timing.years_to_full_effect, 0);
  for (const LeverScenarios& lever : attribution_scenarios(base, at_once)) {
    EXPECT_EQ(lever.alone.params.policy.timing.years_to_full_effect, 0) << lever.lever;
    EXPECT_EQ(lever.without.params.policy.timing.years_to_full_effect, 0) << lever.lever;
  }
  // A base that already has a lever on: that lever is not the bundle's.
  scenarios::Scenario with_mutual_aid = base;
  with_mutual_aid.params.policy.mutual_aid.enabled = true;
  EXPECT_EQ(attribution_scenarios(with_mutual_aid, bundle).size(), levers.size() - 1);
  EXPECT_TRUE(attribution_scenarios(bundle, bundle).empty());
}

TEST(Attribution, AloneIsTheLeverAgainstTheBaseAndMarginalTheBundleAgainstItsAbsence) {
  const fs::path folder = ICSFLOW_SCENARIO_DIR;
  const scenarios::Scenario base = scenarios::load_scenario(folder / "siloed.toml", baseline());
  scenarios::Scenario bundle = base;
  bundle.name = "two-levers";
  bundle.params.policy.handoffs.enabled = true;
  bundle.params.policy.discharge_to_assess.enabled = true;
  const RunSettings settings{
      .seed = 4, .scale = 0.01, .years = 0.05, .warmup_days = 5, .threads = 1, .replications = 2};
  const ScenarioResults base_results = run_scenario(base, settings);
  const ScenarioResults bundle_results = run_scenario(bundle, settings);
  std::vector<LeverResults> levers;
  for (const LeverScenarios& lever : attribution_scenarios(base, bundle))
    levers.push_back({lever.lever, run_scenario(lever.alone, settings), run_scenario(lever.without, settings)});
  ASSERT_EQ(levers.size(), 2U);
  const std::vector<AttributionRow> rows = attribute(base_results, bundle_results, levers);
  const std::vector<ComparisonRow> alone = compare(base_results, levers[1].alone);
  const std::vector<ComparisonRow> marginal = compare(levers[1].without, bundle_results);
  ASSERT_EQ(rows.size(), 2 * alone.size());
  for (std::size_t i = 0; i < alone.size(); ++i) {
    const AttributionRow& row = rows[alone.size() + i];
    EXPECT_EQ(row.lever, "discharge_to_assess");
    EXPECT_EQ(row.metric, alone[i].metric);
    const auto same = [](double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; };
    EXPECT_TRUE(same(row.alone.diff_mean, alone[i].difference.diff_mean)) << row.metric;
    EXPECT_TRUE(same(row.marginal.diff_mean, marginal[i].difference.diff_mean)) << row.metric;
  }
  // With two levers, "without discharge to assess" is "handoffs alone": the same run, the same numbers.
  EXPECT_EQ(levers[1].without.replications[0].summary[3].values, levers[0].alone.replications[0].summary[3].values);
  const results::Table table = attribution_table(rows);
  EXPECT_EQ(table.rows(), rows.size());
  EXPECT_EQ(table.columns().size(), 11U);
}

}  // namespace
}  // namespace icsflow::runner
