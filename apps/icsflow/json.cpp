#include "json.hpp"

#include <cmath>
#include <cstdio>

namespace icsflow::app {

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char number[64];
  std::snprintf(number, sizeof number, "%.17g", value);
  return number;
}

std::string json_settings(const runner::RunSettings& settings) {
  return "\"replications\": " + std::to_string(settings.replications) + ", \"scale\": " + json_number(settings.scale) +
         ", \"years\": " + json_number(settings.years) + ", \"warmup_days\": " + json_number(settings.warmup_days) +
         ", \"seed\": " + std::to_string(settings.seed);
}

}  // namespace icsflow::app
