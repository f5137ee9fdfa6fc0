#pragma once
// Writes a scenario's results into an HDF5 results file, in the layout of docs/results-schema.md.
#include <string>

#include "icsflow/results/recorder.hpp"
#include "scenario_runner.hpp"

namespace icsflow::app {

inline constexpr const char* kVersion = ICSFLOW_VERSION;

// What every results file starts with: the root attributes (icsflow_version, command_line, created_utc)
// and the metrics registry as the /metrics table.
void write_file_header(results::Recorder& file, const std::string& command_line);
results::Table metrics_table();

// /scenarios/<name> with its attributes, summary, daily and replications tables.
void write_scenario(results::Recorder& file, const ScenarioResults& results);

}  // namespace icsflow::app
