#pragma once
// Reading back what Hdf5File wrote: tables (a group of equal-length 1-D datasets, one per column, each with
// an optional "unit" attribute) and the string, float64 and int64 attributes of groups, datasets and "/".
// Values come back exactly as written: doubles bit for bit, strings byte for byte.
#include <cstdint>
#include <filesystem>
#include <string>

#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/results/table.hpp"

namespace icsflow::results {

// A read-only view of an HDF5 results file. Errors (a missing file, a file that is not HDF5, a missing
// group or attribute, a column or attribute of a type a Table cannot hold) throw ResultsError naming the
// file and the object.
class Hdf5Reader {
 public:
  explicit Hdf5Reader(const std::filesystem::path& path);
  Hdf5Reader(const Hdf5Reader&) = delete;
  Hdf5Reader& operator=(const Hdf5Reader&) = delete;
  ~Hdf5Reader();

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Whether a group or dataset exists at this absolute path ("/sweep/runs"); "/" always does.
  [[nodiscard]] bool has(const std::string& object) const;

  // The datasets directly in `group`, as columns in the order they were written (by name for groups that do
  // not record creation order: files from other writers). Subgroups are not columns and are skipped.
  // Integer datasets come back as int64, floating-point ones as double, strings (variable or fixed length)
  // as std::string; a "unit" string attribute on a dataset becomes Column::unit.
  [[nodiscard]] Table read_table(const std::string& group) const;

  // Attributes of a group, a dataset or "/". A double is read from a floating-point attribute and an int from
  // a signed integer one (or an unsigned one narrower than 64 bits); no conversion between the two.
  [[nodiscard]] std::string string_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] double double_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] std::int64_t int_attribute(const std::string& object, const std::string& name) const;
  // False, not an error, when `object` itself does not exist.
  [[nodiscard]] bool has_attribute(const std::string& object, const std::string& name) const;

 private:
  [[nodiscard]] std::int64_t open_object(const std::string& object) const;  // hid_t, kept out of the header
  [[nodiscard]] std::int64_t open_attribute(const std::string& object, const std::string& name) const;
  [[nodiscard]] ResultsError error(const std::string& what) const;

  std::filesystem::path path_;
  std::int64_t file_ = -1;
};

}  // namespace icsflow::results
