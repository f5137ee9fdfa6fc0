#include "icsflow/serve/server.hpp"

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <thread>

#include <httplib.h>

#include "icsflow/models/baseline_data.hpp"
#include "icsflow/runner/report_package.hpp"
#include "jobs.hpp"
#include "scenario_library.hpp"
#include "web_assets.hpp"

namespace icsflow::serve {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kJson = "application/json";

json problems_json(const std::vector<ScenarioProblem>& problems) {
  json errors = json::array();
  for (const ScenarioProblem& p : problems) {
    errors.push_back({{"line", p.line}, {"column", p.column}, {"key", p.key}, {"message", p.message}});
  }
  return {{"errors", errors}};
}

void reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void refuse(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, problems_json({{0, 0, "", message}}));
}

// Runs the report package; its message (the last line it wrote on stderr) becomes the error.
void run_package(const std::vector<std::string>& arguments, const std::string& what) {
  std::string errors;
  if (runner::run_report_package(arguments, &errors) == 0) return;
  while (!errors.empty() && errors.back() == '\n') errors.pop_back();
  const auto last = errors.rfind('\n');
  throw std::runtime_error(what + " failed: " + (last == std::string::npos ? errors : errors.substr(last + 1)));
}

// The files a finished job offers: URL name -> (file in its folder, content type, how to make it if missing).
struct Download {
  const char* name;
  const char* file;
  const char* type;
  std::vector<std::string> (*make)(const fs::path& results, const fs::path& target);
};
const std::vector<Download>& downloads() {
  static const std::vector<Download> list{
      {"results.json", "results.json", kJson, nullptr},
      {"comparison.h5", "comparison.h5", "application/x-hdf5", nullptr},
      {"comparison.csv", "csv/comparison.csv", "text/csv; charset=utf-8",
       [](const fs::path& results, const fs::path& target) {
         return std::vector<std::string>{
             "--export", results.string(), "--format", "csv", "-o", target.parent_path().string()};
       }},
      {"comparison.xlsx", "comparison.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       [](const fs::path& results, const fs::path& target) {
         return std::vector<std::string>{"--export", results.string(), "--format", "xlsx", "-o", target.string()};
       }},
      {"report.html", "report.html", "text/html; charset=utf-8",
       [](const fs::path& results, const fs::path& target) {
         return std::vector<std::string>{results.string(), "-o", target.string()};
       }},
  };
  return list;
}

void send_file(httplib::Response& res, const fs::path& file, const std::string& type, const std::string& name) {
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  const auto size = static_cast<std::size_t>(fs::file_size(file));
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.set_content_provider(size, type, [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    std::vector<char> buffer(std::min<std::size_t>(length, 1U << 16U));
    in->seekg(static_cast<std::streamoff>(offset));
    in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    sink.write(buffer.data(), static_cast<std::size_t>(in->gcount()));
    return in->gcount() > 0;
  });
}

