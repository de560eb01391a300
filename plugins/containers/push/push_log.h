// How the scan-on-push pieces report what they do: through the host's log in the plugin.
#pragma once

#include <functional>
#include <string>

namespace bulwark::containers {

enum class LogLevel { Info, Warning, Error };
using Logger = std::function<void(LogLevel, const std::string&)>;

}  // namespace bulwark::containers
