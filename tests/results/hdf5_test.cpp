// Hdf5File and Hdf5Reader together: what is written comes back exactly (doubles bit for bit, strings byte for
// byte, columns in the order written, units), and every failure is a ResultsError naming the file.
#include <unistd.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/results/hdf5_reader.hpp"
#include "icsflow/results/recorder.hpp"
#include "icsflow/results/table.hpp"

namespace icsflow::results {
namespace {

namespace fs = std::filesystem;

using Integers = std::vector<std::int64_t>;
using Reals = std::vector<double>;
using Strings = std::vector<std::string>;

class Hdf5RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    folder_ = fs::temp_directory_path() / ("icsflow-results-test-" + std::to_string(::getpid()) + "-" +
                                           test->test_suite_name() + "-" + test->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
  }

  // Writes `table` at `group` of a new file and returns the file's path.
  fs::path write_table(const std::string& group, const Table& table, const std::string& name = "t.h5") {
    const fs::path path = folder_ / name;
    Hdf5File file(path);
    file.write_table(group, table);
    file.commit();
    return path;
  }

  fs::path folder_;
};

// The message of the ResultsError `action` throws, or "" when it throws none.
template <class Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const ResultsError& error) {
    return error.what();
  }
  return "";
}

std::vector<std::uint64_t> bits_of(const Reals& values) {
  std::vector<std::uint64_t> bits;
  for (double v : values) bits.push_back(std::bit_cast<std::uint64_t>(v));
  return bits;
}

void expect_same_table(const Table& expected, const Table& actual) {
  ASSERT_EQ(actual.columns().size(), expected.columns().size());
  EXPECT_EQ(actual.rows(), expected.rows());
  for (std::size_t i = 0; i < expected.columns().size(); ++i) {
    const Column& want = expected.columns()[i];
    const Column& got = actual.columns()[i];
    SCOPED_TRACE("column " + want.name);
    EXPECT_EQ(got.name, want.name);
    EXPECT_EQ(got.unit, want.unit);
    ASSERT_EQ(got.data.index(), want.data.index()) << "type";
    if (const auto* reals = std::get_if<Reals>(&want.data)) {
      EXPECT_EQ(bits_of(std::get<Reals>(got.data)), bits_of(*reals)) << "doubles bit for bit";
    } else {
      EXPECT_TRUE(got.data == want.data);
    }
  }
}

