#include "scenario_library.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <toml++/toml.h>

#include "icsflow/models/policy.hpp"

namespace icsflow::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOrigin = "scenario.toml";  // what the page's text is called in messages
constexpr std::size_t kMaxNameLength = 64;

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A TOML value as JSON (numbers, booleans, strings, arrays and tables of them).
json to_json(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    json object = json::object();
    for (const auto& [key, value] : *table) object[std::string(key.str())] = to_json(value);
    return object;
  }
  if (const auto* array = node.as_array()) {
    json list = json::array();
    for (const toml::node& value : *array) list.push_back(to_json(value));
    return list;
  }
  if (const auto flag = node.value<bool>(); node.is_boolean()) return *flag;
  if (node.is_number()) return *node.value<double>();
  if (const auto text = node.value<std::string>()) return *text;
  return nullptr;
}

// The value of a dotted key in a scenario's resolved TOML, null when it does not set it.
json value_at(const toml::table& table, const std::string& path) {
  const toml::node* node = table.at_path(path).node();
  return node != nullptr ? to_json(*node) : json(nullptr);
}

// What siloed.toml says about each table: the comment block right above `[levers.x]` (its evidence) and each
// key's end-of-line comment.
struct Notes {
  std::map<std::string, std::string> tables;
  std::map<std::string, std::string> keys;
};
Notes comments(const std::string& text) {
  Notes notes;
  std::istringstream lines(text);
  std::string line, block, table;
  while (std::getline(lines, line)) {
    if (line.rfind("#", 0) == 0) {
      const std::string words = line.size() > 2 ? line.substr(2) : "";
      block += (block.empty() || words.empty() ? "" : " ") + words;
      continue;
    }
    if (line.rfind("[", 0) == 0 && line.find(']') != std::string::npos) {
      table = line.substr(1, line.find(']') - 1);
      notes.tables[table] = block;
    } else if (const auto comment = line.find("  # "); comment != std::string::npos && !table.empty()) {
      const std::string key = line.substr(0, line.find_first_of(" ="));
      notes.keys[table + "." + key] = line.substr(comment + 4);
    }
    block.clear();
  }
  return notes;
}

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= kMaxNameLength && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
  });
}

}  // namespace

json levers_on(const models::PolicyParams& policy) {
  json on = json::array();
  for (const std::string_view lever : models::lever_names()) {
    if (models::lever_enabled(policy, lever)) on.push_back(std::string(lever));
  }
  return on;
}

ScenarioProblem parse_problem(const std::string& error_message, const std::string& origin) {
  // "<file>:<line>:<column>: [<key>: ]<message>", as config::TomlReader::fail writes it.
  static const std::regex kPlace(R"(^(.*?):(\d+):(\d+): ([\s\S]*)$)");
  static const std::regex kKey(R"(^([A-Za-z_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_\-]+)*): ([\s\S]*)$)");
  ScenarioProblem problem{0, 0, "", error_message};
  std::smatch place;
  std::string rest = error_message;
  if (std::regex_match(error_message, place, kPlace) && place[1] == origin) {
    problem.line = std::stoi(place[2]);
    problem.column = std::stoi(place[3]);
    rest = place[4];
  } else if (error_message.rfind(origin + ": ", 0) == 0) {
    rest = error_message.substr(origin.size() + 2);
  }
  std::smatch key;
  if (std::regex_match(rest, key, kKey)) {
    problem.key = key[1];
    rest = key[2];
  }
  problem.message = rest;
  return problem;
}

RequestError::RequestError(int status, std::vector<ScenarioProblem> problems)
    : std::runtime_error(problems.empty() ? "bad request" : problems.front().message),
      status_(status),
      problems_(std::move(problems)) {}

ScenarioLibrary::ScenarioLibrary(fs::path shipped, fs::path saved, models::ModelParams baseline)
    : shipped_(std::move(shipped)), saved_(std::move(saved)), baseline_(std::move(baseline)) {
  fs::create_directories(saved_);
  for (const fs::path& folder : {shipped_, shipped_ / "levers"}) {
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(folder)) {
      if (item.is_regular_file() && item.path().extension() == ".toml") files.push_back(item.path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      const scenarios::Scenario scenario = scenarios::load_scenario(file, baseline_);
      shipped_entries_.push_back({scenario.name, scenario.description, file, true});
      shipped_files_.push_back(fs::relative(file, shipped_).generic_string());
    }
  }
}

std::vector<ScenarioLibrary::Entry> ScenarioLibrary::entries() const {
  std::vector<Entry> all = shipped_entries_;
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<fs::path> files;
  for (const auto& item : fs::directory_iterator(saved_)) {
    if (item.is_regular_file() && item.path().extension() == ".toml") files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) all.push_back({file.stem().string(), "", file, false});
  return all;
}

const ScenarioLibrary::Entry* ScenarioLibrary::find(const std::vector<Entry>& all, const std::string& name) const {
  const auto found = std::find_if(all.begin(), all.end(), [&name](const Entry& e) { return e.name == name; });
  return found == all.end() ? nullptr : &*found;
}

