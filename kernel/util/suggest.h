// "Did you mean" hints for mistyped names.
#pragma once

#include <string>
#include <vector>

namespace bulwark {

// The candidate closest to `word` by edit distance, or "" if none is close enough to help.
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace bulwark
