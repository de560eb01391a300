// RFC 822-style stanzas as dpkg, apk and Python metadata write them: "Field: value" lines
// (apk: "K:value"), continuation lines starting with a space or tab, blank lines between
// records.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::image {

struct Stanza {
  int line = 0;  // 1-based line of its first field
  std::map<std::string, std::string> fields;
  std::string get(const std::string& name) const {
    auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
  }
};

// Splits `text` into stanzas. `separator` is ':' for both formats; apk keys are one letter
// with no space after the colon. Lines that are neither fields nor continuations are reported
// in `problems` as "line N: ..." and skipped. With `headerOnly`, stops at the first blank
// line (Python metadata: the body is the description).
std::vector<Stanza> parseStanzas(std::string_view text, std::vector<std::string>& problems,
                                 bool headerOnly = false);

}  // namespace bulwark::image
