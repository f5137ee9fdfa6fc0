#include "data_reader.hpp"

#include "icsflow/config/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace icsflow::models::detail {
namespace {

[[noreturn]] void raise(const std::string& message) { throw DataError(message); }

// file:line:column, as every loader says it (config::TomlReader).
std::string where(const std::string& file, const toml::source_region& source) {
  return config::TomlReader(file, raise).where(source);
}

const std::array<std::string_view, 10> kDatumKeys{"value", "values", "source", "derivation", "assumption",
                                                  "low",   "high",   "basis",  "unit",       "note"};

bool is_number(const toml::node& node) { return node.is_integer() || node.is_floating_point(); }

double as_number(const toml::node& node) {
  if (node.is_integer()) return static_cast<double>(node.as_integer()->get());
  return node.as_floating_point()->get();
}

bool is_datum(const toml::table& table) { return table.contains("value") || table.contains("values"); }

// A list of numbers, or a list of equal-length lists of numbers (a table, row by row), flattened.
std::vector<double> list_of_numbers(const toml::node& node, bool& ok) {
  std::vector<double> out;
  ok = node.is_array();
  if (!ok) return out;
  std::size_t row_length = 0;
  for (const toml::node& element : *node.as_array()) {
    if (is_number(element)) {
      out.push_back(as_number(element));
      continue;
    }
    const toml::array* row = element.as_array();
    ok = row != nullptr && (row_length == 0 || row->size() == row_length);
    if (!ok) return out;
    row_length = row->size();
    for (const toml::node& cell : *row) {
      if (!is_number(cell)) {
        ok = false;
        return out;
      }
      out.push_back(as_number(cell));
    }
  }
  return out;
}

// Checks one datum table; `path` is for messages.
void check_datum(const toml::table& datum, const std::string& file, const std::string& path,
                 std::vector<std::string>& problems) {
  const auto problem = [&](const std::string& message) {
    problems.push_back(where(file, datum.source()) + ": " + path + ": " + message);
  };
  for (const auto& [key, node] : datum) {
    if (std::find(kDatumKeys.begin(), kDatumKeys.end(), key.str()) == kDatumKeys.end()) {
      problem("unknown key '" + std::string(key.str()) + "' in a datum");
    }
  }
  std::vector<double> values;
  bool ok = true;
  if (datum.contains("value") == datum.contains("values")) {
    problem("a datum has exactly one of 'value' or 'values'");
    return;
  }
  if (datum.contains("value")) {
    ok = is_number(*datum.get("value"));
    if (ok) values.push_back(as_number(*datum.get("value")));
  } else {
    values = list_of_numbers(*datum.get("values"), ok);
  }
  if (!ok) {
    problem("'value' must be a number and 'values' a list of numbers (or of equal-length lists)");
    return;
  }
  for (const double v : values) {
    if (!std::isfinite(v)) problem("value is not finite");
  }
  const auto* source = datum.get_as<std::string>("source");
  const auto* assumption = datum.get_as<bool>("assumption");
  const bool is_assumption = assumption != nullptr && assumption->get();
  if (source == nullptr && !is_assumption) {
    problem("no provenance: give 'source' (publisher, table, year) or 'assumption = true' with 'low', 'high', 'basis'");
    return;
  }
  if (source != nullptr && source->get().empty()) problem("'source' is empty");
  if (is_assumption) {
    const auto* basis = datum.get_as<std::string>("basis");
    if (basis == nullptr || basis->get().empty()) problem("an assumption needs a 'basis'");
    if (!datum.contains("low") || !datum.contains("high")) {
      problem("an assumption needs a plausible range: 'low' and 'high'");
      return;
    }
  }
  // Range check where a range is given (required for assumptions, optional for published figures).
  const auto bound = [&](const char* key, std::size_t i) -> double {
    const toml::node* node = datum.get(key);
    if (is_number(*node)) return as_number(*node);
    bool list_ok = true;
    const std::vector<double> list = list_of_numbers(*node, list_ok);
    if (!list_ok || list.size() != values.size()) {
      problem(std::string("'") + key + "' must be a number or a list shaped like 'values'");
      return std::nan("");
    }
    return list[i];
  };
  if (datum.contains("low") && datum.contains("high")) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const double low = bound("low", i);
      const double high = bound("high", i);
      if (std::isnan(low) || std::isnan(high)) return;
      if (!(low <= values[i] && values[i] <= high)) {
        std::ostringstream message;
        message << "value " << values[i] << (values.size() > 1 ? " (element " + std::to_string(i) + ")" : "")
                << " outside its stated range [" << low << ", " << high << "]";
        problem(message.str());
      }
    }
  }
}

