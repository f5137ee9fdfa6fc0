#include "sweep_record.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "icsflow/models/metrics.hpp"
#include "icsflow/results/hdf5_file.hpp"
#include "icsflow/results/hdf5_reader.hpp"
#include "results_io.hpp"

namespace icsflow::app {
namespace {

namespace fs = std::filesystem;
using results::Column;
using results::Table;

constexpr const char* kJournalHeader = "icsflow-sweep-journal 1";

std::string hex(std::uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "%016" PRIx64, value);
  return text;
}

template <typename T>
const std::vector<T>& column(const Table& table, const std::string& name, const std::string& where) {
  for (const Column& c : table.columns()) {
    if (c.name == name) {
      if (const auto* values = std::get_if<std::vector<T>>(&c.data)) return *values;
      throw results::ResultsError(where + ": column '" + name + "' has an unexpected type");
    }
  }
  throw results::ResultsError(where + ": no column '" + name + "'");
}

bool same_numbers(const PointResult& a, const PointResult& b) {
  if (a.seeds != b.seeds || a.outputs.size() != b.outputs.size()) return false;
  for (std::size_t r = 0; r < a.outputs.size(); ++r) {
    if (a.outputs[r].size() != b.outputs[r].size()) return false;
    // Bit for bit (NaN included).
    if (std::memcmp(a.outputs[r].data(), b.outputs[r].data(), a.outputs[r].size() * sizeof(double)) != 0) return false;
  }
  return true;
}

}  // namespace

std::vector<double> sweep_output_values(const models::ReplicationResult& result, double scale, double years) {
  std::vector<double> values;
  for (const models::Metric* output : models::sweep_outputs())
    values.push_back(models::metric_value(*output, result, {}, {years, scale}));
  return values;
}

std::vector<double> mean_outputs(const PointResult& result) {
  std::vector<double> means(models::sweep_outputs().size(), 0.0);
  for (const auto& outputs : result.outputs) {
    for (std::size_t o = 0; o < means.size(); ++o) means[o] += outputs[o];
  }
  for (double& mean : means) mean /= static_cast<double>(result.outputs.size());
  return means;
}

SweepRecord new_record(const sweeps::Sweep& sweep, const std::vector<sweeps::DesignPoint>& design) {
  SweepRecord record;
  record.name = sweep.name;
  record.definition = sweep.definition;
  record.fingerprint = sweep.fingerprint;
  record.sweep_toml = sweep.text;
  record.design_kind = sweeps::to_string(sweep.design);
  record.replications = sweep.replications;
  record.master_seed = static_cast<std::int64_t>(sweep.master_seed);
  record.scale = sweep.scale;
  record.years = sweep.years;
  record.base_scenario = sweep.base.name;
  record.design = design;
  std::vector<std::string> key, distribution, values;
  std::vector<double> low, mode, high;
  std::vector<std::int64_t> levels;
  for (const sweeps::Parameter& p : sweep.parameters) {
    record.parameter_keys.push_back(p.key);
    key.push_back(p.key);
    distribution.push_back(sweeps::to_string(p.distribution));
    const bool list = p.distribution == sweeps::Distribution::list;
    low.push_back(list ? std::nan("") : p.low);
    mode.push_back(p.distribution == sweeps::Distribution::triangular ? p.mode : std::nan(""));
    high.push_back(list ? std::nan("") : p.high);
    levels.push_back(p.levels);
    std::ostringstream text;
    for (std::size_t i = 0; i < p.values.size(); ++i) text << (i > 0 ? " " : "") << p.values[i];
    values.push_back(text.str());
  }
  record.parameters.add({"key", "scenario key path", key});
  record.parameters.add({"distribution", "", distribution});
  record.parameters.add({"low", "", low});
  record.parameters.add({"mode", "triangular only", mode});
  record.parameters.add({"high", "", high});
  record.parameters.add({"levels", "grid only", levels});
  record.parameters.add({"values", "list only; flags as 0/1", values});
  return record;
}

