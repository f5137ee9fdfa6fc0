#pragma once
// JSON text for the commands' --format json (one object on stdout, for scripts): strings escaped, numbers
// exact (17 significant digits), infinity and NaN as null (JSON has neither).
#include <string>

#include "icsflow/runner/settings.hpp"

namespace icsflow::app {

[[nodiscard]] std::string json_string(const std::string& text);
[[nodiscard]] std::string json_number(double value);
// "replications": .., "scale": .., "years": .., "warmup_days": .., "seed": .. (without braces)
[[nodiscard]] std::string json_settings(const runner::RunSettings& settings);

}  // namespace icsflow::app
