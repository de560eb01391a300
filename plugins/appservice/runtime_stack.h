// The language runtime a site runs, read from its configuration: linuxFxVersion
// ("PHP|8.2", "PYTHON|3.11", "NODE|20-lts", "TOMCAT|10.1-java17", "DOTNETCORE|8.0") on Linux,
// phpVersion / pythonVersion / javaVersion / nodeVersion / netFrameworkVersion on Windows.
#pragma once

#include <bulwark/plugin.hpp>

#include <optional>
#include <string>

namespace bulwark::appservice {

struct RuntimeVersion {
  std::string language;  // php, python, node, java, dotnet
  std::string version;   // the key of the end-of-life table: "8.2", "3.11", "20", "17", "8.0"
  std::string setting;   // where it was read, as shown: "linuxFxVersion = PHP|8.2"
};

// The site's runtime of `language`, or nullopt when it does not use that language (or runs a
// custom container, whose runtime the snapshot does not show).
std::optional<RuntimeVersion> runtimeOf(const sdk::Json& siteConfig, const std::string& language);

}  // namespace bulwark::appservice