// The whole request of POST /api/compare, checked: unknown fields and wrong types are refused by name.
struct CompareRequest {
  std::string base;
  std::vector<std::string> alternatives;
  runner::RunSettings settings;
  bool attribution = false;
};
CompareRequest compare_request(const json& body, unsigned threads) {
  if (!body.is_object()) throw std::invalid_argument("expected a JSON object");
  static const std::vector<std::string> kFields{"base", "alternatives", "scale",      "replications",
                                                "seed", "years",        "attribution"};
  for (const auto& [key, value] : body.items()) {
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end())
      throw std::invalid_argument("unknown field '" + key +
                                  "' (fields: base, alternatives, scale, replications, "
                                  "seed, years, attribution)");
  }
  const auto field = [&body](const char* key, json::value_t type, const char* what) -> const json* {
    const auto found = body.find(key);
    if (found == body.end()) return nullptr;
    const bool number = type == json::value_t::number_float;
    const bool ok = number                                   ? found->is_number()
                    : type == json::value_t::number_unsigned ? found->is_number_unsigned()
                                                             : found->type() == type;
    if (!ok) throw std::invalid_argument(std::string(key) + " must be " + what);
    return &*found;
  };
  CompareRequest request;
  request.settings.threads = threads;
  request.settings.scale = 1;  // only full scale is a result (docs/calibration.md, "Scale")
  request.settings.replications = 4;
  const json* base = field("base", json::value_t::string, "a scenario name");
  if (base == nullptr) throw std::invalid_argument("base is missing (a scenario name)");
  request.base = base->get<std::string>();
  const json* alternatives = field("alternatives", json::value_t::array, "a list of scenario names");
  if (alternatives == nullptr || alternatives->empty())
    throw std::invalid_argument("alternatives is missing (a list of at least one scenario name)");
  if (alternatives->size() > kMaxAlternatives)
    throw std::invalid_argument("alternatives: at most " + std::to_string(kMaxAlternatives) + " from the page");
  for (const json& name : *alternatives) {
    if (!name.is_string()) throw std::invalid_argument("alternatives must be a list of scenario names");
    request.alternatives.push_back(name.get<std::string>());
  }
  if (const json* v = field("scale", json::value_t::number_float, "a number"))
    request.settings.scale = v->get<double>();
  if (const json* v = field("years", json::value_t::number_float, "a number"))
    request.settings.years = v->get<double>();
  if (const json* v = field("seed", json::value_t::number_unsigned, "a whole number >= 0"))
    request.settings.seed = v->get<std::uint64_t>();
  if (const json* v = field("replications", json::value_t::number_unsigned, "a whole number")) {
    if (v->get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxReplications))
      throw std::invalid_argument("replications: at most " + std::to_string(kMaxReplications) +
                                  " from the page (icsflow compare takes more)");
    request.settings.replications = v->get<int>();
  }
  if (request.settings.years > kMaxYears)
    throw std::invalid_argument("years: at most 10 from the page (icsflow compare takes more)");
  if (const json* v = field("attribution", json::value_t::boolean, "true or false"))
    request.attribution = v->get<bool>();
  return request;
}

class App {
 public:
  explicit App(const ServeOptions& options)
      : library_(options.scenarios, options.folder / "scenarios", models::load_embedded_baseline()),
        jobs_(options.folder / "jobs", options.max_waiting_jobs,
              [](const fs::path& results, const fs::path& folder) {
                run_package({"--page-data", results.string(), "-o", (folder / "results.json").string()},
                            "the results page's data");
              }),
        threads_(options.threads),
        schema_(library_.schema().dump()) {}

  void routes(httplib::Server& server) {
    for (std::size_t i = 0; i < kAssetCount; ++i) {
      const Asset& asset = kAssets[i];
      server.Get(asset.path, [&asset](const httplib::Request&, httplib::Response& res) {
        res.set_content(asset.body.data(), asset.body.size(), asset.type);
      });
    }
    server.Get("/api/levers",
               [this](const httplib::Request&, httplib::Response& res) { res.set_content(schema_, kJson); });
    server.Get("/api/scenarios",
               [this](const httplib::Request&, httplib::Response& res) { reply(res, 200, library_.list()); });
    server.Get(R"(/api/scenarios/([A-Za-z0-9_\-.]{1,64})\.toml)",
               [this](const httplib::Request& req, httplib::Response& res) {
                 const auto text = library_.text(req.matches[1]);
                 if (!text) return refuse(res, 404, "no scenario named '" + std::string(req.matches[1]) + "'");
                 res.set_content(*text, "application/toml; charset=utf-8");
               });
    server.Post("/api/validate", [this](const httplib::Request& req, httplib::Response& res) {
      const scenarios::Scenario scenario = library_.check(req.body);
      reply(res, 200,
            {{"valid", true},
             {"name", scenario.name},
             {"description", scenario.description},
             {"levers_on", levers_on(scenario.params.policy)}});
    });
    server.Post("/api/scenarios", [this](const httplib::Request& req, httplib::Response& res) {
      reply(res, 201, {{"name", library_.save(req.body)}});
    });
    server.Post("/api/compare", [this](const httplib::Request& req, httplib::Response& res) { compare(req, res); });
    server.Get("/api/jobs", [this](const httplib::Request&, httplib::Response& res) { reply(res, 200, jobs_.list()); });
    server.Get(R"(/api/jobs/(\d{1,9}))", [this](const httplib::Request& req, httplib::Response& res) {
      const json status = jobs_.status(std::stoi(req.matches[1]));
      if (status.is_null()) return refuse(res, 404, "no job " + std::string(req.matches[1]));
      reply(res, 200, status);
    });
    server.Post(R"(/api/jobs/(\d{1,9})/cancel)", [this](const httplib::Request& req, httplib::Response& res) {
      const int id = std::stoi(req.matches[1]);
      if (jobs_.status(id).is_null()) return refuse(res, 404, "no job " + std::to_string(id));
      if (!jobs_.cancel(id)) return refuse(res, 409, "job " + std::to_string(id) + " has already ended");
      reply(res, 200, jobs_.status(id));
    });
    server.Get(R"(/api/jobs/(\d{1,9})/([a-z0-9.]{1,32}))", [this](const httplib::Request& req, httplib::Response& res) {
      download(std::stoi(req.matches[1]), req.matches[2], res);
    });
  }

