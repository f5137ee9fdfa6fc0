#pragma once
// The page's files (serve/web), compiled in by serve/embed_assets.cmake.
#include <cstddef>
#include <string_view>

namespace icsflow::serve {

struct Asset {
  const char* path;  // the URL path: "/" for index.html
  const char* type;  // the Content-Type
  std::string_view body;
};
extern const Asset kAssets[];
extern const std::size_t kAssetCount;

}  // namespace icsflow::serve
