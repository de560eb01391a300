// Random version 4 UUIDs as text, for SBOM serial numbers and document namespaces.
#pragma once

#include <string>

namespace bulwark::image {

std::string randomUuid();

}  // namespace bulwark::image
