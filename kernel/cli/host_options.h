// The options the kernel takes for every plugin-served command before handing the rest of
// the arguments to the plugin: which configuration, store and vulnerability database the host
// services use. Resolved as the kernel's own commands do: an option, else the configuration
// (--config, else config/bulwark.yaml when present), else var/bulwark.db and, when it exists,
// var/vulndb.sqlite.
#pragma once

#include <optional>
#include <string>

#include "cli/commands.h"

namespace bulwark::cli {

struct HostOptions {
  std::optional<Config> config;
  std::string storePath;
  std::string vulndbPath;    // empty: no database
  bool vulndbNamed = false;  // given with --vulndb: it must open
  Args rest;                 // everything else, in order
  bool help = false;         // --help / -h was among the arguments (it stays in `rest`)
};

// Takes --config/-c, --store and --vulndb (also as --name=value) out of `args`. Throws
// std::invalid_argument for an option without its value and ConfigError for a bad
// configuration file.
HostOptions takeHostOptions(const Args& args);

// The help lines of those options, for a plugin command's --help.
const char* hostOptionsHelp();

}  // namespace bulwark::cli
