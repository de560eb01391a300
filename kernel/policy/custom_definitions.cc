#include "policy/custom_definitions.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "policy/policy_definition.h"
#include "policy/policy_error.h"

namespace bulwark::policy {
namespace fs = std::filesystem;

namespace {

std::string metadataText(const Json& doc, const char* key) {
  const Json& p = doc.contains("properties") ? doc["properties"] : doc;
  if (!p.contains("metadata") || !p["metadata"].is_object()) return {};
  auto it = p["metadata"].find(key);
  return it != p["metadata"].end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string lineOf(const std::string& text, size_t byte) {
  size_t line = 1 + std::count(text.begin(), text.begin() + std::min(byte, text.size()), '\n');
  return "byte " + std::to_string(byte) + " (line " + std::to_string(line) + ")";
}

}  // namespace

std::vector<AssessmentInfo> loadCustomDefinitions(const std::vector<std::string>& paths,
                                                  std::vector<ScanProblem>& problems) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
      }
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      problems.push_back({"policy", p, "no such file or folder"});
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<AssessmentInfo> out;
  std::set<std::string> ids;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    Json doc;
    try {
      doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
      problems.push_back({"policy", f.string() + ": " + lineOf(text, e.byte > 0 ? e.byte - 1 : 0),
                          "invalid JSON in policy definition"});
      continue;
    }
    try {
      PolicyDefinition def = parseDefinition(doc, f.string());
      AssessmentInfo a;
      a.id = "custom." + (def.name.empty() ? f.stem().string() : def.name);
      if (!ids.insert(a.id).second) {
        problems.push_back({"policy", f.string(), "duplicate definition id " + a.id + "; ignored"});
        continue;
      }
      a.pluginId = kCustomPluginId;
      a.title = def.displayName.empty() ? f.stem().string() : def.displayName;
      a.description = def.description;
      auto types = targetTypes(def, Json::object());
      a.resourceType = types.empty() ? "*" : types.front();
      a.severity = parseSeverity(metadataText(doc, "severity")).value_or(Severity::Medium);
      std::string control = metadataText(doc, "securityControl");
      a.control = control.empty() ? "Implement security best practices" : control;
      a.remediation = metadataText(doc, "remediation");
      a.policyDefinitionId = def.name;
      a.policy = doc;
      out.push_back(std::move(a));
    } catch (const PolicyError& e) {
      problems.push_back({"policy", f.string(), e.what()});
    }
  }
  return out;
}

}  // namespace bulwark::policy
