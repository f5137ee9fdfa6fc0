#pragma once
// The one-screen summary printed after a run.
#include <ostream>

#include "scenario_runner.hpp"

namespace icsflow::app {

void print_summary(std::ostream& out, const ScenarioResults& results);

}  // namespace icsflow::app
