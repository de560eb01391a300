// Parsers from the published advisory formats to Advisory records. Input is already-parsed
// JSON (YAML OSV records are converted first). A record that breaks the format throws
// RecordError naming the place in the document; feeds holding many records report each broken
// record through `problems` and return the rest.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "vuln/db/advisory.h"

namespace bulwark::vuln {

class RecordError : public std::runtime_error {
 public:
  RecordError(std::string place, const std::string& message)
      : std::runtime_error(message), place_(std::move(place)) {}
  const std::string& place() const { return place_; }

 private:
  std::string place_;
};

enum class FeedKind {
  Osv,                  // one OSV record
  DebianTrackerRecord,  // one security-tracker CVE/DSA/DLA entry ({"Header", "Annotations"})
  DebianTrackerJson,    // security-tracker.debian.org/tracker/data/json: package -> CVE -> ...
  Secdb,                // Alpine/Wolfi secdb: one package or {"packages": [...]}
  Unknown,
};

FeedKind detectFeed(const nlohmann::json& doc);
const char* feedSourceName(FeedKind kind, const nlohmann::json& doc);

Advisory parseOsvRecord(const nlohmann::json& doc);
std::vector<Advisory> parseDebianTrackerRecord(const nlohmann::json& doc);
std::vector<Advisory> parseDebianTrackerJson(const nlohmann::json& doc,
                                             std::vector<ImportProblem>& problems,
                                             const std::string& file);
std::vector<Advisory> parseSecdb(const nlohmann::json& doc, std::vector<ImportProblem>& problems,
                                 const std::string& file);

}  // namespace bulwark::vuln
