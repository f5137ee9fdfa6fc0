#include <algorithm>
#include <numeric>
#include <string>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"

namespace icsflow::models {
namespace {

std::vector<DataFile> with_replaced(const std::string& file, const std::string& from, const std::string& to) {
  std::vector<DataFile> files = embedded_baseline_files();
  for (DataFile& f : files) {
    if (f.name != file) continue;
    const std::size_t at = f.text.find(from);
    EXPECT_NE(at, std::string::npos) << "test set-up: '" << from << "' not in " << file;
    if (at != std::string::npos) f.text.replace(at, from.size(), to);
  }
  return files;
}

TEST(BaselineData, EmbeddedDataLoads) {
  const ModelParams params = load_embedded_baseline();
  ASSERT_EQ(params.boroughs.size(), 6U);
  EXPECT_EQ(params.pcns.size(), 35U);
  EXPECT_EQ(params.sites.size(), 6U);
  double residents = 0;
  for (const BoroughParams& b : params.boroughs) {
    residents += b.residents;
    EXPECT_NEAR(std::accumulate(b.site_shares.begin(), b.site_shares.end(), 0.0), 1.0, 1e-9) << b.name;
  }
  // ONS Census 2021: the six boroughs' usual residents (population.toml).
  EXPECT_NEAR(residents, 1'791'282, 1);
  for (int a = 0; a < kAgeBands; ++a) {
    EXPECT_GT(params.acute.clinical_los_nonzero_days[a], 1.0) << "clinical stay must exceed a day, age band " << a;
  }
}

TEST(BaselineData, EveryNumberHasItsProvenance) {
  const std::vector<std::string> problems = provenance_problems(embedded_baseline_files());
  for (const std::string& p : problems) ADD_FAILURE() << p;
  EXPECT_TRUE(problems.empty());
}

TEST(BaselineData, ProvenanceCheckFindsEachKindOfProblem) {
  std::vector<DataFile> files{{"bad.toml",
                               "bare = 3\n"
                               "no_source = { value = 1 }\n"
                               "no_range = { value = 1, assumption = true, basis = \"guess\" }\n"
                               "outside = { value = 5, assumption = true, low = 1, high = 2, basis = \"guess\" }\n"
                               "typo = { value = 1, sourse = \"x\", source = \"y\" }\n"
                               "fine = { value = 1, source = \"ONS, table, 2021\" }\n"}};
  const std::vector<std::string> problems = provenance_problems(files);
  EXPECT_EQ(problems.size(), 5U);
  const auto reported = [&problems](const std::string& where, const std::string& what) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
      return p.find(where) != std::string::npos && p.find(what) != std::string::npos;
    });
  };
  EXPECT_TRUE(reported("bad.toml:1:", "bare number"));
  EXPECT_TRUE(reported("bad.toml:2:", "no provenance"));
  EXPECT_TRUE(reported("bad.toml:3:", "plausible range"));
  EXPECT_TRUE(reported("bad.toml:4:", "outside its stated range"));
  EXPECT_TRUE(reported("bad.toml:5:", "unknown key 'sourse'"));
}

TEST(BaselineData, LoaderNamesFileLineAndKeyPath) {
  const auto files =
      with_replaced("population.toml", "residents = { value = 246500,", "residents = { value = \"lots\",");
  try {
    (void)load_baseline(files);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("population.toml:"), std::string::npos) << what;
    EXPECT_NE(what.find("boroughs.bexley.residents"), std::string::npos) << what;
  }
}

TEST(BaselineData, SharesThatDoNotSumToOneAreRefused) {
  const auto files = with_replaced("population.toml", "deprivation_shares = { values = [0.04,",
                                   "deprivation_shares = { values = [0.14,");
  EXPECT_THROW((void)load_baseline(files), DataError);
}

TEST(BaselineData, SeasonsNeedPositiveMonthlyMultipliersAndAMonthToStart) {
  const ModelParams params = load_baseline(embedded_baseline_files());
  EXPECT_EQ(params.seasons.results_start_month, 4) << "the NHS year";
  EXPECT_GT(params.seasons.exacerbation[0], params.seasons.exacerbation[7])
      << "more exacerbations in January than August";
  const auto refused = [](const std::string& from, const std::string& to, const std::string& expected) {
    try {
      (void)load_baseline(with_replaced("seasons.toml", from, to));
      ADD_FAILURE() << "expected DataError for " << to;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  refused("death = { values = [1.184,", "death = { values = [0,", "profiles.death: multipliers must be > 0");
  refused("death = { values = [1.184,", "death = { values = [", "profiles.death: expected 12 values");
  refused("results_start_month = { value = 4,", "results_start_month = { value = 13,",
          "calendar.results_start_month: must be a whole number from 1 to 12");
}

TEST(BaselineData, SubspecialtyListsAndDischargeAtFirstAppointmentAreChecked) {
  // Each value is also widened past its stated range, so that the loader's own check is the one that refuses it.
  const auto refused = [](const std::string& key, const std::string& value, const std::string& expected) {
    const std::string entry = key + " = { value = ";
    std::vector<DataFile> files = embedded_baseline_files();
    for (DataFile& f : files) {
      if (f.name != "elective.toml") continue;
      const std::size_t at = f.text.find(entry);
      ASSERT_NE(at, std::string::npos) << "test set-up: " << key;
      const std::size_t end = f.text.find('\n', at);
      f.text.replace(at, end - at, entry + value + ", assumption = true, low = -10, high = 10, basis = \"test\" }");
    }
    try {
      (void)load_baseline(files);
      ADD_FAILURE() << "expected DataError for " << key << " = " << value;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  refused("discharged_at_first_share", "0.9", "pathway.discharged_at_first_share: must be at most 1 - admitted_share");
  refused("subspecialty_lists", "0", "capacity.subspecialty_lists: must be a whole number from 1 to 16");
  refused("subspecialty_lists", "2.5", "capacity.subspecialty_lists: must be a whole number from 1 to 16");
  refused("subspecialty_load_spread", "1", "capacity.subspecialty_load_spread: must be in [0, 1)");
}

TEST(BaselineData, SyntaxErrorsReportTheirPosition) {
  const auto files = with_replaced("costs.toml", "[gp_appointment]", "[gp_appointment");
  try {
    (void)load_baseline(files);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("costs.toml:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace icsflow::models