void walk(const toml::node& node, const std::string& file, const std::string& path,
          std::vector<std::string>& problems) {
  if (const toml::table* table = node.as_table()) {
    if (is_datum(*table)) {
      check_datum(*table, file, path, problems);
      return;
    }
    for (const auto& [key, child] : *table)
      walk(child, file, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()), problems);
    return;
  }
  if (const toml::array* array = node.as_array()) {
    for (std::size_t i = 0; i < array->size(); ++i)
      walk(*array->get(i), file, path + "[" + std::to_string(i) + "]", problems);
    return;
  }
  if (is_number(node)) {
    problems.push_back(where(file, node.source()) + ": " + path +
                       ": bare number: write it as { value = ..., source = ... } or as an assumption with a range");
  }
}

}  // namespace

void check_provenance(const toml::table& root, const std::string& file, std::vector<std::string>& problems) {
  walk(root, file, "", problems);
}

DataReader::DataReader(const DataFile& file) : name_(file.name) {
  root_ = config::TomlReader(file.name, raise).parse(file.text);
}

void DataReader::fail(std::string_view path, const std::string& message) const {
  const toml::node* node = root_.at_path(path).node();
  const std::string location = node != nullptr ? where(name_, node->source()) : name_;
  throw DataError(location + ": " + std::string(path) + ": " + message);
}

toml::node_view<const toml::node> DataReader::at(std::string_view path) const {
  const auto view = root_.at_path(path);
  if (!view) fail(path, "missing");
  return view;
}

bool DataReader::has(std::string_view path) const { return static_cast<bool>(root_.at_path(path)); }

const toml::table& DataReader::datum(std::string_view path) const {
  const toml::table* table = at(path).as_table();
  if (table == nullptr || !is_datum(*table)) fail(path, "expected a datum table { value = ..., source = ... }");
  std::vector<std::string> problems;
  check_datum(*table, name_, std::string(path), problems);
  if (!problems.empty()) throw DataError(problems.front());
  return *table;
}

double DataReader::number(std::string_view path) const {
  const toml::table& table = datum(path);
  if (!table.contains("value")) fail(path, "expected a single 'value', found a list");
  return as_number(*table.get("value"));
}

std::array<double, 3> DataReader::low_value_high(std::string_view path) const {
  const double value = number(path);  // checks the datum, its range included
  const toml::table& table = datum(path);
  if (!table.contains("low") || !table.contains("high")) fail(path, "expected a range: 'low' and 'high'");
  if (!is_number(*table.get("low")) || !is_number(*table.get("high"))) fail(path, "'low' and 'high' must be numbers");
  return {as_number(*table.get("low")), value, as_number(*table.get("high"))};
}

std::vector<double> DataReader::numbers(std::string_view path) const {
  const toml::table& table = datum(path);
  if (!table.contains("values")) fail(path, "expected a list 'values', found a single value");
  bool ok = true;
  return list_of_numbers(*table.get("values"), ok);
}

std::string DataReader::text(std::string_view path) const {
  const auto* value = at(path).as_string();
  if (value == nullptr) fail(path, "expected a string");
  return value->get();
}

std::vector<std::string> DataReader::keys(std::string_view path) const {
  const toml::table* table = at(path).as_table();
  if (table == nullptr) fail(path, "expected a table");
  std::vector<std::string> out;
  for (const auto& [key, node] : *table) out.emplace_back(key.str());
  return out;
}

std::size_t DataReader::array_size(std::string_view path) const {
  const toml::array* array = at(path).as_array();
  if (array == nullptr) fail(path, "expected an array");
  return array->size();
}

}  // namespace icsflow::models::detail
