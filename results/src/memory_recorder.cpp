#include <stdexcept>

#include "icsflow/results/recorder.hpp"

namespace icsflow::results {

const Table& MemoryRecorder::table(const std::string& group) const {
  const auto found = tables_.find(group);
  if (found == tables_.end()) throw std::out_of_range("no table " + group + " was recorded");
  return found->second;
}

const AttributeValue& MemoryRecorder::attribute(const std::string& object, const std::string& name) const {
  const auto found = attributes_.find({object, name});
  if (found == attributes_.end()) throw std::out_of_range("no attribute " + object + "@" + name + " was recorded");
  return found->second;
}

}  // namespace icsflow::results