TEST_F(Hdf5RoundTrip, ValuesComeBackExactly) {
  const double quiet_nan_with_payload = std::bit_cast<double>(std::uint64_t{0x7ff8'0000'0000'1234});
  const double negative_nan = std::bit_cast<double>(std::uint64_t{0xfff8'0000'0000'0000});
  const double signalling_nan = std::bit_cast<double>(std::uint64_t{0x7ff0'0000'0000'0001});
  Table table;
  table.add({"replication", "",
             Integers{0, -1, 42, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(),
                      1'000'000'007, -7, 3, 9, 12, 13}});
  table.add({"bed_days", "days",
             Reals{std::numeric_limits<double>::quiet_NaN(), quiet_nan_with_payload, negative_nan, signalling_nan,
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), -0.0,
                   std::numeric_limits<double>::denorm_min(), 0.1 + 0.2, std::numeric_limits<double>::max(),
                   std::numeric_limits<double>::lowest()}});
  table.add({"borough", "",
             Strings{"Southwark", "", "Lewisham — £1.5m", "Zürich", "日本語のテキスト", "emoji 🏥", " padded  ",
                     std::string(10'000, 'x'), "tab\tand\nnewline", "", "last"}});
  table.add({"cost_gbp", "GBP", Reals{1.5, 2.5, 1e308, -1e-308, 5e-324, 0.30000000000000004, 1.0 / 3.0, 2, 3, 4, 5}});
  table.add({"site", "label, not a unit", Strings{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}});

  const fs::path path = write_table("/scenarios/siloed/summary", table);
  const Hdf5Reader reader(path);
  expect_same_table(table, reader.read_table("/scenarios/siloed/summary"));
  EXPECT_EQ(reader.path(), path);
  EXPECT_EQ(std::bit_cast<std::uint64_t>(
                std::get<Reals>(reader.read_table("/scenarios/siloed/summary").columns()[1].data)[8]),
            std::bit_cast<std::uint64_t>(0.1 + 0.2))
      << "0.1 + 0.2 is not 0.3, and must not come back as 0.3";
}

TEST_F(Hdf5RoundTrip, ManyRowsAcrossSeveralChunks) {
  // More rows than one chunk (65536), so several compressed chunks are read back and joined.
  std::mt19937_64 random(20240607);
  Integers integers(200'003);
  Reals reals(integers.size());
  Strings strings(integers.size());
  for (std::size_t i = 0; i < integers.size(); ++i) {
    integers[i] = static_cast<std::int64_t>(random());
    reals[i] = std::bit_cast<double>(random());  // every bit pattern, NaNs included
    strings[i] = std::to_string(random() % 1000);
  }
  Table table;
  table.add({"i", "", integers});
  table.add({"x", "m", reals});
  table.add({"s", "", strings});
  const Hdf5Reader reader(write_table("/big", table));
  expect_same_table(table, reader.read_table("/big"));
}

TEST_F(Hdf5RoundTrip, ColumnsKeepTheOrderTheyWereWrittenIn) {
  const Strings names{"zeta",  "alpha", "mu", "Beta",    "omega", "delta", "_private",
                      "gamma", "10",    "9",  "epsilon", "a",     "kappa", "Z"};
  Table table;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double x = static_cast<double>(i);
    switch (i % 3) {
      case 0:
        table.add({names[i], "", Integers{static_cast<std::int64_t>(i), 1}});
        break;
      case 1:
        table.add({names[i], "unit " + names[i], Reals{x, -x}});
        break;
      default:
        table.add({names[i], "", Strings{names[i], ""}});
        break;
    }
  }
  const Hdf5Reader reader(write_table("/comparison", table));
  const Table back = reader.read_table("/comparison");
  Strings order;
  for (const Column& column : back.columns()) order.push_back(column.name);
  EXPECT_EQ(order, names);
  expect_same_table(table, back);
}

TEST_F(Hdf5RoundTrip, TablesAtTheTopAndBelowEachOther) {
  Table outer;
  outer.add({"second", "", Integers{2}});
  outer.add({"first", "", Integers{1}});
  Table inner;
  inner.add({"b", "", Reals{0.5}});
  inner.add({"a", "", Reals{0.25}});
  const fs::path path = folder_ / "nested.h5";
  {
    Hdf5File file(path);
    file.write_table("/outer", outer);
    file.write_table("/outer/inner", inner);  // a subgroup of a table is not one of its columns
    file.commit();
  }
  const Hdf5Reader reader(path);
  expect_same_table(outer, reader.read_table("/outer"));
  SCOPED_TRACE("leading and trailing slashes do not matter");
  expect_same_table(inner, reader.read_table("outer/inner/"));
}

TEST_F(Hdf5RoundTrip, AGroupThatExistedBeforeItsTableListsColumnsByName) {
  // "/x" is created as the parent of "/x/y", without creation order (as /scenarios is, for h5py's name order),
  // so a table written into it later can only be read back in name order.
  Table inner;
  inner.add({"v", "", Integers{1}});
  Table outer;
  outer.add({"b", "", Integers{2}});
  outer.add({"a", "", Integers{1}});
  const fs::path path = folder_ / "by-name.h5";
  {
    Hdf5File file(path);
    file.write_table("/x/y", inner);
    file.write_table("/x", outer);
    file.commit();
  }
  const Table back = Hdf5Reader(path).read_table("/x");
  ASSERT_EQ(back.columns().size(), 2U);
  EXPECT_EQ(back.columns()[0].name, "a");
  EXPECT_EQ(back.columns()[1].name, "b");
}

TEST_F(Hdf5RoundTrip, EmptyTables) {
  Table table;
  table.add({"replication", "", Integers{}});
  table.add({"bed_days", "days", Reals{}});
  table.add({"borough", "", Strings{}});
  const fs::path path = folder_ / "empty.h5";
  {
    Hdf5File file(path);
    file.write_table("/empty", table);
    file.write_table("/no_columns", Table{});
    file.commit();
  }
  const Hdf5Reader reader(path);
  const Table back = reader.read_table("/empty");
  EXPECT_EQ(back.rows(), 0U);
  expect_same_table(table, back);
  EXPECT_EQ(reader.int_attribute("/empty", "rows"), 0);
  EXPECT_TRUE(reader.read_table("/no_columns").columns().empty());
}

TEST_F(Hdf5RoundTrip, AttributesOfTheThreeKindsOnTheRootAndOnGroups) {
  const fs::path path = folder_ / "attributes.h5";
  Table table;
  table.add({"n", "", Integers{1, 2, 3}});
  {
    Hdf5File file(path);
    file.set_attribute("/", "icsflow_version", std::string("0.1.0"));
    file.set_attribute("/", "command_line", std::string("icsflow run 'siloed — £' --scale 0.25"));
    file.set_attribute("/", "empty", std::string());
    file.set_attribute("/", "scale", 0.1 + 0.2);
    file.set_attribute("/", "negative_zero", -0.0);
    file.set_attribute("/", "not_a_number", std::numeric_limits<double>::quiet_NaN());
    file.set_attribute("/", "seed", std::int64_t{-9'000'000'000'000'000'000});
    file.write_table("/scenarios/siloed/summary", table);
    file.set_attribute("/scenarios/siloed", "description", std::string("Ünïcödé description"));
    file.set_attribute("/scenarios/siloed", "years", 1.0 / 3.0);
    file.set_attribute("/scenarios/siloed", "replications", std::int64_t{20});
    file.set_attribute("/scenarios/siloed", "replications", std::int64_t{21});  // overwritten
    file.set_attribute("/sweep", "points", std::int64_t{7});                    // a group made for an attribute
    file.commit();
  }
  const Hdf5Reader reader(path);
  EXPECT_EQ(reader.string_attribute("/", "icsflow_version"), "0.1.0");
  EXPECT_EQ(reader.string_attribute("/", "command_line"), "icsflow run 'siloed — £' --scale 0.25");
  EXPECT_EQ(reader.string_attribute("/", "empty"), "");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(reader.double_attribute("/", "scale")),
            std::bit_cast<std::uint64_t>(0.1 + 0.2));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(reader.double_attribute("/", "negative_zero")),
            std::bit_cast<std::uint64_t>(-0.0));
  EXPECT_EQ(std::bit_cast<std::uint64_t>(reader.double_attribute("/", "not_a_number")),
            std::bit_cast<std::uint64_t>(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_EQ(reader.int_attribute("/", "seed"), -9'000'000'000'000'000'000);
  EXPECT_EQ(reader.string_attribute("/scenarios/siloed", "description"), "Ünïcödé description");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(reader.double_attribute("/scenarios/siloed", "years")),
            std::bit_cast<std::uint64_t>(1.0 / 3.0));
  EXPECT_EQ(reader.int_attribute("/scenarios/siloed", "replications"), 21);
  EXPECT_EQ(reader.int_attribute("/scenarios/siloed/summary", "rows"), 3);
  EXPECT_EQ(reader.int_attribute("/sweep", "points"), 7);

  EXPECT_TRUE(reader.has_attribute("/", "seed"));
  EXPECT_TRUE(reader.has_attribute("/scenarios/siloed", "years"));
  EXPECT_FALSE(reader.has_attribute("/", "years"));
  EXPECT_FALSE(reader.has_attribute("/scenarios/siloed", "seed"));
  EXPECT_FALSE(reader.has_attribute("/missing", "seed")) << "a missing object has no attributes";
  EXPECT_FALSE(reader.has_attribute("/scenarios/siloed/summary/n", "unit")) << "no unit written when empty";

  // A number is not read as a string or the other kind of number.
  EXPECT_NE(error_of([&] { (void)reader.double_attribute("/", "seed"); }).find("not a floating-point"),
            std::string::npos);
  EXPECT_NE(error_of([&] { (void)reader.int_attribute("/", "scale"); }).find("not an integer"), std::string::npos);
  EXPECT_NE(error_of([&] { (void)reader.string_attribute("/", "scale"); }).find("not a string"), std::string::npos);
}

TEST_F(Hdf5RoundTrip, HasGroupsAndDatasets) {
  Table table;
  table.add({"runs", "", Integers{1}});
  const Hdf5Reader reader(write_table("/sweep/points", table));
  EXPECT_TRUE(reader.has("/"));
  EXPECT_TRUE(reader.has("/sweep"));
  EXPECT_TRUE(reader.has("/sweep/points"));
  EXPECT_TRUE(reader.has("/sweep/points/runs")) << "a dataset";
  EXPECT_FALSE(reader.has("/sweep/runs"));
  EXPECT_FALSE(reader.has("/missing"));
  EXPECT_FALSE(reader.has("/missing/deeper/still"));
  EXPECT_FALSE(reader.has("/sweep/points/runs/below_a_dataset"));
  EXPECT_FALSE(reader.has(""));
}

TEST_F(Hdf5RoundTrip, ErrorsNameTheFileAndTheObject) {
  const fs::path missing = folder_ / "missing.h5";
  std::string message = error_of([&] { Hdf5Reader reader(missing); });
  EXPECT_NE(message.find(missing.string()), std::string::npos) << message;
  EXPECT_NE(message.find("no such file"), std::string::npos) << message;

  const fs::path text = folder_ / "notes.h5";
  std::ofstream(text) << "replication,borough\n0,Southwark\n";
  message = error_of([&] { Hdf5Reader reader(text); });
  EXPECT_NE(message.find(text.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;

  const fs::path empty = folder_ / "empty.h5";
  std::ofstream{empty};
  message = error_of([&] { Hdf5Reader reader(empty); });
  EXPECT_NE(message.find(empty.string()), std::string::npos) << message;

  message = error_of([&] { Hdf5Reader reader(folder_); });
  EXPECT_NE(message.find(folder_.string()), std::string::npos) << message;

  Table table;
  table.add({"n", "", Integers{1}});
  const fs::path path = write_table("/scenarios/siloed/summary", table);
  const Hdf5Reader reader(path);

  message = error_of([&] { (void)reader.read_table("/scenarios/integrated/summary"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("/scenarios/integrated/summary"), std::string::npos) << message;

  message = error_of([&] { (void)reader.read_table("/scenarios/siloed/summary/n"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("is not a group"), std::string::npos) << message;

  message = error_of([&] { (void)reader.string_attribute("/", "icsflow_version"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("no attribute 'icsflow_version'"), std::string::npos) << message;

  message = error_of([&] { (void)reader.int_attribute("/scenarios/siloed", "seed"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("'seed'"), std::string::npos) << message;
  EXPECT_NE(message.find("/scenarios/siloed"), std::string::npos) << message;

  message = error_of([&] { (void)reader.double_attribute("/scenarios/integrated", "scale"); });
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("no group or dataset '/scenarios/integrated'"), std::string::npos) << message;
}

TEST_F(Hdf5RoundTrip, AFileIsReadableOnlyOnceCommitted) {
  const fs::path path = folder_ / "pending.h5";
  Table table;
  table.add({"n", "", Integers{1}});
  Hdf5File file(path);
  file.write_table("/t", table);
  EXPECT_NE(error_of([&] { Hdf5Reader reader(path); }).find("no such file"), std::string::npos);
  file.commit();
  expect_same_table(table, Hdf5Reader(path).read_table("/t"));
}

// A writer speaks to a Recorder: the same calls fill memory (what tests read) and a file, identically.
void write_example(Recorder& out) {
  Table table;
  table.add({"metric", "", Strings{"a", "b"}});
  table.add({"value", "GBP", Reals{0.1, -2.5}});
  out.write_table("/scenarios/x/metrics", table);
  out.set_attribute("/", "command", std::string("compare"));
  out.set_attribute("/scenarios/x", "scale", 0.25);
  out.set_attribute("/scenarios/x", "replications", std::int64_t{3});
}

TEST_F(Hdf5RoundTrip, MemoryAndFileRecordersHoldTheSameTablesAndAttributes) {
  MemoryRecorder memory;
  write_example(memory);
  const fs::path path = folder_ / "recorded.h5";
  {
    Hdf5File file(path);
    write_example(file);
    file.commit();
  }
  const Hdf5Reader reader(path);
  expect_same_table(memory.table("/scenarios/x/metrics"), reader.read_table("/scenarios/x/metrics"));
  EXPECT_EQ(std::get<std::string>(memory.attribute("/", "command")), reader.string_attribute("/", "command"));
  EXPECT_EQ(std::get<double>(memory.attribute("/scenarios/x", "scale")),
            reader.double_attribute("/scenarios/x", "scale"));
  EXPECT_EQ(std::get<std::int64_t>(memory.attribute("/scenarios/x", "replications")),
            reader.int_attribute("/scenarios/x", "replications"));
  EXPECT_EQ(memory.tables().size(), 1U);
  EXPECT_THROW((void)memory.table("/absent"), std::out_of_range);
  EXPECT_THROW((void)memory.attribute("/", "absent"), std::out_of_range);
}

}  // namespace
}  // namespace icsflow::results
