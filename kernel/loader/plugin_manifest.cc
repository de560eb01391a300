#include "loader/plugin_manifest.h"

#include <nlohmann/json.hpp>
#include <set>

#include "policy/policy_definition.h"
#include "policy/policy_error.h"

namespace bulwark {
namespace {

using nlohmann::json;

std::string text(const json& obj, const char* key, bool required, const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) throw std::runtime_error(where + " has no \"" + key + "\"");
    return {};
  }
  if (!it->is_string()) throw std::runtime_error(where + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

const json& list(const json& obj, const char* key) {
  static const json empty = json::array();
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return empty;
  if (!it->is_array()) throw std::runtime_error(std::string("\"") + key + "\" must be a list");
  return *it;
}

NativeRuleInfo nativeRule(const json& n, std::set<std::string>& seen) {
  NativeRuleInfo info;
  info.id = text(n, "id", true, "native rule");
  std::string where = "native rule '" + info.id + "'";
  if (info.id.empty()) throw std::runtime_error("a native rule has an empty id");
  if (!seen.insert(info.id).second)
    throw std::runtime_error("duplicate native rule id '" + info.id + "' in the manifest");
  info.title = text(n, "title", true, where);
  info.description = text(n, "description", false, where);
  info.severity = text(n, "severity", true, where);
  if (!parseSeverity(info.severity))
    throw std::runtime_error(where + ": unknown severity '" + info.severity + "'");
  info.tactic = text(n, "tactic", false, where);
  info.technique = text(n, "technique", false, where);
  info.remediation = text(n, "remediation", false, where);
  auto dedup = n.find("dedupSeconds");
  if (dedup != n.end()) {
    if (!dedup->is_number_integer() || dedup->get<int64_t>() < 0)
      throw std::runtime_error(where + ": dedupSeconds must be a whole number >= 0");
    info.dedupSeconds = dedup->get<int64_t>();
  }
  return info;
}

// Lower-case words joined by '-': command and option names.
bool isCliName(const std::string& name) {
  if (name.empty() || name.size() > 40 || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return name.back() != '-';
}

void parseCommands(const json& m, PluginManifest& out) {
  std::set<std::string> names;
  for (const json& c : list(m, "commands")) {
    CommandInfo info{text(c, "name", true, "command"), text(c, "summary", false, "")};
    if (!isCliName(info.name))
      throw std::runtime_error("command name '" + info.name +
                               "' must be lower-case words joined by '-'");
    if (!names.insert(info.name).second)
      throw std::runtime_error("duplicate command '" + info.name + "' in the manifest");
    out.commands.push_back(std::move(info));
  }
}

void parseRoutes(const json& m, PluginManifest& out) {
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  std::set<std::string> ids, endpoints;
  for (const json& r : list(m, "httpRoutes")) {
    HttpRouteInfo info;
    info.id = text(r, "id", true, "route");
    std::string where = "route '" + info.id + "'";
    info.method = text(r, "method", true, where);
    info.path = text(r, "path", true, where);
    info.prefix = r.value("prefix", false);
    info.description = text(r, "description", false, where);
    std::string auth = text(r, "auth", true, where);
    if (info.id.empty() || !ids.insert(info.id).second)
      throw std::runtime_error("route ids must be unique and non-empty ('" + info.id + "')");
    if (!kMethods.count(info.method))
      throw std::runtime_error(where + ": unknown method '" + info.method + "'");
    if (info.path.size() < 2 || info.path.front() != '/' || info.path.back() == '/' ||
        info.path.find_first_of("?#* ") != std::string::npos)
      throw std::runtime_error(where + ": path '" + info.path +
                               "' must start with '/', not end with one, and hold no ?#* or space");
    if (!endpoints.insert(info.method + " " + info.path).second)
      throw std::runtime_error(where + ": " + info.method + " " + info.path + " is declared twice");
    if (auth == "api-token") {
      info.apiToken = true;
    } else if (auth == "secret") {
      info.apiToken = false;
      info.secretEnv = text(r, "secretEnv", true, where);
      if (info.secretEnv.empty()) throw std::runtime_error(where + ": secretEnv is empty");
    } else {
      throw std::runtime_error(where + ": auth must be api-token or secret, not '" + auth + "'");
    }
    if (auto size = r.find("maxBodyBytes"); size != r.end()) {
      if (!size->is_number_unsigned())
        throw std::runtime_error(where + ": maxBodyBytes must be a whole number");
      info.maxBodyBytes = size->get<size_t>();
    }
    out.httpRoutes.push_back(std::move(info));
  }
}

void parseServerOptions(const json& m, PluginManifest& out) {
  static const std::set<std::string> kKinds = {"text", "list", "integer", "flag"};
  std::set<std::string> names;
  for (const json& o : list(m, "serverOptions")) {
    ServerOptionInfo info{text(o, "name", true, "server option"),
                          text(o, "setting", true, "server option"),
                          text(o, "kind", true, "server option"), text(o, "help", false, "")};
    std::string where = "server option '" + info.name + "'";
    if (!isCliName(info.name))
      throw std::runtime_error(where + ": names are lower-case words joined by '-'");
    if (!names.insert(info.name).second)
      throw std::runtime_error("duplicate " + where + " in the manifest");
    if (!kKinds.count(info.kind))
      throw std::runtime_error(where + ": kind must be text, list, integer or flag");
    if (info.setting.empty()) throw std::runtime_error(where + ": setting is empty");
    out.serverOptions.push_back(std::move(info));
  }
}

}  // namespace

PluginManifest parseManifest(std::string_view textIn) {
  json m;
  try {
    m = json::parse(textIn);
  } catch (const json::parse_error& e) {
    throw std::runtime_error(std::string("manifest is not valid JSON: ") + e.what());
  }
  if (!m.is_object()) throw std::runtime_error("manifest must be a JSON object");
  PluginManifest out;
  out.id = text(m, "id", true, "manifest");
  out.version = text(m, "version", true, "manifest");
  out.description = text(m, "description", false, "manifest");
  if (out.id.empty()) throw std::runtime_error("manifest id is empty");
  for (const json& c : list(m, "collectors")) {
    CollectorInfo info{text(c, "id", true, "collector"), text(c, "description", false, ""), {}};
    for (const json& t : list(c, "types"))
      info.types.push_back(t.get<std::string>());
    out.collectors.push_back(std::move(info));
  }
  std::set<std::string> seen;
  for (const json& a : list(m, "assessments")) {
    AssessmentInfo info;
    info.id = text(a, "id", true, "assessment");
    std::string where = "assessment '" + info.id + "'";
    if (!seen.insert(info.id).second) {
      throw std::runtime_error("duplicate assessment id '" + info.id + "' in the manifest");
    }
    info.pluginId = out.id;
    info.title = text(a, "title", true, where);
    info.resourceType = text(a, "resourceType", true, where);
    std::string severity = text(a, "severity", true, where);
    auto parsed = parseSeverity(severity);
    if (!parsed) throw std::runtime_error(where + ": unknown severity '" + severity + "'");
    info.severity = *parsed;
    info.control = text(a, "control", false, where);
    info.description = text(a, "description", false, where);
    info.remediation = text(a, "remediation", false, where);
    info.policyDefinitionId = text(a, "policyDefinitionId", false, where);
    info.quickFix = text(a, "quickFix", false, where);
    if (std::string policy = text(a, "policy", false, where); !policy.empty()) {
      try {
        info.policy = json::parse(policy);
        policy::parseDefinition(info.policy, where);
      } catch (const json::parse_error& e) {
        throw std::runtime_error(where + ": policy is not valid JSON at byte " +
                                 std::to_string(e.byte));
      } catch (const policy::PolicyError& e) {
        throw std::runtime_error(where + ": " + e.what());
      }
    }
    if (auto d = a.find("defaultParameters"); d != a.end()) {
      if (!d->is_object())
        throw std::runtime_error(where + ": defaultParameters must be an object");
      if (info.policy.is_null())
        throw std::runtime_error(where + ": defaultParameters without a policy definition");
      info.defaultParameters = *d;
    }
    for (const json& c : list(a, "compliance")) {
      info.compliance.push_back(
          {text(c, "standard", true, where + " compliance"), text(c, "control", true, where)});
    }
    out.assessments.push_back(std::move(info));
  }
  std::set<std::string> nativeIds;
  for (const json& r : list(m, "ruleSets")) {
    RuleSetInfo info{text(r, "id", true, "rule set"),
                     text(r, "title", false, ""),
                     text(r, "rules", false, ""),
                     r.value("nativeDetector", false),
                     {}};
    for (const json& n : list(r, "nativeRules"))
      info.nativeRules.push_back(nativeRule(n, nativeIds));
    out.ruleSets.push_back(std::move(info));
  }
  std::set<std::string> sourceTypes;
  for (const json& e : list(m, "eventSources")) {
    EventSourceInfo info{text(e, "type", true, "event source"), text(e, "description", false, "")};
    if (info.type.empty() || info.type.find(':') != std::string::npos)
      throw std::runtime_error("event source type '" + info.type + "' must be non-empty, no ':'");
    if (!sourceTypes.insert(info.type).second)
      throw std::runtime_error("duplicate event source type '" + info.type + "' in the manifest");
    out.eventSources.push_back(std::move(info));
  }
  ActivityDeclarations declarations = parseActivityDeclarations(m);
  out.activities = std::move(declarations.activities);
  out.anomalyKinds = std::move(declarations.anomalyKinds);
  if (auto schema = m.find("settingsSchema"); schema != m.end() && !schema->is_null()) {
    if (!schema->is_object() && !schema->is_boolean())
      throw std::runtime_error("settingsSchema must be a JSON Schema (an object)");
    out.settingsSchema = *schema;
  }
  parseCommands(m, out);
  parseRoutes(m, out);
  parseServerOptions(m, out);
  if (auto service = m.find("service"); service != m.end() && !service->is_null()) {
    if (!service->is_boolean()) throw std::runtime_error("\"service\" must be true or false");
    out.service = service->get<bool>();
  }
  return out;
}

}  // namespace bulwark
