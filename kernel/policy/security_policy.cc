#include "policy/security_policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>

#include "util/suggest.h"

namespace bulwark::policy {
namespace fs = std::filesystem;

namespace {

class Reader {
 public:
  Reader(std::string file, fs::path base) : file_(std::move(file)), base_(std::move(base)) {}

  SourcePosition at(const YAML::Node& n) const {
    YAML::Mark m = n.Mark();
    return m.is_null() ? SourcePosition{file_, 0, 0}
                       : SourcePosition{file_, m.line + 1, m.column + 1};
  }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& message) const {
    throw ConfigError(at(n), message);
  }
  void keys(const YAML::Node& map, const std::vector<std::string>& known,
            const std::string& where) const {
    if (!map.IsMap()) fail(map, where + " must be a mapping");
    for (const auto& kv : map) {
      std::string key = kv.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string hint = closestMatch(key, known);
      throw ConfigError(at(kv.first), "unknown key '" + key + "' in " + where +
                                          (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
  }
  std::string text(const YAML::Node& n, const std::string& what) const {
    if (!n.IsScalar()) fail(n, what + " must be a text value");
    return n.as<std::string>();
  }
  ResourceId scope(const YAML::Node& n) const {
    std::string s = text(n, "'scope'");
    auto id = ResourceId::parse(s);
    if (!id)
      fail(n, "'" + s + "' is not an ARM scope (/subscriptions/<id>[/resourceGroups/<name>...])");
    return *id;
  }
  std::string path(const YAML::Node& n) const {
    std::string p = text(n, "a definitions entry");
    return (fs::path(p).is_absolute() ? fs::path(p) : base_ / p).lexically_normal().string();
  }
  nlohmann::json toJson(const YAML::Node& n) const {
    if (n.IsMap()) {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& kv : n)
        o[kv.first.as<std::string>()] = toJson(kv.second);
      return o;
    }
    if (n.IsSequence()) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& x : n)
        a.push_back(toJson(x));
      return a;
    }
    if (!n.IsScalar()) return nullptr;
    if (n.Tag() == "!") return n.Scalar();
    bool b = false;
    if (YAML::convert<bool>::decode(n, b)) return b;
    long long i = 0;
    if (YAML::convert<long long>::decode(n, i)) return i;
    return n.Scalar();
  }

