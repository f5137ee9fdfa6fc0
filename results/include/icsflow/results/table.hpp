#pragma once
// A table as a set of equal-length named columns, each with a unit: the shape every result takes on
// its way to a file (HDF5 stores it as a group of 1-D datasets, one per column).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace icsflow::results {

struct Column {
  std::string name;
  std::string unit;  // "" when dimensionless or a label
  std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>> data;

  [[nodiscard]] std::size_t size() const {
    return std::visit([](const auto& values) { return values.size(); }, data);
  }
};

class Table {
 public:
  void add(Column column) {
    if (!columns_.empty() && column.size() != columns_.front().size()) {
      throw std::logic_error("column '" + column.name + "' has " + std::to_string(column.size()) +
                             " rows, the table has " + std::to_string(columns_.front().size()));
    }
    columns_.push_back(std::move(column));
  }
  [[nodiscard]] const std::vector<Column>& columns() const { return columns_; }
  [[nodiscard]] std::size_t rows() const { return columns_.empty() ? 0 : columns_.front().size(); }

 private:
  std::vector<Column> columns_;
};

}  // namespace icsflow::results
