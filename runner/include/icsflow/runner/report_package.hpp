#pragma once
// The report package (analysis/icsflow_report, Python): the HTML report, the exports for spreadsheets and the
// data of `icsflow serve`'s results page are its work. This finds it and runs it with Debian's /usr/bin/python3.
#include <filesystem>
#include <string>
#include <vector>

namespace icsflow::runner {

// A folder icsflow ships: next to an installed icsflow, <prefix>/share/icsflow/<installed> when it holds `marker`;
// else the sources this icsflow was built from, <source> (which may not exist: the caller says what is missing).
std::filesystem::path shipped_folder(const std::string& installed, const std::string& marker,
                                     const std::string& source);

// The package's folder (run as a folder, its __main__.py): ICSFLOW_REPORT_SCRIPT if set; next to an installed
// icsflow, <prefix>/share/icsflow/icsflow_report; else the sources this icsflow was built from. InputError
// when none exists.
std::string report_package();

// Runs `/usr/bin/python3 <package> arguments...` and returns its exit status. With `errors` its stderr is
// captured there (at most 64 KiB kept) instead of shown; stdout is always inherited. std::runtime_error when
// Python cannot be started.
int run_report_package(const std::vector<std::string>& arguments, std::string* errors = nullptr);

}  // namespace icsflow::runner
