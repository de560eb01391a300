#include "detect/rule_sources.h"

#include <filesystem>

namespace bulwark::detect {
namespace fs = std::filesystem;

std::string defaultRulePackDir(const std::string& executableDir) {
  for (const fs::path& candidate : {fs::path(executableDir) / ".." / "share" / "bulwark" / "rules",
                                    fs::path(executableDir) / ".." / "config" / "rules"}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return candidate.lexically_normal().string();
  }
  return {};
}

}  // namespace bulwark::detect