void add_results(SweepRecord& record, const std::vector<PointResult>& results, const std::string& source) {
  for (const PointResult& result : results) {
    if (result.point < 0 || result.point >= static_cast<std::int64_t>(record.design.size())) {
      throw std::runtime_error(source + ": point " + std::to_string(result.point) + " is not in the design");
    }
    const auto [existing, inserted] = record.done.emplace(result.point, result);
    if (!inserted && !same_numbers(existing->second, result)) {
      throw std::runtime_error(source + ": point " + std::to_string(result.point) +
                               " has different numbers from an earlier result of the same sweep");
    }
  }
}

bool complete(const SweepRecord& record) { return record.done.size() == record.design.size(); }

fs::path journal_path(const fs::path& output, int rank) {
  return output.parent_path() / (output.filename().string() + ".rank" + std::to_string(rank) + ".journal");
}

std::vector<fs::path> journals_of(const fs::path& output) {
  std::vector<fs::path> journals;
  const std::string prefix = output.filename().string() + ".rank";
  const fs::path folder = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > 8 && name.substr(name.size() - 8) == ".journal") {
      journals.push_back(output.parent_path() / name);
    }
  }
  std::sort(journals.begin(), journals.end());
  return journals;
}

Journal::Journal(fs::path path, std::uint64_t fingerprint) : path_(std::move(path)) {
  // What the file ends with: nothing (new), a newline, or the torn end of a line an interrupted run was
  // writing, which is closed with a newline so that the next line starts clean (the reader skips it).
  char last = '\n';
  bool fresh = true;
  if (std::ifstream in{path_, std::ios::binary | std::ios::ate}; in && in.tellg() > 0) {
    fresh = false;
    in.seekg(-1, std::ios::end);
    in.get(last);
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path_.string() + ": cannot open the sweep journal: " + std::strerror(errno));
  std::string start;
  if (fresh) {
    start = std::string(kJournalHeader) + " fingerprint " + hex(fingerprint) + " outputs " +
            std::to_string(models::sweep_outputs().size()) + "\n";
  } else if (last != '\n') {
    start = "\n";
  }
  if (!start.empty() && ::write(fd_, start.data(), start.size()) != static_cast<ssize_t>(start.size())) {
    ::close(fd_);
    throw std::runtime_error(path_.string() + ": cannot write the sweep journal");
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const PointResult& result) {
  // Hexadecimal floating point: exact. The line ends in " end" so that a torn last line is recognised.
  std::string line = "point " + std::to_string(result.point) + " " + std::to_string(result.seeds.size());
  char number[64];
  for (std::size_t r = 0; r < result.seeds.size(); ++r) {
    line += " | " + std::to_string(result.seeds[r]);
    std::snprintf(number, sizeof number, " %a", result.wall_seconds[r]);
    line += number;
    for (const double value : result.outputs[r]) {
      std::snprintf(number, sizeof number, " %a", value);
      line += number;
    }
  }
  line += " end\n";
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0) {
    throw std::runtime_error(path_.string() + ": cannot write the sweep journal: " + std::strerror(errno));
  }
}

