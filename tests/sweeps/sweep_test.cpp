// Sweep files: validation with file:line:column, designs (Latin hypercube strata, grid, Saltelli blocks),
// the distributions' quantiles, per-point scenarios, and the fingerprint that guards resume and merge.
#include "icsflow/sweeps/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <gtest/gtest.h>
#include <boost/math/distributions/triangular.hpp>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/models/care_system.hpp"

namespace icsflow::sweeps {
namespace {

const std::filesystem::path kScenarios = ICSFLOW_SCENARIO_DIR;

const models::ModelParams& baseline() {
  static const models::ModelParams params = models::load_embedded_baseline();
  return params;
}

Sweep load(const std::string& text) { return load_sweep_text(text, "test.toml", kScenarios / "sweeps", baseline()); }

const std::string kHeader = R"(scenario = "../partnership.toml"
replications = 2
master_seed = 7
)";

std::string lhs(int points, const std::string& parameters) {
  return kHeader + "[design]\nkind = \"latin_hypercube\"\npoints = " + std::to_string(points) + "\n" + parameters;
}

const std::string kThreeParameters = R"(
[[parameter]]
key = "levers.handoffs.reduction"
distribution = "uniform"
low = 0.1
high = 0.5
[[parameter]]
key = "levers.admission_avoidance.virtual_ward_beds_per_100k"
distribution = "log_uniform"
low = 10
high = 80
[[parameter]]
key = "capacity.ga_beds"
distribution = "triangular"
low = 0.9
mode = 1.0
high = 1.2
)";

TEST(SweepFile, ExamplesLoad) {
  const Sweep uncertainty = load_sweep(kScenarios / "sweeps" / "partnership_uncertainty.toml", baseline());
  EXPECT_EQ(uncertainty.design, DesignKind::latin_hypercube);
  EXPECT_EQ(design_points(uncertainty).size(), 40U);
  EXPECT_TRUE(uncertainty.warnings.empty());
  const Sweep sobol = load_sweep(kScenarios / "sweeps" / "partnership_sobol.toml", baseline());
  EXPECT_EQ(design_points(sobol).size(), 64U * (4 + 2));
  const Sweep benchmark = load_sweep(kScenarios / ".." / "benchmarks" / "sweeps" / "throughput.toml", baseline());
  EXPECT_EQ(design_points(benchmark).size(), 32U);
}

TEST(SweepDesign, LatinHypercubePutsOnePointInEveryStratumOfEveryParameter) {
  const int n = 50;
  const Sweep sweep = load(lhs(n, kThreeParameters));
  const std::vector<DesignPoint> points = design_points(sweep);
  ASSERT_EQ(points.size(), static_cast<std::size_t>(n));
  const boost::math::triangular_distribution<double> triangle(0.9, 1.0, 1.2);
  const std::function<double(double)> cdf[] = {[](double x) { return (x - 0.1) / 0.4; },
                                               [](double x) { return std::log(x / 10) / std::log(8.0); },
                                               [&](double x) { return boost::math::cdf(triangle, x); }};
  for (std::size_t j = 0; j < 3; ++j) {
    std::set<int> strata;
    for (const DesignPoint& p : points) strata.insert(static_cast<int>(std::floor(cdf[j](p.values[j]) * n)));
    EXPECT_EQ(strata.size(), static_cast<std::size_t>(n)) << "parameter " << j;
    EXPECT_EQ(*strata.begin(), 0);
    EXPECT_EQ(*strata.rbegin(), n - 1);
  }
}

TEST(SweepDesign, SameDefinitionSameDesignAndAnotherSeedAnother) {
  const std::vector<DesignPoint> a = design_points(load(lhs(20, kThreeParameters)));
  const std::vector<DesignPoint> b = design_points(load(lhs(20, kThreeParameters)));
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].values, b[i].values);
  std::string other = lhs(20, kThreeParameters);
  other.replace(other.find("master_seed = 7"), 15, "master_seed = 8");
  const std::vector<DesignPoint> c = design_points(load(other));
  EXPECT_NE(a[0].values, c[0].values);
}

