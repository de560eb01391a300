// Parsers of the operator-supplied files behind the rule lists (detect/rules/rule_lists.h).
// Every line must be understood: one bad line refuses the whole file, so a truncated or
// wrong download never replaces a good list. Errors name the file and line.
#pragma once

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bulwark::datalists {

class ListFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ParsedList {
  std::vector<std::string> entries;  // sorted, unique, in the form the rules test
  size_t lines = 0;                  // lines that gave an entry
  size_t duplicates = 0;
  size_t ipv4 = 0, ipv6 = 0;  // tor-exits only
};

// The Tor Project's bulk exit list (one address per line, as served by
// check.torproject.org/torbulkexitlist) or its exit-addresses format (ExitNode, Published,
// LastStatus and "ExitAddress ADDRESS DATE TIME" lines). Entries are /32 or /128 blocks.
ParsedList parseTorExitList(std::istream& in, const std::string& file);

// MD5 hashes, one per line, optionally followed by a name as md5sum prints it
// ("HASH  file" or "HASH *file"). Entries are lower-case hex.
ParsedList parseMd5List(std::istream& in, const std::string& file);

// Writes `entries` as <dataDir>/lists/<name>.txt through a temporary file renamed over the
// old one, so readers see the old list or the new one, never half of it. Returns the path.
std::string writeListAtomically(const std::string& dataDir, const std::string& name,
                                const std::vector<std::string>& entries,
                                const std::string& headerComment);

}  // namespace bulwark::datalists
