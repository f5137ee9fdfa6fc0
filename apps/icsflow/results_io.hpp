#pragma once
// Writes a scenario's results into an HDF5 results file, in the layout of docs/results-schema.md.
#include <string>

#include "icsflow/results/hdf5_file.hpp"
#include "scenario_runner.hpp"

namespace icsflow::app {

inline constexpr const char* kVersion = ICSFLOW_VERSION;

// Root attributes: icsflow_version, command_line, created_utc.
void write_file_attributes(results::Hdf5File& file, const std::string& command_line);

// /scenarios/<name> with its attributes, summary, daily and replications tables.
void write_scenario(results::Hdf5File& file, const ScenarioResults& results);

}  // namespace icsflow::app