 private:
  void compare(const httplib::Request& req, httplib::Response& res) {
    CompareRequest request;
    try {
      request = compare_request(json::parse(req.body), threads_);
    } catch (const json::exception& e) {
      return refuse(res, 400, std::string("not JSON: ") + e.what());
    } catch (const std::invalid_argument& e) {
      return refuse(res, 400, e.what());
    }
    std::vector<scenarios::Scenario> scenarios{library_.load(request.base)};
    for (const std::string& name : request.alternatives) scenarios.push_back(library_.load(name));
    runner::ComparisonPlan plan =
        runner::plan_comparison(std::move(scenarios), request.settings, false, request.attribution);
    const json shown{{"base", request.base},
                     {"alternatives", request.alternatives},
                     {"scale", plan.settings.scale},
                     {"replications", plan.settings.replications},
                     {"seed", plan.settings.seed},
                     {"years", plan.settings.years},
                     {"attribution", request.attribution}};
    reply(res, 202, {{"job", jobs_.submit(std::move(plan), shown)}});
  }

  void download(int id, const std::string& name, httplib::Response& res) {
    const auto item =
        std::find_if(downloads().begin(), downloads().end(), [&name](const Download& d) { return name == d.name; });
    if (item == downloads().end()) return refuse(res, 404, "no download '" + name + "'");
    const std::optional<fs::path> folder = jobs_.done_folder(id);
    if (!folder) {
      if (jobs_.status(id).is_null()) return refuse(res, 404, "no job " + std::to_string(id));
      return refuse(res, 409, "job " + std::to_string(id) + " has no results (it has not finished)");
    }
    const fs::path file = *folder / item->file;
    {
      const auto lock = jobs_.lock_files(id);  // made once, on first request
      if (!fs::exists(file) && item->make != nullptr)
        run_package(item->make(*folder / "comparison.h5", file), std::string("making ") + item->name);
    }
    send_file(res, file, item->type, item->name);
  }

  ScenarioLibrary library_;
  JobQueue jobs_;
  unsigned threads_;
  std::string schema_;
};

}  // namespace

bool serve(const ServeOptions& options, const std::function<void(const std::string& url)>& listening,
           const std::function<bool()>& stop) {
  App app(options);
  httplib::Server server;
  server.set_payload_max_length(kMaxBody);
  server.set_read_timeout(std::chrono::seconds(30));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const RequestError& e) {
      reply(res, e.status(), problems_json(e.problems()));
    } catch (const scenarios::ScenarioError& e) {
      refuse(res, 400, e.what());
    } catch (const runner::InputError& e) {
      refuse(res, 400, e.what());
    } catch (const QueueFull& e) {
      refuse(res, 503, e.what());
    } catch (const std::exception& e) {
      refuse(res, 500, e.what());
    } catch (...) {
      refuse(res, 500, "unknown error");
    }
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.body.empty()) {
      refuse(
          res, res.status,
          res.status == 413 ? "request too large (at most 256 KiB)" : "nothing here: " + req.method + " " + req.path);
    }
  });
  app.routes(server);
  const int port = options.port == 0 ? server.bind_to_any_port(options.host) : options.port;
  if (port <= 0 || (options.port != 0 && !server.bind_to_port(options.host, options.port))) return false;
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::thread listener([&server] { server.listen_after_bind(); });
  // A stop() before the listener runs would be lost (httplib): say where to go only once it listens.
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  listening("http://" + host + ":" + std::to_string(port) + "/");
  while (!stop()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.stop();
  listener.join();
  return true;
}

}  // namespace icsflow::serve
