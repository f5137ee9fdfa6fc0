#pragma once
// The scenarios a server offers: those shipped with icsflow (scenarios/*.toml and scenarios/levers/*.toml) and
// those saved from the page (in the server's own folder). Names are the only handle a request has on them: a
// request never names a file.
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "icsflow/models/params.hpp"
#include "icsflow/scenarios/scenario.hpp"

namespace icsflow::serve {

// One problem in a scenario's text, where it is: line and column 0 when the message names no place.
struct ScenarioProblem {
  int line = 0;
  int column = 0;
  std::string key;
  std::string message;
};
// A ScenarioError's message ("origin:line:column: key: message") taken apart.
ScenarioProblem parse_problem(const std::string& error_message, const std::string& origin);

// The levers a scenario switches on, in lever_names() order.
nlohmann::json levers_on(const models::PolicyParams& policy);

// Scenario text sent by the page that cannot be used: the problems, and whether it was the text (422) or
// the request (a name that is taken or not allowed: 409 / 400).
class RequestError : public std::runtime_error {
 public:
  RequestError(int status, std::vector<ScenarioProblem> problems);
  [[nodiscard]] int status() const { return status_; }
  [[nodiscard]] const std::vector<ScenarioProblem>& problems() const { return problems_; }

 private:
  int status_;
  std::vector<ScenarioProblem> problems_;
};

class ScenarioLibrary {
 public:
  // `shipped`: the folder of the shipped scenarios (every one must load); `saved`: where saved ones go
  // (created if missing; those already there are offered again).
  ScenarioLibrary(std::filesystem::path shipped, std::filesystem::path saved, models::ModelParams baseline);

  // {shipped: [{name, description, file, levers_on}], saved: [...]}
  [[nodiscard]] nlohmann::json list() const;
  // The TOML of a scenario by name, as `icsflow run` reads it; nullopt for an unknown name.
  [[nodiscard]] std::optional<std::string> text(const std::string& name) const;
  // The scenario of that name, loaded; RequestError 400 for an unknown name.
  [[nodiscard]] scenarios::Scenario load(const std::string& name) const;

  // Text from the page checked as `icsflow validate` would check it in the shipped folder: RequestError 422
  // with the problem otherwise. `extends` may only name a shipped file (e.g. "siloed.toml").
  [[nodiscard]] scenarios::Scenario check(const std::string& text) const;
  // Checked, then kept under its `name` (letters, digits, _ and -, at most 64; not a shipped scenario's).
  std::string save(const std::string& text);

  // GET /api/levers: every key of the schema with its type, range, meaning, value in the siloed baseline and in
  // partnership, grouped by table, each lever with the evidence written above it in siloed.toml.
  [[nodiscard]] nlohmann::json schema() const;

 private:
  struct Entry {
    std::string name;
    std::string description;
    std::filesystem::path file;
    bool shipped = true;
  };
  [[nodiscard]] std::vector<Entry> entries() const;
  [[nodiscard]] const Entry* find(const std::vector<Entry>& all, const std::string& name) const;

  std::filesystem::path shipped_;
  std::filesystem::path saved_;
  models::ModelParams baseline_;
  std::vector<Entry> shipped_entries_;
  std::vector<std::string> shipped_files_;  // relative paths `extends` may name
  mutable std::mutex mutex_;                // the saved folder
};

}  // namespace icsflow::serve
