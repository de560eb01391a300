// What one scan produced, as stored and reported: the assessments that ran, the resources
// collected, every result, what each plugin did and the problems met on the way.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bulwark {

enum class AssessmentState { Healthy, Unhealthy, NotApplicable, Error, Exempt };
enum class Severity { Informational, Low, Medium, High };

const char* stateName(AssessmentState s);
std::optional<AssessmentState> parseState(const std::string& s);
const char* severityName(Severity s);
std::optional<Severity> parseSeverity(const std::string& s);  // case-insensitive

struct ComplianceRef {
  std::string standard;
  std::string control;
};

struct AssessmentInfo {
  std::string id;
  std::string pluginId;
  std::string title;
  std::string resourceType;
  Severity severity = Severity::Medium;
  std::string control;
  std::string description;
  std::string remediation;
  std::string policyDefinitionId;
  std::string quickFix;  // "{id}" stands for the resource id
  std::vector<ComplianceRef> compliance;
  nlohmann::json policy;  // declarative: the Azure Policy definition; null for native checks
  nlohmann::json defaultParameters = nlohmann::json::object();  // the plugin's, for `policy`
};

// The verdict of one assessment on one resource, before it becomes a ResultRecord.
struct AssessOutcome {
  AssessmentState state = AssessmentState::Error;
  std::string reason;
  nlohmann::json evidence = nlohmann::json::object();
};

struct ResourceRecord {
  std::string id;
  std::string type;
  std::string name;
  std::string location;
  std::string subscription;
  std::string resourceGroup;
  std::string pluginId;
  nlohmann::json document;  // redacted
};

struct ResultRecord {
  std::string resourceId;
  std::string assessmentId;
  std::string pluginId;
  AssessmentState state = AssessmentState::Error;
  std::string reason;
  nlohmann::json evidence = nlohmann::json::object();
};

struct PluginRun {
  std::string pluginId;
  std::string version;
  std::string abi;
  std::string phase;   // load, create, collect, assess
  std::string target;  // collector or assessment id, or the plugin file
  std::string status;  // ok, error, refused
  std::string message;
  int64_t durationMs = 0;
};

struct ScanProblem {
  std::string kind;      // inventory, plugin, config
  std::string location;  // file and place
  std::string message;
};

struct ScanRecord {
  int64_t id = 0;
  std::string startedAt;
  std::string finishedAt;
  std::string status;  // completed, completed_with_errors
  std::vector<std::string> scopes;
  std::string configFile;
  std::string kernelVersion;
  std::vector<AssessmentInfo> assessments;
  std::vector<ResourceRecord> resources;
  std::vector<ResultRecord> results;
  std::vector<PluginRun> pluginRuns;
  std::vector<ScanProblem> problems;

  const AssessmentInfo* assessment(const std::string& id) const;
  bool hasErrors() const;
};

}  // namespace bulwark