TEST(SweepDesign, GridIsEveryCombinationWithTheFirstParameterSlowest) {
  const Sweep sweep = load(kHeader + R"([design]
kind = "grid"
[[parameter]]
key = "levers.mutual_aid.enabled"
distribution = "list"
values = [false, true]
[[parameter]]
key = "capacity.ga_beds"
distribution = "uniform"
low = 0.8
high = 1.2
levels = 4
)");
  const std::vector<DesignPoint> points = design_points(sweep);
  ASSERT_EQ(points.size(), 8U);
  const double levels[] = {0.85, 0.95, 1.05, 1.15};  // midpoints of four equally likely strata
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(points[i].values[0], i < 4 ? 0.0 : 1.0);
    EXPECT_NEAR(points[i].values[1], levels[i % 4], 1e-12);
  }
}

TEST(SweepDesign, TheSaltelliLayoutIsRecoveredFromTheDesignSize) {
  const SaltelliLayout layout = saltelli_layout(16 * 5, 3);
  EXPECT_EQ(layout.base_samples, 16U);
  EXPECT_EQ(layout.a(2), 2U);
  EXPECT_EQ(layout.b(2), 18U);
  EXPECT_EQ(layout.ab(1, 2), 16U * 3 + 2);
  EXPECT_THROW((void)saltelli_layout(81, 3), std::invalid_argument);
  EXPECT_THROW((void)saltelli_layout(0, 3), std::invalid_argument);
}

TEST(SweepDesign, SaltelliBlocksDifferFromAInExactlyOneColumn) {
  const Sweep sweep = load(kHeader + "[design]\nkind = \"sobol\"\nbase_samples = 16\n" + kThreeParameters);
  const std::vector<DesignPoint> points = design_points(sweep);
  const std::size_t n = 16, k = 3;
  ASSERT_EQ(points.size(), n * (k + 2));
  for (std::size_t row = 0; row < n; ++row) {
    EXPECT_EQ(points[row].block, "A");
    EXPECT_EQ(points[n + row].block, "B");
    for (std::size_t i = 0; i < k; ++i) {
      const DesignPoint& mixed = points[(2 + i) * n + row];
      EXPECT_EQ(mixed.block, "AB:" + sweep.parameters[i].key);
      for (std::size_t j = 0; j < k; ++j) {
        EXPECT_EQ(mixed.values[j], j == i ? points[n + row].values[j] : points[row].values[j]);
      }
    }
  }
  // A Sobol sequence is balanced: at 16 points each half of every dimension holds 8 of A's points.
  for (std::size_t j = 0; j < k; ++j) {
    const double median = sweep.parameters[j].quantile(0.5);
    int below = 0;
    for (std::size_t row = 0; row < n; ++row) below += points[row].values[j] < median ? 1 : 0;
    EXPECT_EQ(below, 8) << "dimension " << j;
  }
}

TEST(SweepDistribution, Quantiles) {
  Parameter p;
  p.distribution = Distribution::uniform, p.low = 2, p.high = 6;
  EXPECT_DOUBLE_EQ(p.quantile(0.25), 3);
  p.distribution = Distribution::log_uniform, p.low = 10, p.high = 1000;
  EXPECT_NEAR(p.quantile(0.5), 100, 1e-9);  // the median of a log-uniform is the geometric mean
  p.distribution = Distribution::triangular, p.low = 0, p.mode = 0.25, p.high = 1;
  EXPECT_NEAR(p.quantile(0.25), 0.25, 1e-12);  // F(mode) = (mode - low) / (high - low)
  p.distribution = Distribution::list, p.values = {3, 5, 9};
  EXPECT_EQ(p.quantile(0.0), 3);
  EXPECT_EQ(p.quantile(0.5), 5);
  EXPECT_EQ(p.quantile(0.999), 9);
}

