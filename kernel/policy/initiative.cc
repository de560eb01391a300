#include "policy/initiative.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/expression.h"
#include "policy/policy_error.h"
#include "scope/resource_id.h"

namespace bulwark::policy {
namespace fs = std::filesystem;

namespace {

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw PolicyError(path + ": cannot read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Json parseJsonFile(const std::string& path) {
  const std::string text = readText(path);
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    size_t line = 1 + std::count(text.begin(), text.begin() + std::min(byte, text.size()), '\n');
    throw PolicyError(path + ": byte " + std::to_string(byte) + " (line " + std::to_string(line) +
                      "): invalid JSON");
  }
}

const Json* memberOf(const Json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (equalsIgnoreCase(it.key(), key)) return &it.value();
  }
  return nullptr;
}

std::string textOf(const Json& object, const char* key) {
  const Json* v = memberOf(object, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

// Definition files by lower-case definition name (the GUID of built-ins).
std::map<std::string, std::string> indexDefinitions(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw PolicyError(dir + ": no such definitions folder");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> index;
  for (const auto& f : files) {
    Json doc = Json::parse(readText(f.string()), nullptr, false);
    std::string name = doc.is_discarded() ? std::string{} : textOf(doc, "name");
    if (name.empty()) name = f.stem().string();
    index.emplace(toLowerAscii(name), f.string());
  }
  return index;
}

// The initiative's parameter values: declared defaults, overridden by the operator's.
Json initiativeValues(const Json& declared, const Json& given) {
  Json values = Json::object();
  if (declared.is_object()) {
    for (auto it = declared.begin(); it != declared.end(); ++it) {
      if (const Json* d = memberOf(it.value(), "defaultValue")) values[it.key()] = *d;
    }
  }
  if (given.is_object()) {
    for (auto it = given.begin(); it != given.end(); ++it) {
      std::string key = it.key();
      for (auto d = values.begin(); d != values.end(); ++d) {
        if (equalsIgnoreCase(d.key(), key)) key = d.key();
      }
      const Json* inner = memberOf(it.value(), "value");
      values[key] = inner != nullptr && it.value().size() == 1 ? *inner : it.value();
    }
  }
  return values;
}

void classify(InitiativeMember& m, const Json& memberValues, const Json& initiativeParams) {
  PolicyDefinition def;
  try {
    def = parseDefinition(m.definition, m.file);
  } catch (const std::exception& e) {
    m.status = MemberStatus::Invalid;
    m.detail = e.what();
    return;
  }
  ExpressionContext context;
  context.parameters = &initiativeParams;
  Json values = Json::object();
  try {
    if (memberValues.is_object()) {
      for (auto it = memberValues.begin(); it != memberValues.end(); ++it) {
        const Json* v = memberOf(it.value(), "value");
        values[it.key()] = evaluate(v != nullptr ? *v : it.value(), context);
      }
    }
    m.parameters = effectiveParameters(def, values);
  } catch (const Unsupported& u) {
    m.status = MemberStatus::Unsupported;
    m.detail = std::string("unsupported: ") + u.feature();
    return;
  } catch (const std::exception& e) {
    m.status = MemberStatus::Invalid;
    m.detail = std::string("parameters: ") + e.what();
    return;
  }
  if (auto feature = unsupportedFeature(def, m.parameters)) {
    m.status = MemberStatus::Unsupported;
    m.detail = "unsupported: " + *feature;
    return;
  }
  // unsupportedFeature() has resolved the effect, so then.effect exists and evaluates.
  ExpressionContext effectContext;
  effectContext.parameters = &m.parameters;
  Json effect = evaluate(*memberOf(*memberOf(def.rule, "then"), "effect"), effectContext);
  m.effect = effect.is_string() ? toLowerAscii(effect.get<std::string>()) : std::string{};
  if (m.effect == "disabled") {
    m.status = MemberStatus::Disabled;
    m.detail = "effect Disabled in the initiative";
    return;
  }
  m.status = MemberStatus::Supported;
}

}  // namespace

const char* memberStatusName(MemberStatus s) {
  switch (s) {
    case MemberStatus::Supported:
      return "supported";
    case MemberStatus::Disabled:
      return "disabled";
    case MemberStatus::Unsupported:
      return "unsupported";
    case MemberStatus::NotFound:
      return "not found";
    case MemberStatus::Invalid:
      break;
  }
  return "invalid";
}

size_t InitiativeImport::count(MemberStatus s) const {
  return static_cast<size_t>(std::count_if(
      members.begin(), members.end(), [s](const InitiativeMember& m) { return m.status == s; }));
}

std::map<std::string, size_t> InitiativeImport::unsupportedFeatures() const {
  std::map<std::string, size_t> out;
  for (const auto& m : members) {
    if (m.status == MemberStatus::Unsupported) out[m.detail]++;
  }
  return out;
}

InitiativeImport importInitiative(const std::string& initiativeFile,
                                  const std::string& definitionsDir, const Json& parameterValues) {
  Json doc = parseJsonFile(initiativeFile);
  const Json* props = memberOf(doc, "properties");
  if (props == nullptr) props = &doc;
  const Json* members = memberOf(*props, "policyDefinitions");
  if (members == nullptr || !members->is_array()) {
    throw PolicyError(initiativeFile + ": not a policy set definition (no policyDefinitions list)");
  }
  InitiativeImport out;
  out.file = initiativeFile;
  out.name = textOf(doc, "name");
  out.displayName = textOf(*props, "displayName");
  const Json declared = memberOf(*props, "parameters") ? *memberOf(*props, "parameters") : Json();
  const Json values = initiativeValues(declared, parameterValues);
  auto index = indexDefinitions(definitionsDir);
  size_t position = 0;
  for (const auto& ref : *members) {
    InitiativeMember m;
    std::string id = textOf(ref, "policyDefinitionId");
    m.referenceId = textOf(ref, "policyDefinitionReferenceId");
    if (m.referenceId.empty()) m.referenceId = "member-" + std::to_string(position);
    position++;
    size_t slash = id.find_last_of('/');
    m.definitionName = toLowerAscii(slash == std::string::npos ? id : id.substr(slash + 1));
    if (const Json* g = memberOf(ref, "groupNames"); g != nullptr && g->is_array()) {
      for (const auto& name : *g)
        if (name.is_string()) m.groups.push_back(name.get<std::string>());
    }
    auto found = index.find(m.definitionName);
    if (id.empty() || found == index.end()) {
      m.status = MemberStatus::NotFound;
      m.detail = "not found: " + (id.empty() ? std::string("no policyDefinitionId") : id);
      out.members.push_back(std::move(m));
      continue;
    }
    m.file = found->second;
    try {
      m.definition = parseJsonFile(m.file);
    } catch (const PolicyError& e) {
      m.status = MemberStatus::Invalid;
      m.detail = e.what();
      out.members.push_back(std::move(m));
      continue;
    }
    const Json* given = memberOf(ref, "parameters");
    classify(m, given != nullptr ? *given : Json::object(), values);
    out.members.push_back(std::move(m));
  }
  return out;
}

AssessmentInfo initiativeAssessment(const InitiativeImport& initiative,
                                    const InitiativeMember& member) {
  PolicyDefinition def = parseDefinition(member.definition, member.file);
  AssessmentInfo a;
  a.id = std::string(kInitiativePluginId) + "." + member.referenceId;
  a.pluginId = kInitiativePluginId;
  a.title = def.displayName.empty() ? member.referenceId : def.displayName;
  a.description = def.description;
  auto types = targetTypes(def, member.parameters);
  a.resourceType = types.empty() ? "*" : types.front();
  a.severity = Severity::Medium;
  a.control = "Implement security best practices";
  a.remediation = "See the Azure Policy definition " + member.definitionName + " (" +
                  initiative.displayName + ").";
  a.policyDefinitionId = member.definitionName;
  a.policy = member.definition;
  return a;
}

}  // namespace bulwark::policy
