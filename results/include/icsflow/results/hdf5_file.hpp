#pragma once
// An HDF5 results file that only exists under its final name once complete: everything is written to
// "<name>.tmp-<pid>" and renamed by commit(). Destroyed without commit() (an error, an interrupt
// handled by the caller), the temporary file is removed and nothing that looks finished is left.
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "icsflow/results/recorder.hpp"
#include "icsflow/results/table.hpp"

namespace icsflow::results {

class ResultsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Hdf5File final : public Recorder {
 public:
  explicit Hdf5File(std::filesystem::path path);
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;
  ~Hdf5File() override;

  // Groups are created with their parents as needed ("/scenarios/siloed"). The group named records the order
  // its members were created, so Hdf5Reader::read_table gives columns back in the order written.
  void write_table(const std::string& group, const Table& table) override;
  void set_attribute(const std::string& object, const std::string& name, const std::string& value) override;
  void set_attribute(const std::string& object, const std::string& name, double value) override;
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value) override;

  void commit();  // closes and renames to the final path
  [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }

 private:
  std::int64_t open_group(const std::string& group);  // hid_t, kept out of the header

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::int64_t file_ = -1;
  bool committed_ = false;
};

}  // namespace icsflow::results
