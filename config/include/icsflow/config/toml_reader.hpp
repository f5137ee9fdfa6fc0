#pragma once
// The one TOML reader of the data, scenario and sweep loaders: where a node is (file:line:column),
// failing there with the key path, and the checks every loader makes (a finite number in a range, a
// whole number, a string, only known keys). Each loader keeps its own error type: the reader is given a
// function that throws it.
#include <filesystem>
#include <set>
#include <string>

#include <toml++/toml.h>

namespace icsflow::config {

// Throws the loader's error type with the message (which starts with file:line:column).
using Raise = void (*)(const std::string& message);

// "prefix.key", or "key" at the top level.
[[nodiscard]] std::string key_path(const std::string& prefix, const std::string& key);

// The text of an input file: a regular file of at most `max_bytes` (so that /dev/zero or a huge file is
// refused, not read); `raise` otherwise, naming the file.
std::string read_text_file(const std::filesystem::path& file, const std::string& what, Raise raise,
                           std::uintmax_t max_bytes = 16U << 20U);

class TomlReader {
 public:
  TomlReader(std::string origin, Raise raise) : origin_(std::move(origin)), raise_(raise) {}

  [[nodiscard]] const std::string& origin() const { return origin_; }

  // file:line:column of a node (its own file when it has one, else the origin).
  [[nodiscard]] std::string where(const toml::source_region& source) const;
  [[nodiscard]] std::string where(const toml::node& node) const { return where(node.source()); }

  // "<where>: <path>: <message>", thrown as the loader's error.
  [[noreturn]] void fail(const toml::source_region& source, const std::string& path, const std::string& message) const;
  [[noreturn]] void fail(const toml::node& node, const std::string& path, const std::string& message) const {
    fail(node.source(), path, message);
  }

  // Parses text, a syntax error reported at its file:line:column.
  [[nodiscard]] toml::table parse(const std::string& text) const;

  // A finite number (integer or floating point).
  [[nodiscard]] double number(const toml::node& node, const std::string& path) const;
  // A finite number within [min, max].
  [[nodiscard]] double number_in(const toml::node& node, const std::string& path, double min, double max) const;
  // table[key] within [min, max], or `fallback` when absent.
  [[nodiscard]] double number_in(const toml::table& table, const std::string& key, const std::string& prefix,
                                 double fallback, double min, double max) const;
  // The same for a whole number (an integer in the file).
  [[nodiscard]] int whole_number_in(const toml::table& table, const std::string& key, const std::string& prefix,
                                    int fallback, int min, int max) const;
  // table[key] as a string, "" when absent.
  [[nodiscard]] std::string text(const toml::table& table, const std::string& key, const std::string& prefix) const;
  // Fails at the first key of `table` not in `allowed`, listing those allowed.
  void only_keys(const toml::table& table, const std::set<std::string>& allowed, const std::string& prefix) const;

 private:
  std::string origin_;
  Raise raise_;
};

}  // namespace icsflow::config
