#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <typeinfo>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/scenarios/scenario.hpp"

namespace icsflow::scenarios {
namespace {

namespace fs = std::filesystem;

const models::ModelParams& baseline() {
  static const models::ModelParams params = models::load_embedded_baseline();
  return params;
}

class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              ("icsflow-scenario-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  fs::path write(const std::string& name, const std::string& text) {
    const fs::path file = folder_ / name;
    std::ofstream(file) << text;
    return file;
  }
  std::string error_of(const fs::path& file) {
    try {
      (void)load_scenario(file, baseline());
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "";
  }
  fs::path folder_;
};

TEST_F(ScenarioFiles, ExtendsOverridesTableByTable) {
  write("base.toml",
        "name = \"base\"\n[levers.handoffs]\nenabled = false\nreduction = { low = 0.1, mode = 0.2, high = 0.3 }\n"
        "[capacity]\nga_beds = 1.5\n");
  const Scenario s =
      load_scenario(write("alt.toml", "extends = \"base.toml\"\n[levers.handoffs]\nenabled = true\n"), baseline());
  EXPECT_EQ(s.name, "alt") << "name is the scenario's own, not inherited";
  EXPECT_TRUE(s.params.policy.handoffs.enabled);
  EXPECT_DOUBLE_EQ(s.params.policy.handoffs.reduction.mode, 0.2) << "kept from the base";
  EXPECT_DOUBLE_EQ(s.params.capacity.ga_beds, 1.5);
  EXPECT_EQ(s.resolved_toml.find("extends"), std::string::npos);
  EXPECT_NE(s.resolved_toml.find("reduction"), std::string::npos);
}

TEST_F(ScenarioFiles, CapacitiesMayBeHeldAtTodaysOverTheYears) {
  EXPECT_DOUBLE_EQ(
      load_scenario(write("s.toml", "name = \"s\"\n"), baseline()).params.demography.capacity_follows_demography,
      baseline().demography.capacity_follows_demography)
      << "the data's value unless the scenario says";
  const Scenario flat = load_scenario(write("t.toml", "[services]\ncapacity_follows_demography = 0\n"), baseline());
  EXPECT_DOUBLE_EQ(flat.params.demography.capacity_follows_demography, 0);
}

TEST_F(ScenarioFiles, SeasonsMayBeAveragedAway) {
  EXPECT_DOUBLE_EQ(load_scenario(write("s.toml", "name = \"s\"\n"), baseline()).params.seasons.strength, 1)
      << "the seasons as published unless the scenario says";
  EXPECT_DOUBLE_EQ(load_scenario(write("t.toml", "[services]\nseasons = 0\n"), baseline()).params.seasons.strength, 0);
}

TEST_F(ScenarioFiles, AFixedNumberIsADegenerateEffectRange) {
  const Scenario s = load_scenario(write("s.toml", "[levers.handoffs]\nreduction = 0.25\n"), baseline());
  EXPECT_DOUBLE_EQ(s.params.policy.handoffs.reduction.low, 0.25);
  EXPECT_DOUBLE_EQ(s.params.policy.handoffs.reduction.high, 0.25);
}

TEST_F(ScenarioFiles, UnknownKeySuggestsTheNearestOne) {
  const std::string error = error_of(write("s.toml", "name = \"s\"\n[levers.handoffs]\nenabeld = true\n"));
  EXPECT_NE(error.find("s.toml:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("levers.handoffs.enabeld"), std::string::npos) << error;
  EXPECT_NE(error.find("did you mean 'enabled'"), std::string::npos) << error;
  EXPECT_NE(error_of(write("t.toml", "[levers.handofs]\nenabled = true\n")).find("did you mean 'handoffs'"),
            std::string::npos);
}

TEST_F(ScenarioFiles, WrongTypesAndRangesNameTheKeyAndPlace) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"[capacity]\nga_beds = \"many\"\n", "s.toml:2:11: capacity.ga_beds: expected a number"},
      {"[capacity]\nga_beds = -1\n", "capacity.ga_beds: value -1 is outside the allowed range [0, 10]"},
      {"[levers.admission_avoidance]\nucr_referral_share = 1.5\n", "outside the allowed range [0, 1]"},
      {"[levers.handoffs]\nenabled = 1\n", "expected true or false"},
      {"[levers.handoffs]\nreduction = { low = 0.5, mode = 0.2, high = 0.6 }\n", "needs low <= mode <= high"},
      {"[levers.handoffs]\nreduction = { low = 0.1, high = 0.6 }\n", "missing 'mode'"},
      {"[levers.targeting]\ndeprivation_weights = [1, 2, 3]\n", "a list of 5 numbers"},
      {"levers = 3\n", "expected a table"},
      {"name = \"a/b\"\n", "not a valid scenario name"},
      {"[levers.targeting]\nenabled = true\n", "switch on levers.proactive_care too"},
      {"name = \"x\"\nname = \"y\"\n", "s.toml:2:"},
      {"[services]\ncapacity_follows_demography = 1.5\n",
       "services.capacity_follows_demography: value 1.5 is outside the allowed range [0, 1]"},
      {"[services]\nseasons = -0.5\n", "services.seasons: value -0.5 is outside the allowed range [0, 1]"},
  };
  for (const Case& c : cases) {
    const std::string error = error_of(write("s.toml", c.text));
    EXPECT_NE(error.find(c.expected), std::string::npos) << "input:\n" << c.text << "error: " << error;
  }
}

TEST_F(ScenarioFiles, MissingFilesAndCircularExtends) {
  EXPECT_NE(error_of(folder_ / "absent.toml").find("cannot open scenario file"), std::string::npos);
  const std::string missing_base = error_of(write("s.toml", "extends = \"nowhere.toml\"\n"));
  EXPECT_NE(missing_base.find("s.toml:1:"), std::string::npos) << missing_base;
  EXPECT_NE(missing_base.find("no such file"), std::string::npos) << missing_base;
  write("a.toml", "extends = \"b.toml\"\n");
  write("b.toml", "extends = \"a.toml\"\n");
  const std::string cycle = error_of(folder_ / "a.toml");
  EXPECT_NE(cycle.find("circular 'extends'"), std::string::npos) << cycle;
  EXPECT_NE(cycle.find("a.toml -> b.toml -> a.toml"), std::string::npos) << cycle;
  EXPECT_NE(error_of(write("self.toml", "extends = \"self.toml\"\n")).find("circular"), std::string::npos);
}

// Property: whatever the bytes, the loader either loads the scenario or throws ScenarioError — no crash,
// no other exception. Inputs are real scenario files with random deletions, insertions and swaps.
TEST_F(ScenarioFiles, MalformedFilesNeverCrashTheLoader) {
  std::vector<std::string> seeds;
  for (const char* name : {"siloed.toml", "partnership.toml"}) {
    std::ifstream in(fs::path(ICSFLOW_SCENARIO_DIR) / name);
    std::stringstream text;
    text << in.rdbuf();
    if (!text.str().empty()) seeds.push_back(text.str());
  }
  ASSERT_FALSE(seeds.empty());
  const std::string alphabet = "[]{}=\"'.,#\n \t0123456789-+eElowmdhigtruefalsnxabc_\\";
  std::mt19937_64 rng(20261123);
  int loaded = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = seeds[static_cast<std::size_t>(trial) % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text.erase(at, 1 + rng() % 8);
          break;
        case 1:
          text.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          std::swap(text[at], text[rng() % text.size()]);
      }
    }
    try {
      (void)load_scenario_text(text, "fuzz.toml", ICSFLOW_SCENARIO_DIR, baseline());
      ++loaded;
    } catch (const ScenarioError&) {
      // a clear error is the expected outcome for most inputs
    } catch (const std::exception& e) {
      FAIL() << "unexpected " << typeid(e).name() << ": " << e.what() << "\ninput:\n" << text;
    }
  }
  EXPECT_GT(loaded, 0) << "some mutations (in comments, say) leave a valid file";
}

