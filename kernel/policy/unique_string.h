// ARM's uniqueString(): the arguments joined with '-', hashed as UTF-8 with the 64-bit
// MurmurHash variant of Azure Resource Manager, written as 13 characters of lower-case
// base32 (a-z, 2-7). Deployments and Azure Policy name resources with it, so the engine must
// produce the very names Azure produced to find those resources.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::policy {

// The hash itself (ARM's MurmurHash64 with seed 0: two 32-bit MurmurHash3-style lanes over
// 8-byte blocks, combined into high and low words).
uint64_t armMurmurHash64(std::string_view bytes);

std::string uniqueString(const std::vector<std::string>& parts);

}  // namespace bulwark::policy
