// The serve library without HTTP: scenario problems taken apart, the scenario library's rules (only shipped
// files may be extended, names checked, shipped names not overwritten) and the job queue (runs, cancels, fails).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/runner/comparison_run.hpp"
#include "jobs.hpp"
#include "scenario_library.hpp"

namespace icsflow::serve {
namespace {

namespace fs = std::filesystem;

class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "icsflow-serve-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempFolder() { fs::remove_all(path_); }
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

const models::ModelParams& baseline() {
  static const models::ModelParams params = models::load_embedded_baseline();
  return params;
}

TEST(ParseProblem, TakesLineColumnKeyAndMessageApart) {
  const ScenarioProblem p =
      parse_problem("scenario.toml:7:14: levers.handoffs.enabled: expected true or false", "scenario.toml");
  EXPECT_EQ(p.line, 7);
  EXPECT_EQ(p.column, 14);
  EXPECT_EQ(p.key, "levers.handoffs.enabled");
  EXPECT_EQ(p.message, "expected true or false");
}

TEST(ParseProblem, SyntaxErrorsHaveAPlaceButNoKey) {
  const ScenarioProblem p =
      parse_problem("scenario.toml:4:14: Error while parsing boolean: expected 'true', saw 'tru\n'", "scenario.toml");
  EXPECT_EQ(p.line, 4);
  EXPECT_EQ(p.column, 14);
  EXPECT_EQ(p.key, "");  // "Error while parsing boolean" is words, not a key
  EXPECT_EQ(p.message, "Error while parsing boolean: expected 'true', saw 'tru\n'");
}

TEST(ParseProblem, AnotherFilesPlaceIsNotTakenForTheText) {
  const ScenarioProblem p = parse_problem("/x/siloed.toml:3:1: name: expected a string", "scenario.toml");
  EXPECT_EQ(p.line, 0);
  EXPECT_EQ(p.message, "/x/siloed.toml:3:1: name: expected a string");
}

class Library : public ::testing::Test {
 protected:
  TempFolder folder;
  ScenarioLibrary library{ICSFLOW_SCENARIO_DIR, folder.path() / "scenarios", baseline()};
};

TEST_F(Library, ListsEveryShippedScenario) {
  const nlohmann::json list = library.list();
  std::vector<std::string> names;
  for (const auto& s : list["shipped"]) names.push_back(s["name"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "siloed"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "partnership"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "mutual_aid"), names.end());
  EXPECT_TRUE(list["saved"].empty());
}

TEST_F(Library, ChecksTextWithPlaces) {
  try {
    (void)library.check("extends = \"siloed.toml\"\nname = \"x\"\n[levers.handoffs]\nenabled = 3\n");
    FAIL() << "accepted a number for a switch";
  } catch (const RequestError& e) {
    EXPECT_EQ(e.status(), 422);
    ASSERT_EQ(e.problems().size(), 1U);
    EXPECT_EQ(e.problems()[0].line, 4);
    EXPECT_EQ(e.problems()[0].key, "levers.handoffs.enabled");
  }
  const scenarios::Scenario ok =
      library.check("extends = \"siloed.toml\"\nname = \"x\"\n[levers.mutual_aid]\nenabled = true\n");
  EXPECT_TRUE(ok.params.policy.mutual_aid.enabled);
}

TEST_F(Library, ExtendsOnlyAShippedFile) {
  for (const char* base : {"../../etc/passwd", "/etc/passwd", "levers/../../README.md", "nothing.toml"}) {
    try {
      (void)library.check(std::string("extends = \"") + base + "\"\n");
      FAIL() << base << " accepted";
    } catch (const RequestError& e) {
      EXPECT_EQ(e.status(), 422);
      EXPECT_EQ(e.problems()[0].key, "extends");
      EXPECT_EQ(e.problems()[0].line, 1);
    }
  }
  EXPECT_NO_THROW((void)library.check("extends = \"levers/mutual_aid.toml\"\nname = \"y\"\n"));
}

TEST_F(Library, SavesUnderItsNameAndOffersItAgain) {
  EXPECT_EQ(library.save("extends = \"siloed.toml\"\nname = \"d2a_only\"\n[levers.discharge_to_assess]\nenabled = "
                         "true\n"),
            "d2a_only");
  EXPECT_TRUE(fs::exists(folder.path() / "scenarios" / "d2a_only.toml"));
  EXPECT_EQ(library.list()["saved"][0]["name"], "d2a_only");
  EXPECT_TRUE(library.load("d2a_only").params.policy.discharge_to_assess.enabled);
  // A new library on the same folder (a restarted server) finds it.
  const ScenarioLibrary again(ICSFLOW_SCENARIO_DIR, folder.path() / "scenarios", baseline());
  EXPECT_TRUE(again.text("d2a_only").has_value());
}

TEST_F(Library, ASavedFileNoLongerValidIsListedWithWhy) {
  std::ofstream(folder.path() / "scenarios" / "old.toml")
      << "extends = \"siloed.toml\"\n[levers.gone]\nenabled = true\n";
  const nlohmann::json list = library.list();
  ASSERT_EQ(list["saved"].size(), 1U);
  EXPECT_EQ(list["saved"][0]["name"], "old");
  EXPECT_NE(list["saved"][0]["error"].get<std::string>().find("gone"), std::string::npos);
  EXPECT_GE(list["shipped"].size(), 10U) << "the others are still listed";
  EXPECT_THROW((void)library.load("old"), RequestError);
}

TEST_F(Library, RefusesShippedAndBadNames) {
  try {
    library.save("extends = \"siloed.toml\"\nname = \"partnership\"\n");
    FAIL();
  } catch (const RequestError& e) {
    EXPECT_EQ(e.status(), 409);
  }
  try {
    library.save("extends = \"siloed.toml\"\nname = \"a.b\"\n");  // a valid scenario name, not a file name here
    FAIL();
  } catch (const RequestError& e) {
    EXPECT_EQ(e.status(), 400);
  }
  EXPECT_THROW((void)library.load("no_such"), RequestError);
  EXPECT_FALSE(library.text("../siloed").has_value());
}

TEST_F(Library, SchemaHasEveryKeyWithEvidenceAndValues) {
  const nlohmann::json schema = library.schema();
  std::size_t keys = 0;
  bool handoffs = false;
  for (const auto& group : schema["groups"]) {
    keys += group["keys"].size();
    if (group["table"] == "levers.handoffs") {
      handoffs = true;
      EXPECT_NE(group["evidence"].get<std::string>().find("trusted assessor"), std::string::npos);
      EXPECT_EQ(group["keys"][0]["baseline"], false);
      EXPECT_EQ(group["keys"][0]["partnership"], true);
      EXPECT_EQ(group["keys"][1]["baseline"]["mode"], 0.25);
    }
  }
  EXPECT_TRUE(handoffs);
  EXPECT_EQ(keys + 3, scenarios::scenario_keys().size());  // all but name, description, extends
}

// A comparison small enough for a unit test: a fiftieth of SEL for a month, two replications, one thread.
runner::ComparisonPlan tiny_plan(const ScenarioLibrary& library) {
  runner::RunSettings settings;
  settings.scale = 0.02;
  settings.years = 30.0 / 365;
  settings.warmup_days = 10;
  settings.replications = 2;
  settings.threads = 1;
  return runner::plan_comparison({library.load("siloed"), library.load("mutual_aid")}, settings, false, false);
}

nlohmann::json wait_for_end(const JobQueue& jobs, int id) {
  for (int i = 0; i < 600; ++i) {
    const nlohmann::json status = jobs.status(id);
    const std::string state = status["state"];
    if (state != "queued" && state != "running") return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return nullptr;
}

TEST_F(Library, JobsRunInTurnAndFinish) {
  int finished = 0;
  JobQueue jobs(folder.path() / "jobs", 4, [&finished](const fs::path& results, const fs::path& at) {
    EXPECT_TRUE(fs::exists(results));
    EXPECT_EQ(results.parent_path(), at);
    ++finished;
  });
  const int first = jobs.submit(tiny_plan(library), {{"what", "first"}});
  const int second = jobs.submit(tiny_plan(library), {{"what", "second"}});
  EXPECT_EQ(wait_for_end(jobs, first)["state"], "done");
  const nlohmann::json end = wait_for_end(jobs, second);
  EXPECT_EQ(end["state"], "done");
  EXPECT_EQ(end["progress"], 1.0);
  EXPECT_EQ(end["request"]["what"], "second");
  EXPECT_EQ(finished, 2);
  EXPECT_TRUE(jobs.done_folder(first).has_value());
  EXPECT_FALSE(jobs.cancel(first));  // already ended
  EXPECT_TRUE(jobs.status(99).is_null());
}

TEST_F(Library, ANewQueueOnAnOldFolderOffersItsFinishedJobsAndNumbersAfterThem) {
  const auto make_page = [](const fs::path&, const fs::path& at) { std::ofstream(at / "results.json") << "{}"; };
  {
    JobQueue before(folder.path() / "jobs", 4, make_page);
    EXPECT_EQ(wait_for_end(before, before.submit(tiny_plan(library), {{"what", "kept"}}))["state"], "done");
  }
  fs::create_directories(folder.path() / "jobs" / "7");  // a job that never finished
  JobQueue after(folder.path() / "jobs", 4, make_page);
  const nlohmann::json kept = after.status(1);
  EXPECT_EQ(kept["state"], "done");
  EXPECT_EQ(kept["request"]["what"], "kept");
  EXPECT_TRUE(after.done_folder(1).has_value());
  EXPECT_TRUE(after.status(7).is_null());
  EXPECT_EQ(after.submit(tiny_plan(library), {}), 8);
}

TEST_F(Library, CancelsWaitingAndRunningJobs) {
  JobQueue jobs(folder.path() / "jobs", 4, [](const fs::path&, const fs::path&) {});
  runner::ComparisonPlan long_plan = tiny_plan(library);
  long_plan.settings.years = 5;  // long enough to be cancelled while it runs
  const int running = jobs.submit(std::move(long_plan), {});
  const int waiting = jobs.submit(tiny_plan(library), {});
  EXPECT_TRUE(jobs.cancel(waiting));
  EXPECT_EQ(jobs.status(waiting)["state"], "cancelled");
  for (int i = 0; i < 100 && jobs.status(running)["state"] != "running"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(jobs.cancel(running));
  const nlohmann::json end = wait_for_end(jobs, running);
  EXPECT_EQ(end["state"], "cancelled");
  EXPECT_LT(end["seconds"].get<double>(), 30.0);
  EXPECT_FALSE(jobs.done_folder(running).has_value());
  EXPECT_FALSE(fs::exists(folder.path() / "jobs" / std::to_string(running) / "comparison.h5"));
}

TEST_F(Library, AFailingFinishFailsTheJobWithItsMessage) {
  JobQueue jobs(folder.path() / "jobs", 4,
                [](const fs::path&, const fs::path&) { throw std::runtime_error("the page data could not be made"); });
  const nlohmann::json end = wait_for_end(jobs, jobs.submit(tiny_plan(library), {}));
  EXPECT_EQ(end["state"], "failed");
  EXPECT_EQ(end["error"], "the page data could not be made");
}

TEST_F(Library, TheQueueHasALimit) {
  JobQueue jobs(folder.path() / "jobs", 1, [](const fs::path&, const fs::path&) {});
  runner::ComparisonPlan long_plan = tiny_plan(library);
  long_plan.settings.years = 5;
  const int running = jobs.submit(std::move(long_plan), {});
  for (int i = 0; i < 100 && jobs.status(running)["state"] != "running"; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  (void)jobs.submit(tiny_plan(library), {});
  EXPECT_THROW((void)jobs.submit(tiny_plan(library), {}), QueueFull);
}  // the destructor cancels what runs and drops what waits

}  // namespace
}  // namespace icsflow::serve
