// The one TOML reader: every failure names file:line:column and the key path; numbers are checked for
// type, finiteness and range; inputs that are not regular files, or too large, are refused before reading.
#include "icsflow/config/toml_reader.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace icsflow::config {
namespace {

namespace fs = std::filesystem;

struct TestError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
[[noreturn]] void raise(const std::string& message) { throw TestError(message); }

// The message `action` fails with ("" if it does not).
template <class Action>
std::string error_of(Action action) {
  try {
    action();
  } catch (const TestError& error) {
    return error.what();
  }
  return "";
}

const TomlReader kReader("t.toml", raise);

TEST(TomlReader, SyntaxErrorsNameTheirLineAndColumn) {
  EXPECT_EQ(error_of([] { (void)kReader.parse("a = 1\nb = [\n"); }).rfind("t.toml:2:7: ", 0), 0U);
}

TEST(TomlReader, NumbersAreCheckedForTypeFinitenessAndRange) {
  const toml::table t = kReader.parse("[x]\nn = 2\nf = 0.5\ns = \"two\"\ninf = inf\nbig = 11\nhalf = 1.5\n");
  const toml::table& x = *t["x"].as_table();
  EXPECT_EQ(kReader.number_in(x, "n", "x", 0, 0, 10), 2);
  EXPECT_EQ(kReader.number_in(x, "f", "x", 0, 0, 1), 0.5);
  EXPECT_EQ(kReader.number_in(x, "absent", "x", 7, 0, 10), 7);
  EXPECT_EQ(error_of([&] { (void)kReader.number_in(x, "s", "x", 0, 0, 10); }), "t.toml:4:5: x.s: expected a number");
  EXPECT_EQ(error_of([&] { (void)kReader.number_in(x, "inf", "x", 0, 0, 10); }),
            "t.toml:5:7: x.inf: expected a finite number");
  EXPECT_EQ(error_of([&] { (void)kReader.number_in(x, "big", "x", 0, 0, 10); }),
            "t.toml:6:7: x.big: value 11 is outside the allowed range [0, 10]");
  EXPECT_EQ(kReader.whole_number_in(x, "n", "x", 0, 0, 10), 2);
  EXPECT_EQ(error_of([&] { (void)kReader.whole_number_in(x, "half", "x", 0, 0, 10); }),
            "t.toml:7:8: x.half: expected a whole number");
}

TEST(TomlReader, StringsAndUnknownKeys) {
  const toml::table t = kReader.parse("name = \"a\"\ncount = 3\ntypo = 1\n");
  EXPECT_EQ(kReader.text(t, "name", ""), "a");
  EXPECT_EQ(kReader.text(t, "absent", ""), "");
  EXPECT_EQ(error_of([&] { (void)kReader.text(t, "count", ""); }), "t.toml:2:9: count: expected a string");
  EXPECT_EQ(error_of([&] {
              kReader.only_keys(t, {"name", "count"}, "");
            }),
            "t.toml:3:8: typo: unknown key 'typo' (allowed here: count, name)");
  EXPECT_EQ(key_path("", "a"), "a");
  EXPECT_EQ(key_path("levers.x", "a"), "levers.x.a");
}

TEST(TomlReader, OnlyRegularFilesOfBoundedSizeAreRead) {
  const fs::path folder = fs::temp_directory_path() / ("icsflow-config-test-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const fs::path file = folder / "small.toml";
  std::ofstream(file) << "a = 1\n";
  EXPECT_EQ(read_text_file(file, "test file", raise), "a = 1\n");
  EXPECT_NE(error_of([&] { (void)read_text_file(file, "test file", raise, 3); }).find("too large"), std::string::npos);
  EXPECT_NE(error_of([&] { (void)read_text_file(folder, "test file", raise); }).find("not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([] { (void)read_text_file("/dev/zero", "test file", raise); }).find("not a regular file"),
            std::string::npos);
  EXPECT_NE(error_of([&] { (void)read_text_file(folder / "absent.toml", "test file", raise); }).find("cannot open"),
            std::string::npos);
  fs::remove_all(folder);
}

}  // namespace
}  // namespace icsflow::config
