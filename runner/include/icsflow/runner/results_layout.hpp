#pragma once
// Writes a scenario's results into an HDF5 results file, in the layout of docs/results-schema.md.
#include <string>

#include "icsflow/results/recorder.hpp"
#include "icsflow/runner/scenario_run.hpp"

namespace icsflow::runner {

// The version of icsflow that writes the files (the project version in CMakeLists.txt).
const char* version();

// What every results file starts with: the root attributes (icsflow_version, command_line, created_utc)
// and the metrics registry as the /metrics table.
void write_file_header(results::Recorder& file, const std::string& command_line);
results::Table metrics_table();

// /scenarios/<name> with its attributes, summary, daily and replications tables.
void write_scenario(results::Recorder& file, const ScenarioResults& results);

}  // namespace icsflow::runner
