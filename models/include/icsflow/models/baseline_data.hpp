#pragma once
// The embedded South East London baseline (models/data/sel/*.toml) and its loader.
//
// Every number in a data file is a "datum" with its provenance:
//   { value = X, source = "Publisher, table, year" }                          (published)
//   { value = X, assumption = true, low = L, high = H, basis = "..." }        (our assumption)
// (lists use `values`). The loader refuses bare numbers, assumptions without a range, and values
// outside their own range, naming the file, line, column and key path.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "icsflow/models/params.hpp"

namespace icsflow::models {

struct DataFile {
  std::string name;  // e.g. "population.toml"
  std::string text;
};

class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The data files compiled into the program.
const std::vector<DataFile>& embedded_baseline_files();

// Builds the baseline parameters from the data files (throws DataError).
ModelParams load_baseline(const std::vector<DataFile>& files);
ModelParams load_embedded_baseline();

// Checks the provenance rule over every number in the files; returns one message per violation.
std::vector<std::string> provenance_problems(const std::vector<DataFile>& files);

}  // namespace icsflow::models
