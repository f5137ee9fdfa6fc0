#pragma once
// The scenario schema: every key a scenario file may set, its type, allowed range, meaning, and where
// it goes in the model's parameters.
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "icsflow/models/params.hpp"

namespace icsflow::scenarios::detail {

using models::ModelParams;

using Setter = std::variant<std::function<void(ModelParams&, bool)>,                        // boolean
                            std::function<void(ModelParams&, double)>,                      // number
                            std::function<void(ModelParams&, const models::EffectRange&)>,  // effect range
                            std::function<void(ModelParams&, const models::ByQuintile&)>>;  // 5 weights

struct KeySpec {
  std::string path;  // dotted, e.g. "levers.handoffs.enabled"
  double min = 0;
  double max = 0;
  std::string meaning;
  Setter set;
};

const std::vector<KeySpec>& schema();

}  // namespace icsflow::scenarios::detail