json ScenarioLibrary::list() const {
  json shipped = json::array();
  json saved = json::array();
  for (const Entry& entry : entries()) {
    if (entry.shipped) {
      const scenarios::Scenario scenario = scenarios::load_scenario(entry.file, baseline_);
      shipped.push_back({{"name", entry.name},
                         {"description", scenario.description},
                         {"levers_on", levers_on(scenario.params.policy)}});
      continue;
    }
    // A file saved by an earlier icsflow may no longer be valid: listed with why, not hiding the others.
    try {
      const scenarios::Scenario scenario = check(read_file(entry.file));
      saved.push_back({{"name", entry.name},
                       {"description", scenario.description},
                       {"levers_on", levers_on(scenario.params.policy)}});
    } catch (const RequestError& e) {
      saved.push_back({{"name", entry.name}, {"description", ""}, {"levers_on", json::array()}, {"error", e.what()}});
    }
  }
  return {{"shipped", shipped}, {"saved", saved}};
}

std::optional<std::string> ScenarioLibrary::text(const std::string& name) const {
  const std::vector<Entry> all = entries();
  const Entry* entry = find(all, name);
  if (entry == nullptr) return std::nullopt;
  return read_file(entry->file);
}

scenarios::Scenario ScenarioLibrary::load(const std::string& name) const {
  const std::vector<Entry> all = entries();
  const Entry* entry = find(all, name);
  if (entry == nullptr) throw RequestError(400, {{0, 0, "", "no scenario named '" + name + "'"}});
  if (entry->shipped) return scenarios::load_scenario(entry->file, baseline_);
  return check(read_file(entry->file));
}

scenarios::Scenario ScenarioLibrary::check(const std::string& text) const {
  try {
    // `extends` is looked at before the loader opens anything: only a shipped file may be named.
    const toml::table parsed = toml::parse(text, std::string_view(kOrigin));
    if (const toml::node* extends = parsed.get("extends"); extends != nullptr && extends->is_string()) {
      const std::string base = *extends->value<std::string>();
      if (std::find(shipped_files_.begin(), shipped_files_.end(), base) == shipped_files_.end()) {
        std::string allowed;
        for (const std::string& f : shipped_files_) allowed += (allowed.empty() ? "" : ", ") + f;
        throw RequestError(
            422, {{static_cast<int>(extends->source().begin.line), static_cast<int>(extends->source().begin.column),
                   "extends", "'" + base + "' is not a shipped scenario (allowed: " + allowed + ")"}});
      }
    }
  } catch (const toml::parse_error&) {
    // reported by the loader below, with its place
  }
  try {
    return scenarios::load_scenario_text(text, kOrigin, shipped_, baseline_);
  } catch (const scenarios::ScenarioError& error) {
    throw RequestError(422, {parse_problem(error.what(), kOrigin)});
  }
}

std::string ScenarioLibrary::save(const std::string& text) {
  const scenarios::Scenario scenario = check(text);
  const std::string& name = scenario.name;
  if (!valid_name(name)) {
    throw RequestError(400, {{0, 0, "name",
                              "'" + name +
                                  "' cannot be saved: give the scenario a name = \"...\" of letters, "
                                  "digits, _ and - (at most 64)"}});
  }
  for (const Entry& entry : shipped_entries_) {
    if (entry.name == name)
      throw RequestError(409, {{0, 0, "name", "'" + name + "' is a shipped scenario: give yours another name"}});
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  const fs::path file = saved_ / (name + ".toml");
  const fs::path temporary = saved_ / (name + ".toml.part");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("could not write the scenario to " + temporary.string());
  }
  fs::rename(temporary, file);
  return name;
}

json ScenarioLibrary::schema() const {
  const Entry* siloed = find(shipped_entries_, "siloed");
  const Entry* partnership = find(shipped_entries_, "partnership");
  if (siloed == nullptr || partnership == nullptr)
    throw std::runtime_error("the shipped scenarios must include siloed and partnership: " + shipped_.string());
  const toml::table base = toml::parse(scenarios::load_scenario(siloed->file, baseline_).resolved_toml);
  const toml::table bundle = toml::parse(scenarios::load_scenario(partnership->file, baseline_).resolved_toml);
  const Notes notes = comments(read_file(siloed->file));

  json groups = json::array();
  for (const scenarios::KeyDoc& key : scenarios::scenario_keys()) {
    const auto dot = key.path.rfind('.');
    if (dot == std::string::npos) continue;  // name, description, extends: the page's own fields
    const std::string table = key.path.substr(0, dot);
    if (groups.empty() || groups.back()["table"] != table) {
      const auto note = notes.tables.find(table);
      groups.push_back(
          {{"table", table}, {"evidence", note != notes.tables.end() ? note->second : ""}, {"keys", json::array()}});
    }
    json baseline_value = value_at(base, key.path);
    json bundle_value = value_at(bundle, key.path);
    if (table == "capacity") {  // multipliers on the baseline data: 1 unless a file says otherwise
      if (baseline_value.is_null()) baseline_value = 1.0;
      if (bundle_value.is_null()) bundle_value = 1.0;
    }
    const auto note = notes.keys.find(key.path);
    groups.back()["keys"].push_back({{"path", key.path},
                                     {"name", key.path.substr(dot + 1)},
                                     {"type", key.type},
                                     {"min", key.min},
                                     {"max", key.max},
                                     {"meaning", key.meaning},
                                     {"note", note != notes.keys.end() ? note->second : ""},
                                     {"baseline", baseline_value},
                                     {"partnership", bundle_value}});
  }
  return {{"base_file", fs::relative(siloed->file, shipped_).generic_string()}, {"groups", groups}};
}

}  // namespace icsflow::serve