std::vector<PointResult> read_journal(const fs::path& path, std::uint64_t fingerprint) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return {};  // created but nothing written yet
  const std::string expected = std::string(kJournalHeader) + " fingerprint " + hex(fingerprint) + " outputs " +
                               std::to_string(models::sweep_outputs().size());
  if (line != expected) {
    throw std::runtime_error(path.string() + " is the journal of a different sweep (or icsflow version); " +
                             "use --fresh to discard it");
  }
  const std::size_t outputs = models::sweep_outputs().size();
  std::vector<PointResult> results;
  while (std::getline(in, line)) {
    if (in.eof() || line.size() < 4 || line.substr(line.size() - 4) != " end") continue;  // torn by a kill
    std::istringstream fields(line);
    std::string word;
    PointResult result;
    std::size_t replications = 0;
    fields >> word >> result.point >> replications;
    for (std::size_t r = 0; r < replications && fields; ++r) {
      std::uint64_t seed = 0;
      fields >> word >> seed >> word;
      result.seeds.push_back(seed);
      result.wall_seconds.push_back(std::strtod(word.c_str(), nullptr));
      result.outputs.emplace_back();
      for (std::size_t o = 0; o < outputs && fields >> word; ++o)
        result.outputs.back().push_back(std::strtod(word.c_str(), nullptr));
    }
    if (!fields || result.seeds.size() != replications ||
        (replications > 0 && result.outputs.back().size() != outputs)) {
      throw std::runtime_error(path.string() + ": unreadable line: " + line.substr(0, 60));
    }
    results.push_back(std::move(result));
  }
  return results;
}

SweepRecord read_sweep_file(const fs::path& path) {
  const results::Hdf5Reader file(path);
  const std::string where = path.string();
  if (!file.has("/sweep") || !file.has_attribute("/sweep", "fingerprint")) {
    throw results::ResultsError(where + ": not a sweep results file (no /sweep)");
  }
  SweepRecord record;
  record.name = file.string_attribute("/sweep", "name");
  record.definition = file.string_attribute("/sweep", "definition");
  record.fingerprint = std::stoull(file.string_attribute("/sweep", "fingerprint"), nullptr, 16);
  record.sweep_toml = file.string_attribute("/sweep", "sweep_toml");
  record.design_kind = file.string_attribute("/sweep", "design");
  record.replications = file.int_attribute("/sweep", "replications");
  record.master_seed = file.int_attribute("/sweep", "master_seed");
  record.scale = file.double_attribute("/sweep", "scale");
  record.years = file.double_attribute("/sweep", "years");
  record.base_scenario = file.string_attribute("/sweep", "base_scenario");
  record.parameters = file.read_table("/sweep/parameters");
  record.parameter_keys = column<std::string>(record.parameters, "key", where + " /sweep/parameters");

  const Table design = file.read_table("/sweep/design");
  const auto& blocks = column<std::string>(design, "block", where + " /sweep/design");
  record.design.resize(blocks.size());
  for (std::size_t i = 0; i < blocks.size(); ++i) record.design[i].block = blocks[i];
  for (const std::string& key : record.parameter_keys) {
    const auto& values = column<double>(design, key, where + " /sweep/design");
    for (std::size_t i = 0; i < values.size(); ++i) record.design[i].values.push_back(values[i]);
  }

  const Table runs = file.read_table("/sweep/runs");
  const std::string runs_where = where + " /sweep/runs";
  const auto& point = column<std::int64_t>(runs, "point", runs_where);
  const auto& seed = column<std::int64_t>(runs, "seed", runs_where);
  const auto& wall = column<double>(runs, "wall_seconds", runs_where);
  std::vector<const std::vector<double>*> outputs;
  for (const models::Metric* output : models::sweep_outputs())
    outputs.push_back(&column<double>(runs, std::string(output->name), runs_where));
  std::vector<PointResult> results;
  for (std::size_t row = 0; row < point.size(); ++row) {
    if (results.empty() || results.back().point != point[row]) results.push_back({point[row], {}, {}, {}});
    PointResult& result = results.back();
    result.seeds.push_back(static_cast<std::uint64_t>(seed[row]));
    result.wall_seconds.push_back(wall[row]);
    result.outputs.emplace_back();
    for (const auto* values : outputs) result.outputs.back().push_back((*values)[row]);
  }
  add_results(record, results, where);
  return record;
}

