#pragma once
// Where results go: tables and attributes addressed by path ("/scenarios/siloed/summary"). Writers of a
// results file's layout (docs/results-schema.md) speak to a Recorder, so the same code fills an HDF5 file
// (Hdf5File) or memory (MemoryRecorder, for tests) — as simmer's Monitor has memory and CSV backends.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>

#include "icsflow/results/table.hpp"

namespace icsflow::results {

class Recorder {
 public:
  virtual ~Recorder() = default;
  // Groups are created with their parents as needed; a table's group is created by write_table.
  virtual void write_table(const std::string& group, const Table& table) = 0;
  virtual void set_attribute(const std::string& object, const std::string& name, const std::string& value) = 0;
  virtual void set_attribute(const std::string& object, const std::string& name, double value) = 0;
  virtual void set_attribute(const std::string& object, const std::string& name, std::int64_t value) = 0;
};

using AttributeValue = std::variant<std::string, double, std::int64_t>;

// Keeps everything in maps: what a test reads back to check a writer.
class MemoryRecorder final : public Recorder {
 public:
  void write_table(const std::string& group, const Table& table) override { tables_[group] = table; }
  void set_attribute(const std::string& object, const std::string& name, const std::string& value) override {
    attributes_[{object, name}] = value;
  }
  void set_attribute(const std::string& object, const std::string& name, double value) override {
    attributes_[{object, name}] = value;
  }
  void set_attribute(const std::string& object, const std::string& name, std::int64_t value) override {
    attributes_[{object, name}] = value;
  }

  [[nodiscard]] const std::map<std::string, Table>& tables() const { return tables_; }
  [[nodiscard]] const std::map<std::pair<std::string, std::string>, AttributeValue>& attributes() const {
    return attributes_;
  }
  // Throws std::out_of_range naming what is missing.
  [[nodiscard]] const Table& table(const std::string& group) const;
  [[nodiscard]] const AttributeValue& attribute(const std::string& object, const std::string& name) const;

 private:
  std::map<std::string, Table> tables_;
  std::map<std::pair<std::string, std::string>, AttributeValue> attributes_;
};

}  // namespace icsflow::results
