// `bulwark images scan|list|show`: the containers plugin's CLI command (ABI 1.2).
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::containers {

int imagesCommand(const std::vector<std::string>& args, sdk::CommandIo& io,
                  const sdk::Context& ctx);

}  // namespace bulwark::containers
