// The bulwark command-line verbs. Each returns the process exit code.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace bulwark::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitFindings = 1,  // findings at or above --fail-on
  kExitUsage = 2,     // usage or configuration error
  kExitRuntime = 3,   // runtime error: store, plugin, inventory problems
};

using Args = std::vector<std::string>;

int scanCommand(const Args& args);
int pluginsCommand(const Args& args);
int configCommand(const Args& args);
int scansCommand(const Args& args);
int reportCommand(const Args& args);
int scoreCommand(const Args& args);
int diffCommand(const Args& args);
int vulndbCommand(const Args& args);
int detectCommand(const Args& args);
int alertsCommand(const Args& args);
int serverCommand(const Args& args);
int dataCommand(const Args& args);  // kernel/datalists/cmd_data.cc
int complianceCommand(const Args& args);
int policyCommand(const Args& args);
int suppressCommand(const Args& args);  // alerts suppress|suppressions|unsuppress
int plansCommand(const Args& args);

// Plugin folders: $BULWARK_PLUGIN_PATH entries, then the config's plugin_dirs or, when it
// names none, the folders installed beside the binary.
std::vector<std::string> pluginDirectories(const Config* config);

// Parses a verb's arguments into `vm`. Returns an exit code when the command should stop
// here: 0 after printing --help, 2 after printing a usage error.
std::optional<int> parseArguments(
    const std::string& verb, const Args& args,
    const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden,
    const boost::program_options::positional_options_description& positional,
    boost::program_options::variables_map& vm);

// Writes `text` to `file`, or stdout when empty; throws std::runtime_error on failure.
void writeOutput(const std::string& text, const std::string& file);

}  // namespace bulwark::cli