void write_sweep_file(const fs::path& path, const SweepRecord& record, const Table& sensitivity,
                      const std::string& command_line) {
  results::Hdf5File file(path);
  write_file_header(file, command_line);
  file.set_attribute("/sweep", "name", record.name);
  file.set_attribute("/sweep", "definition", record.definition);
  file.set_attribute("/sweep", "fingerprint", hex(record.fingerprint));
  file.set_attribute("/sweep", "sweep_toml", record.sweep_toml);
  file.set_attribute("/sweep", "design", record.design_kind);
  file.set_attribute("/sweep", "replications", record.replications);
  file.set_attribute("/sweep", "master_seed", record.master_seed);
  file.set_attribute("/sweep", "scale", record.scale);
  file.set_attribute("/sweep", "years", record.years);
  file.set_attribute("/sweep", "base_scenario", record.base_scenario);
  file.set_attribute("/sweep", "points", static_cast<std::int64_t>(record.design.size()));
  file.set_attribute("/sweep", "points_complete", static_cast<std::int64_t>(record.done.size()));
  file.write_table("/sweep/parameters", record.parameters);

  const std::size_t k = record.parameter_keys.size();
  std::vector<std::int64_t> design_point;
  std::vector<std::string> design_block;
  std::vector<std::vector<double>> design_values(k);
  for (std::size_t i = 0; i < record.design.size(); ++i) {
    design_point.push_back(static_cast<std::int64_t>(i));
    design_block.push_back(record.design[i].block);
    for (std::size_t j = 0; j < k; ++j) design_values[j].push_back(record.design[i].values[j]);
  }
  Table design;
  design.add({"point", "", design_point});
  design.add({"block", "sobol: A, B or AB:<key>", design_block});
  for (std::size_t j = 0; j < k; ++j) design.add({record.parameter_keys[j], "", design_values[j]});
  file.write_table("/sweep/design", design);

  // One row per replication run, and one per completed point (the mean over its replications).
  const std::size_t m = models::sweep_outputs().size();
  std::vector<std::int64_t> run_point, run_replication, run_seed;
  std::vector<double> run_wall;
  std::vector<std::vector<double>> run_outputs(m);
  std::vector<std::int64_t> point_index;
  std::vector<std::string> point_block;
  std::vector<std::vector<double>> point_values(k), point_means(m);
  for (const auto& [point, result] : record.done) {
    for (std::size_t r = 0; r < result.seeds.size(); ++r) {
      run_point.push_back(point);
      run_replication.push_back(static_cast<std::int64_t>(r));
      run_seed.push_back(static_cast<std::int64_t>(result.seeds[r]));
      run_wall.push_back(result.wall_seconds[r]);
      for (std::size_t o = 0; o < m; ++o) run_outputs[o].push_back(result.outputs[r][o]);
    }
    point_index.push_back(point);
    point_block.push_back(record.design[static_cast<std::size_t>(point)].block);
    for (std::size_t j = 0; j < k; ++j)
      point_values[j].push_back(record.design[static_cast<std::size_t>(point)].values[j]);
    const std::vector<double> means = mean_outputs(result);
    for (std::size_t o = 0; o < m; ++o) point_means[o].push_back(means[o]);
  }
  Table runs, points;
  runs.add({"point", "", run_point});
  runs.add({"replication", "", run_replication});
  runs.add({"seed", "", run_seed});
  runs.add({"wall_seconds", "s", run_wall});
  points.add({"point", "", point_index});
  points.add({"block", "sobol: A, B or AB:<key>", point_block});
  for (std::size_t j = 0; j < k; ++j) points.add({record.parameter_keys[j], "", point_values[j]});
  for (std::size_t o = 0; o < m; ++o) {
    const models::Metric& output = *models::sweep_outputs()[o];
    runs.add({std::string(output.name), std::string(output.unit), run_outputs[o]});
    points.add({std::string(output.name), "mean over replications; " + std::string(output.unit), point_means[o]});
  }
  file.write_table("/sweep/runs", runs);
  file.write_table("/sweep/points", points);
  if (sensitivity.rows() > 0) file.write_table("/sensitivity", sensitivity);
  file.commit();
}

}  // namespace icsflow::app