 private:
  std::string file_;
  fs::path base_;
};

const std::vector<std::string> kEffects = {
    "audit",  "auditifnotexists", "deny",       "deployifnotexists",
    "modify", "append",           "denyaction", "disabled"};

std::string normalizeExpiry(const Reader& r, const YAML::Node& n) {
  std::string s = r.text(n, "'expires'");
  static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
  static const std::regex dateTime(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
  if (std::regex_match(s, date)) return s + "T23:59:59Z";
  if (std::regex_match(s, dateTime)) return s;
  r.fail(n, "'expires' must be a date (2027-06-30) or a UTC time (2027-06-30T12:00:00Z)");
}

}  // namespace

const AssessmentOverride* SecurityPolicy::overrideFor(const ResourceId& resource,
                                                      const std::string& assessmentId) const {
  const AssessmentOverride* best = nullptr;
  size_t bestDepth = 0;
  for (const auto& a : assignments) {
    if (!inScope(resource, a.scope)) continue;
    auto it = a.assessments.find(assessmentId);
    if (it == a.assessments.end()) continue;
    if (best == nullptr || a.scope.key().size() > bestDepth) {
      best = &it->second;
      bestDepth = a.scope.key().size();
    }
  }
  return best;
}

ExemptionMatch SecurityPolicy::exemptionFor(const ResourceId& resource,
                                            const std::string& assessmentId,
                                            const std::string& now) const {
  ExemptionMatch m;
  for (const auto& e : exemptions) {
    if (e.assessment != assessmentId || !inScope(resource, e.scope)) continue;
    if (e.expires.empty() || e.expires > now) {
      if (m.active == nullptr || e.scope.key().size() > m.active->scope.key().size()) {
        m.active = &e;
      }
    } else if (m.expired == nullptr) {
      m.expired = &e;
    }
  }
  return m;
}

SecurityPolicy loadSecurityPolicy(const std::string& path) {
  fs::path abs = fs::absolute(path).lexically_normal();
  std::ifstream in(abs);
  if (!in) throw ConfigError({path, 0, 0}, "cannot open security policy file");
  Reader r(path, abs.parent_path());
  YAML::Node loaded;
  try {
    loaded = YAML::Load(in);
  } catch (const YAML::ParserException& e) {
    throw ConfigError({path, e.mark.line + 1, e.mark.column + 1}, "invalid YAML: " + e.msg);
  }
  const YAML::Node& root = loaded;
  SecurityPolicy policy;
  if (root.IsNull()) return policy;
  try {
    r.keys(root, {"version", "definitions", "initiative", "assignments", "exemptions"},
           "the security policy");
    if (const YAML::Node& i = root["initiative"]) {
      r.keys(i, {"file", "definitions", "parameters"}, "'initiative'");
      if (!i["file"] || !i["definitions"]) r.fail(i, "'initiative' needs 'file' and 'definitions'");
      InitiativeSource source{r.path(i["file"]), r.path(i["definitions"]), nlohmann::json::object(),
                              r.at(i)};
      if (i["parameters"]) {
        if (!i["parameters"].IsMap()) r.fail(i["parameters"], "'parameters' must be a mapping");
        source.parameters = r.toJson(i["parameters"]);
      }
      policy.initiative = std::move(source);
    }
    if (root["definitions"]) {
      if (!root["definitions"].IsSequence())
        r.fail(root["definitions"], "'definitions' must be a list");
      for (const auto& d : root["definitions"])
        policy.definitionPaths.push_back(r.path(d));
    }
    if (root["assignments"]) {
      if (!root["assignments"].IsSequence())
        r.fail(root["assignments"], "'assignments' must be a list");
      for (const auto& a : root["assignments"]) {
        r.keys(a, {"scope", "assessments", "name"}, "an assignment");
        if (!a["scope"]) r.fail(a, "an assignment needs 'scope'");
        Assignment assignment{r.scope(a["scope"]), {}, r.at(a)};
        if (a["assessments"]) {
          if (!a["assessments"].IsMap())
            r.fail(a["assessments"], "'assessments' must be a mapping");
          for (const auto& kv : a["assessments"]) {
            AssessmentOverride o;
            const YAML::Node& body = kv.second;
            if (!body.IsNull()) {
              r.keys(body, {"effect", "parameters"},
                     "assessment '" + kv.first.as<std::string>() + "'");
              if (body["effect"]) {
                o.effect = toLowerAscii(r.text(body["effect"], "'effect'"));
                if (std::find(kEffects.begin(), kEffects.end(), o.effect) == kEffects.end()) {
                  r.fail(body["effect"], "unknown effect '" + body["effect"].as<std::string>() +
                                             "' (Audit, AuditIfNotExists, Deny, Disabled, ...)");
                }
              }
              if (body["parameters"]) {
                if (!body["parameters"].IsMap())
                  r.fail(body["parameters"], "'parameters' must be a mapping");
                o.parameters = r.toJson(body["parameters"]);
              }
            }
            assignment.assessments[kv.first.as<std::string>()] = std::move(o);
          }
        }
        policy.assignments.push_back(std::move(assignment));
      }
    }
    if (root["exemptions"]) {
      if (!root["exemptions"].IsSequence())
        r.fail(root["exemptions"], "'exemptions' must be a list");
      for (const auto& e : root["exemptions"]) {
        r.keys(e, {"scope", "assessment", "category", "reason", "expires"}, "an exemption");
        for (const char* required : {"scope", "assessment", "category", "reason"}) {
          if (!e[required]) r.fail(e, std::string("an exemption needs '") + required + "'");
        }
        Exemption x{r.scope(e["scope"]),
                    r.text(e["assessment"], "'assessment'"),
                    toLowerAscii(r.text(e["category"], "'category'")),
                    r.text(e["reason"], "'reason'"),
                    "",
                    r.at(e)};
        if (x.category != "waiver" && x.category != "mitigated") {
          r.fail(e["category"], "category must be waiver or mitigated");
        }
        if (e["expires"]) x.expires = normalizeExpiry(r, e["expires"]);
        policy.exemptions.push_back(std::move(x));
      }
    }
  } catch (const YAML::Exception& e) {
    throw ConfigError({path, e.mark.line + 1, e.mark.column + 1}, e.msg);
  }
  return policy;
}

}  // namespace bulwark::policy