TEST(Scenarios, ShippedScenariosLoad) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(ICSFLOW_SCENARIO_DIR)) {
    // scenarios/sweeps/ holds sweep files (tested in tests/sweeps).
    if (entry.path().extension() != ".toml" || entry.path().parent_path().filename() == "sweeps") continue;
    ++files;
    EXPECT_NO_THROW((void)load_scenario(entry.path(), baseline())) << entry.path();
  }
  EXPECT_EQ(files, 14);  // siloed, partnership and the twelve levers
}

TEST(Scenarios, EveryKeyIsDocumented) {
  for (const KeyDoc& key : scenario_keys()) {
    EXPECT_FALSE(key.meaning.empty()) << key.path;
    EXPECT_FALSE(key.type.empty()) << key.path;
  }
}

}  // namespace
}  // namespace icsflow::scenarios

namespace icsflow::scenarios {
namespace {

TEST(Scenarios, DocsListEveryKey) {
  std::ifstream in(std::filesystem::path(ICSFLOW_SOURCE_DIR) / "docs/scenarios.md");
  std::stringstream text;
  text << in.rdbuf();
  for (const KeyDoc& key : scenario_keys()) {
    EXPECT_NE(text.str().find("`" + key.path + "`"), std::string::npos)
        << key.path << " missing from docs/scenarios.md";
  }
}

}  // namespace
}  // namespace icsflow::scenarios
