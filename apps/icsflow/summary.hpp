#pragma once
// The one-screen summary printed after a run.
#include <ostream>

#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::app {

void print_summary(std::ostream& out, const runner::ScenarioResults& results);

}  // namespace icsflow::app
