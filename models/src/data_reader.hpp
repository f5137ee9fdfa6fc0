#pragma once
// Reads "datum" tables ({ value, source } or { value, assumption, low, high, basis }) out of one TOML
// data file, reporting problems as DataError with file:line:column and the key path.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "icsflow/models/baseline_data.hpp"

namespace icsflow::models::detail {

class DataReader {
 public:
  explicit DataReader(const DataFile& file);

  // The value of the datum at a dotted path ("boroughs.bexley.residents").
  [[nodiscard]] double number(std::string_view path) const;
  [[nodiscard]] std::vector<double> numbers(std::string_view path) const;
  template <std::size_t N>
  [[nodiscard]] std::array<double, N> numbers(std::string_view path) const {
    const std::vector<double> list = numbers(path);
    if (list.size() != N) fail(path, "expected " + std::to_string(N) + " values, found " + std::to_string(list.size()));
    std::array<double, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = list[i];
    return out;
  }
  // A single-valued datum with its stated range: {low, value, high} (fails without a range).
  [[nodiscard]] std::array<double, 3> low_value_high(std::string_view path) const;
  [[nodiscard]] std::string text(std::string_view path) const;
  [[nodiscard]] std::vector<std::string> keys(std::string_view path) const;  // keys of a table, in file order
  [[nodiscard]] std::size_t array_size(std::string_view path) const;         // length of an array of tables
  [[nodiscard]] bool has(std::string_view path) const;

  [[noreturn]] void fail(std::string_view path, const std::string& message) const;
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const toml::table& root() const { return root_; }

 private:
  [[nodiscard]] toml::node_view<const toml::node> at(std::string_view path) const;
  [[nodiscard]] const toml::table& datum(std::string_view path) const;

  std::string name_;
  toml::table root_;
};

// Appends a message for every number in `root` that breaks the provenance rule.
void check_provenance(const toml::table& root, const std::string& file, std::vector<std::string>& problems);

}  // namespace icsflow::models::detail
