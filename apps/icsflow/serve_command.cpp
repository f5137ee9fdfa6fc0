// icsflow serve [--port 8080] [--host 127.0.0.1] [--folder DIR]: the scenario explorer in the browser.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "commands.hpp"
#include "icsflow/runner/report_package.hpp"
#include "icsflow/runner/settings.hpp"
#include "icsflow/serve/server.hpp"
#include "options.hpp"

namespace icsflow::app {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

std::atomic<bool> stop_requested{false};
extern "C" void request_stop(int /*signal*/) { stop_requested.store(true); }

bool loopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

}  // namespace

int serve_command(const Invocation& invocation) {
  po::options_description visible(
      "Usage: icsflow serve [--port 8080] [--host 127.0.0.1] [--folder DIR]\n\n"
      "The scenario explorer: a web page to build scenarios lever by lever (with the evidence for each), run\n"
      "comparisons and read and download their results, served by icsflow itself. Open the address it\n"
      "prints in a browser; Ctrl-C stops it. Comparisons run one at a time on every core (the others wait);\n"
      "their files and the scenarios saved from the page are kept in --folder (docs/serve.md).\n\n"
      "Example:\n  icsflow serve            # then open http://127.0.0.1:8080/\n\nOptions");
  serve::ServeOptions settings;
  std::string folder;
  std::string scenarios;
  visible.add_options()("port", po::value<int>(&settings.port)->default_value(8080),
                        "port to listen on (0: any free port, printed)")(
      "host", po::value<std::string>(&settings.host)->default_value("127.0.0.1"),
      "address to listen on; anything but this computer (127.0.0.1) lets others on the network in")(
      "folder", po::value<std::string>(&folder),
      "folder for jobs and saved scenarios, kept after the server stops (default: a new temporary folder, "
      "removed when it stops)")("scenarios", po::value<std::string>(&scenarios),
                                "folder of the shipped scenarios (default: those icsflow came with)")(
      "threads", po::value<unsigned>(&settings.threads)->default_value(0),
      "threads for each comparison (0 = all cores)");
  po::variables_map options;
  if (!parse_command(invocation.arguments, visible, 0, options)) return 0;
  if (settings.port < 0 || settings.port > 65535) throw UsageError("--port must be in [0, 65535]");
  settings.threads = runner::checked_threads(settings.threads);
  settings.scenarios =
      scenarios.empty() ? runner::shipped_folder("scenarios", "siloed.toml", "scenarios") : fs::path(scenarios);
  if (!fs::exists(settings.scenarios / "siloed.toml"))
    throw UsageError("no siloed.toml in " + settings.scenarios.string() + " (--scenarios: the shipped scenarios)");

  bool temporary = false;
  if (folder.empty()) {
    std::string pattern = (fs::temp_directory_path() / "icsflow-serve-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw UsageError("cannot make a temporary folder in /tmp");
    settings.folder = pattern;
    temporary = true;
  } else {
    settings.folder = folder;
    std::error_code error;
    fs::create_directories(settings.folder, error);
    if (error || !fs::is_directory(settings.folder))
      throw UsageError("--folder " + folder + " is not a folder that can be made");
  }
  if (!loopback(settings.host)) {
    std::cerr << "icsflow serve: warning: listening on " << settings.host
              << ", not only this computer: anyone who can reach it can run comparisons (there is no login)\n";
  }
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal, request_stop);
  const bool served = serve::serve(
      settings,
      [&settings](const std::string& url) {
        std::cout << "icsflow serve: open " << url << " in a browser (files in " << settings.folder.string()
                  << "; Ctrl-C stops)" << std::endl;
      },
      [] { return stop_requested.load(); });
  if (temporary) fs::remove_all(settings.folder);
  if (!served) throw UsageError("cannot listen on " + settings.host + ":" + std::to_string(settings.port));
  std::cout << "icsflow serve: stopped" << std::endl;
  return 0;
}

}  // namespace icsflow::app
