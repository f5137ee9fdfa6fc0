#include "icsflow/config/toml_reader.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace icsflow::config {

namespace fs = std::filesystem;

std::string key_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

std::string read_text_file(const fs::path& file, const std::string& what, Raise raise, std::uintmax_t max_bytes) {
  std::error_code error;
  const fs::file_status status = fs::status(file, error);
  if (error || !fs::exists(status)) raise(file.string() + ": cannot open " + what + " (no such file)");
  if (!fs::is_regular_file(status)) raise(file.string() + ": not a regular file (a " + what + " must be one)");
  const std::uintmax_t size = fs::file_size(file, error);
  if (error || size > max_bytes) {
    raise(file.string() + ": too large for a " + what + " (" + std::to_string(size) + " bytes; at most " +
          std::to_string(max_bytes) + ")");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) raise(file.string() + ": cannot open " + what);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TomlReader::where(const toml::source_region& source) const {
  std::ostringstream out;
  out << (source.path ? *source.path : origin_);
  if (source.begin.line > 0) out << ':' << source.begin.line << ':' << source.begin.column;
  return out.str();
}

void TomlReader::fail(const toml::source_region& source, const std::string& path, const std::string& message) const {
  raise_(where(source) + ": " + (path.empty() ? "" : path + ": ") + message);
  throw std::logic_error("config::Raise returned");  // a Raise always throws
}

toml::table TomlReader::parse(const std::string& text) const {
  try {
    return toml::parse(text, origin_);
  } catch (const toml::parse_error& error) {
    std::ostringstream out;
    out << origin_ << ':' << error.source().begin.line << ':' << error.source().begin.column << ": "
        << error.description();
    raise_(out.str());
    throw;
  }
}

double TomlReader::number(const toml::node& node, const std::string& path) const {
  if (node.is_integer()) return static_cast<double>(node.as_integer()->get());
  if (node.is_floating_point() && std::isfinite(node.as_floating_point()->get()))
    return node.as_floating_point()->get();
  fail(node, path, node.is_floating_point() ? "expected a finite number" : "expected a number");
}

double TomlReader::number_in(const toml::node& node, const std::string& path, double min, double max) const {
  const double value = number(node, path);
  if (value < min || value > max) {
    std::ostringstream message;
    message << "value " << value << " is outside the allowed range [" << min << ", " << max << "]";
    fail(node, path, message.str());
  }
  return value;
}

double TomlReader::number_in(const toml::table& table, const std::string& key, const std::string& prefix,
                             double fallback, double min, double max) const {
  const toml::node* node = table.get(key);
  return node == nullptr ? fallback : number_in(*node, key_path(prefix, key), min, max);
}

int TomlReader::whole_number_in(const toml::table& table, const std::string& key, const std::string& prefix,
                                int fallback, int min, int max) const {
  const toml::node* node = table.get(key);
  if (node != nullptr && !node->is_integer()) fail(*node, key_path(prefix, key), "expected a whole number");
  return static_cast<int>(number_in(table, key, prefix, fallback, min, max));
}

std::string TomlReader::text(const toml::table& table, const std::string& key, const std::string& prefix) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) return "";
  if (!node->is_string()) fail(*node, key_path(prefix, key), "expected a string");
  return node->as_string()->get();
}

void TomlReader::only_keys(const toml::table& table, const std::set<std::string>& allowed,
                           const std::string& prefix) const {
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    if (allowed.count(name) != 0) continue;
    std::string list;
    for (const std::string& word : allowed) list += (list.empty() ? "" : ", ") + word;
    fail(node, key_path(prefix, name), "unknown key '" + name + "' (allowed here: " + list + ")");
  }
}

}  // namespace icsflow::config