TEST(SweepPoint, ValuesReachTheModelParameters) {
  const Sweep sweep = load(lhs(5, kThreeParameters + R"(
[[parameter]]
key = "levers.mutual_aid.enabled"
distribution = "list"
values = [false]
)"));
  const scenarios::Scenario scenario = point_scenario(sweep, {0.3, 25.0, 1.1, 0.0}, 4);
  const models::PolicyParams& policy = scenario.params.policy;
  EXPECT_EQ(policy.handoffs.reduction.low, 0.3);  // an effect range swept is fixed at the point's value
  EXPECT_EQ(policy.handoffs.reduction.mode, 0.3);
  EXPECT_EQ(policy.handoffs.reduction.high, 0.3);
  EXPECT_EQ(policy.admission_avoidance.virtual_ward_beds_per_100k, 25.0);
  EXPECT_EQ(scenario.params.capacity.ga_beds, 1.1);
  EXPECT_FALSE(policy.mutual_aid.enabled);
  EXPECT_TRUE(policy.discharge_to_assess.enabled);  // the rest is the base scenario's
  EXPECT_EQ(scenario.name, "partnership-point-4");
}

// A point is set through the scenario schema, not by writing TOML: it must run exactly as the same
// scenario written as a file (the base scenario extended with the point's values) does.
TEST(SweepPoint, RunsExactlyAsTheSameScenarioWrittenAsAFile) {
  const Sweep sweep = load(lhs(5, kThreeParameters));
  const std::vector<double> values = design_points(sweep)[2].values;
  const scenarios::Scenario point = point_scenario(sweep, values, 2);
  char text[512];
  std::snprintf(text, sizeof text,
                "extends = \"partnership.toml\"\n[levers.handoffs]\nreduction = %.17g\n"
                "[levers.admission_avoidance]\nvirtual_ward_beds_per_100k = %.17g\n[capacity]\nga_beds = %.17g\n",
                values[0], values[1], values[2]);
  const scenarios::Scenario written = scenarios::load_scenario_text(text, "written.toml", kScenarios, baseline());
  models::RunSettings settings;
  settings.scale = 0.01;
  settings.years = 0.05;
  settings.warmup_days = 5;
  const models::ReplicationResult a = models::run_replication(point.params, settings, {});
  const models::ReplicationResult b = models::run_replication(written.params, settings, {});
  ASSERT_EQ(a.summary.size(), b.summary.size());
  for (std::size_t i = 0; i < a.summary.size(); ++i) EXPECT_EQ(a.summary[i].values, b.summary[i].values) << i;
  EXPECT_EQ(a.events_executed, b.events_executed);
  EXPECT_NE(point.resolved_toml.find("levers.handoffs.reduction = "), std::string::npos);  // what was set
}

// The partnership scenario targets proactive care, so a point without proactive care is inconsistent.
TEST(SweepPoint, APointThatBreaksAConsistencyRuleIsRefused) {
  const Sweep sweep = load(lhs(2, R"(
[[parameter]]
key = "levers.proactive_care.enabled"
distribution = "list"
values = [false, true]
)"));
  ASSERT_TRUE(sweep.base.params.policy.targeting.enabled);
  EXPECT_TRUE(point_scenario(sweep, {1.0}, 0).params.policy.proactive_care.enabled);
  try {
    (void)point_scenario(sweep, {0.0}, 1);
    ADD_FAILURE() << "targeting without proactive care was accepted";
  } catch (const scenarios::ScenarioError& error) {
    EXPECT_NE(std::string(error.what()).find("point 1: levers.targeting.enabled"), std::string::npos) << error.what();
  }
}

TEST(SweepFingerprint, ChangesWithWhatTheResultsDependOnOnly) {
  const Sweep a = load(lhs(10, kThreeParameters));
  const Sweep renamed = load("name = \"other\"\ndescription = \"words\"\n# a comment\n" + lhs(10, kThreeParameters));
  EXPECT_EQ(a.fingerprint, renamed.fingerprint);
  std::string wider = lhs(10, kThreeParameters);
  wider.replace(wider.find("high = 0.5"), 10, "high = 0.6");
  EXPECT_NE(a.fingerprint, load(wider).fingerprint);
  EXPECT_NE(a.fingerprint, load(lhs(11, kThreeParameters)).fingerprint);
  std::string base = lhs(10, kThreeParameters);
  base.replace(base.find("partnership.toml"), 16, "levers/mutual_aid.toml");
  EXPECT_NE(a.fingerprint, load(base).fingerprint);
}

TEST(SweepFile, WarnsAboutParametersOfLeversTheBaseLeavesOff) {
  std::string text = lhs(10, kThreeParameters);
  text.replace(text.find("partnership.toml"), 16, "siloed.toml");
  const Sweep sweep = load(text);
  ASSERT_EQ(sweep.warnings.size(), 2U);  // handoffs and admission avoidance; capacity always applies
  EXPECT_NE(sweep.warnings[0].find("levers.handoffs.enabled false"), std::string::npos) << sweep.warnings[0];
  EXPECT_NE(sweep.warnings[1].find("levers.admission_avoidance.enabled false"), std::string::npos) << sweep.warnings[1];
}

struct BadSweep {
  std::string text;
  std::string message;  // expected in the error
};

class SweepErrors : public testing::TestWithParam<BadSweep> {};

TEST_P(SweepErrors, ReportWhereAndWhat) {
  try {
    load(GetParam().text);
    FAIL() << "accepted:\n" << GetParam().text;
  } catch (const SweepError& error) {
    EXPECT_NE(std::string(error.what()).find(GetParam().message), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).rfind("test.toml:", 0), 0U) << error.what();
  }
}

const std::string kOne =
    "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"uniform\"\nlow = 0.9\nhigh = 1.1\n";

INSTANTIATE_TEST_SUITE_P(
    Cases, SweepErrors,
    testing::Values(
        BadSweep{"replicatoins = 3\n" + lhs(10, kOne), "unknown key 'replicatoins'"},
        BadSweep{"scenario = \"../nope.toml\"\n[design]\nkind = \"grid\"\n" + kOne,
                 "test.toml:1:12: scenario: no such file"},
        BadSweep{"[design]\nkind = \"grid\"\n" + kOne, "missing 'scenario'"},
        BadSweep{
            lhs(10, "[[parameter]]\nkey = \"capacity.ga_bed\"\ndistribution = \"uniform\"\nlow = 0.9\nhigh = 1.1\n"),
            "test.toml:8:7: parameter[1].key: 'capacity.ga_bed' is not a scenario key"},
        BadSweep{lhs(10,
                     "[[parameter]]\nkey = \"levers.targeting.deprivation_weights\"\ndistribution = \"uniform\"\nlow = "
                     "0\nhigh = 1\n"),
                 "cannot be swept"},
        BadSweep{
            lhs(10,
                "[[parameter]]\nkey = \"levers.mutual_aid.enabled\"\ndistribution = \"uniform\"\nlow = 0\nhigh = 1\n"),
            "use distribution = \"list\""},
        BadSweep{lhs(10, "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"normal\"\n"), "expected one of"},
        BadSweep{
            lhs(10, "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"uniform\"\nlow = 1.2\nhigh = 1.1\n"),
            "needs low < high"},
        BadSweep{
            lhs(10,
                "[[parameter]]\nkey = \"levers.handoffs.reduction\"\ndistribution = \"uniform\"\nlow = 0.5\nhigh = "
                "1.5\n"),
            "test.toml:11:8: parameter[1].high: value 1.5 is outside levers.handoffs.reduction's allowed range [0, 1]"},
        BadSweep{
            lhs(10, "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"log_uniform\"\nlow = 0\nhigh = 1.1\n"),
            "needs low > 0"},
        BadSweep{lhs(10,
                     "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"triangular\"\nlow = 0.9\nmode = "
                     "1.3\nhigh = 1.1\n"),
                 "low <= mode <= high"},
        BadSweep{lhs(10,
                     "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"uniform\"\nlow = 0.9\nhigh = "
                     "1.1\nlevels = 3\n"),
                 "grid design only"},
        BadSweep{lhs(10, "[[parameter]]\nkey = \"capacity.ga_beds\"\ndistribution = \"list\"\nvalues = []\n"),
                 "non-empty list"},
        BadSweep{lhs(10, kOne + kOne), "swept twice"}, BadSweep{lhs(10, ""), "at least one [[parameter]]"},
        BadSweep{lhs(1, kOne), "design.points: value 1 is outside the allowed range"},
        BadSweep{kHeader + "[design]\nkind = \"grid\"\n" + kOne, "a grid needs 'levels'"},
        BadSweep{kHeader + "[design]\nkind = \"random\"\n" + kOne, "design.kind"},
        BadSweep{kHeader + kOne, "missing [design]"},
        BadSweep{"scenario = \"../partnership.toml\"\nreplications = 0\n[design]\nkind = \"grid\"\n" + kOne,
                 "replications: value 0 is outside"},
        BadSweep{"scenario = \"../partnership.toml\"\nscale = \"big\"\n[design]\nkind = \"grid\"\n" + kOne,
                 "test.toml:2:9: scale: expected a number"},
        BadSweep{"scenario = \"../partnership.toml\"\n[design\n", "test.toml:2:"}));

}  // namespace
}  // namespace icsflow::sweeps
