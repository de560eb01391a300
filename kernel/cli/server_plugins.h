// What `bulwark server` serves: the plugins with HTTP routes or a background service (enabled
// ones first, else those in the plugin folders), the options they add to the command line and
// how those options become their settings.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "loader/plugin_loader.h"

namespace bulwark::cli {

struct ServedPlugin {
  std::shared_ptr<LoadedPlugin> plugin;
  nlohmann::json settings;  // from the configuration, then the command line
};

// Throws std::runtime_error when two plugins add the same option or one shadows a kernel option.
std::vector<ServedPlugin> findServedPlugins(const Config* config,
                                            const std::vector<std::string>& kernelOptions,
                                            std::vector<std::string>& refusals);

// Adds each plugin's server options to `options`.
void addServerOptions(const std::vector<ServedPlugin>& plugins,
                      boost::program_options::options_description& options);

// Writes the given option values into the plugins' settings. Throws std::invalid_argument
// for a value of the wrong kind.
void applyServerOptions(const boost::program_options::variables_map& vm,
                        std::vector<ServedPlugin>& plugins);

}  // namespace bulwark::cli
