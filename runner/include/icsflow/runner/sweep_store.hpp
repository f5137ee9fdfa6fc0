#pragma once
// The sweep results file (HDF5, docs/sweeps.md), written whole (temporary file + rename).
#include <filesystem>
#include <string>
#include <vector>

#include "icsflow/results/table.hpp"
#include "icsflow/runner/sweep_record.hpp"

namespace icsflow::runner {

// Reads a sweep results file written by write_sweep_file (results::ResultsError if it is not one).
SweepRecord read_sweep_file(const std::filesystem::path& path);

// The slices of one sweep (shards, or files of interrupted runs) joined: InputError when one is from
// another sweep or contradicts another's numbers; results::ResultsError when one is not a sweep file.
SweepRecord merge_sweep_files(const std::vector<std::filesystem::path>& parts);

// Writes the whole file: /sweep (attributes, parameters, design, runs, points) and /sensitivity when
// `sensitivity` has rows.
void write_sweep_file(const std::filesystem::path& path, const SweepRecord& record, const results::Table& sensitivity,
                      const std::string& command_line);

}  // namespace icsflow::runner
