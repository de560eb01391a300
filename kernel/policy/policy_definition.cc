#include "policy/policy_definition.h"

#include <algorithm>
#include <set>

#include "policy/expression.h"
#include "policy/key_vault_data.h"
#include "policy/policy_error.h"
#include "policy/value_compare.h"
#include "scope/resource_id.h"

namespace bulwark::policy {
namespace {

const Json* member(const Json& node, const std::string& name) {
  if (!node.is_object()) return nullptr;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (equalsIgnoreCase(it.key(), name)) return &it.value();
  }
  return nullptr;
}

std::string text(const Json& node, const std::string& name) {
  const Json* v = member(node, name);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

const std::vector<std::string> kEffects = {
    "audit",  "auditifnotexists", "deny",       "deployifnotexists",
    "modify", "append",           "denyaction", "disabled"};

ExpressionContext paramContext(const Json& parameters) {
  ExpressionContext e;
  e.parameters = &parameters;
  return e;
}

std::string resolveEffect(const PolicyDefinition& def, const Json& parameters) {
  const Json* then = member(def.rule, "then");
  if (then == nullptr) throw PolicyError("policyRule has no \"then\"");
  const Json* effect = member(*then, "effect");
  if (effect == nullptr) throw PolicyError("policyRule.then has no \"effect\"");
  Json v = evaluate(*effect, paramContext(parameters));
  if (!v.is_string()) throw PolicyError("effect is not text: " + v.dump());
  return toLowerAscii(v.get<std::string>());
}

// Walks a condition tree for features the evaluator lacks, without evaluating it.
std::optional<std::string> scanCondition(const Json& c, const AliasTable& aliases) {
  auto scanExpr = [](const Json& v) -> std::optional<std::string> {
    if (!v.is_string() || !isExpression(v.get<std::string>())) return std::nullopt;
    for (const auto& fn : functionsUsed(v.get<std::string>())) {
      if (!isSupportedFunction(fn)) return "function " + fn + "()";
    }
    return std::nullopt;
  };
  if (c.is_array()) {
    for (const auto& x : c) {
      if (auto u = scanCondition(x, aliases)) return u;
    }
    return std::nullopt;
  }
  if (!c.is_object()) return std::nullopt;
  for (auto it = c.begin(); it != c.end(); ++it) {
    std::string k = toLowerAscii(it.key());
    if (k == "allof" || k == "anyof" || k == "not" || k == "where") {
      if (auto u = scanCondition(it.value(), aliases)) return u;
    } else if (k == "count") {
      if (auto u = scanCondition(it.value(), aliases)) return u;
    } else if (k == "field" || k == "value" || isKnownOperator(k) || k == "name") {
      if (auto u = scanExpr(it.value())) return u;
      if (k == "value" && it.value().is_array()) {
        for (const auto& x : it.value()) {
          if (auto u = scanExpr(x)) return u;
        }
      }
    } else {
      return "condition key '" + it.key() + "'";
    }
  }
  return std::nullopt;
}

void collectTypes(const Json& c, const Json& parameters, bool underNot,
                  std::vector<std::string>& out) {
  if (c.is_array()) {
    for (const auto& x : c)
      collectTypes(x, parameters, underNot, out);
    return;
  }
  if (!c.is_object()) return;
  for (auto it = c.begin(); it != c.end(); ++it) {
    std::string k = toLowerAscii(it.key());
    if (k == "allof" || k == "anyof") collectTypes(it.value(), parameters, underNot, out);
    if (k == "not") collectTypes(it.value(), parameters, !underNot, out);
  }
  const Json* field = member(c, "field");
  if (underNot || field == nullptr || !field->is_string() ||
      toLowerAscii(field->get<std::string>()) != "type") {
    return;
  }
  for (const char* op : {"equals", "in", "like"}) {
    const Json* v = member(c, op);
    if (v == nullptr) continue;
    Json value;
    try {
      value = evaluate(*v, paramContext(parameters));
    } catch (const std::exception&) {
      continue;
    }
    if (value.is_string()) out.push_back(value.get<std::string>());
    if (value.is_array()) {
      for (const auto& x : value) {
        if (x.is_string()) out.push_back(x.get<std::string>());
      }
    }
  }
}

bool typeMatches(const std::string& type, const std::vector<std::string>& targets) {
  if (targets.empty()) return true;
  return std::any_of(targets.begin(), targets.end(), [&](const std::string& t) {
    return t.find('*') != std::string::npos ? likeMatch(type, t) : equalsIgnoreCase(type, t);
  });
}

std::string describe(const LeafTrace& t) {
  std::string actual = t.actual.is_null() ? "missing" : t.actual.dump();
  return t.subject + " is " + actual + " (" + t.op + " " + t.expected.dump() + ")";
}

// Children (recursively) of `resource` whose type is `type`.
void descendantsOfType(const Json& resource, const std::string& type, std::vector<Json>& out) {
  const Json* children = member(resource, "children");
  if (children == nullptr || !children->is_array()) return;
  for (const auto& c : *children) {
    if (equalsIgnoreCase(text(c, "type"), type)) out.push_back(c);
    descendantsOfType(c, type, out);
  }
}

std::string lastNameSegment(const std::string& name) {
  size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// The ARM scope where related resources that are not the resource's children live: the
// subscription for existenceScope Subscription, else details.resourceGroupName (evaluated) or
// the resource's own resource group. Empty when the resource has no ARM id.
std::string relatedScope(const Json& details, const Json& resource,
                         const ExpressionContext& names) {
  auto id = ResourceId::parse(text(resource, "id"));
  if (!id || id->subscription().empty()) return {};
  std::string subscription = "/subscriptions/" + id->subscription();
  if (equalsIgnoreCase(text(details, "existenceScope"), "subscription")) return subscription;
  std::string group = id->resourceGroup();
  if (const Json* named = member(details, "resourceGroupName")) {
    Json evaluated = evaluate(*named, names);
    if (!evaluated.is_string() || evaluated.get<std::string>().empty()) {
      throw PolicyError("details.resourceGroupName is not a resource group name: " +
                        evaluated.dump());
    }
    group = evaluated.get<std::string>();
  }
  return group.empty() ? subscription : subscription + "/resourceGroups/" + group;
}

// A related resource under another resource of the evaluated one's type (another machine's
// guest configuration assignment) describes that resource, not this one.
bool belongsToAnotherLikeIt(const Json& candidate, const Json& resource) {
  auto id = ResourceId::parse(text(candidate, "id"));
  auto self = ResourceId::parse(text(resource, "id"));
  if (!id || !self || self->type().empty()) return false;
  for (auto up = id->parentResource(); up; up = up->parentResource()) {
    if (equalsIgnoreCase(up->type(), self->type())) return up->key() != self->key();
  }
  return false;
}

}  // namespace

bool PolicyDefinition::isKubernetes() const {
  return toLowerAscii(mode).find("kubernetes") != std::string::npos;
}

PolicyDefinition parseDefinition(const Json& document, const std::string& file) {
  if (!document.is_object()) throw PolicyError(file + ": a policy definition must be an object");
  const Json* props = member(document, "properties");
  const Json& p = props != nullptr ? *props : document;
  PolicyDefinition d;
  d.file = file;
  d.name = text(document, "name");
  d.displayName = text(p, "displayName");
  d.description = text(p, "description");
  d.mode = text(p, "mode");
  if (const Json* meta = member(p, "metadata")) {
    d.category = text(*meta, "category");
    d.version = text(*meta, "version");
    const Json* dep = member(*meta, "deprecated");
    d.deprecated = dep != nullptr && dep->is_boolean() && dep->get<bool>();
  }
  if (const Json* params = member(p, "parameters"); params != nullptr && params->is_object()) {
    d.parameters = *params;
  }
  const Json* rule = member(p, "policyRule");
  if (rule == nullptr || !rule->is_object()) throw PolicyError(file + ": no \"policyRule\" object");
  if (member(*rule, "if") == nullptr) throw PolicyError(file + ": policyRule has no \"if\"");
  if (member(*rule, "then") == nullptr) throw PolicyError(file + ": policyRule has no \"then\"");
  d.rule = *rule;
  return d;
}

Json effectiveParameters(const PolicyDefinition& def, const Json& values) {
  Json out = Json::object();
  for (auto it = def.parameters.begin(); it != def.parameters.end(); ++it) {
    const Json* given = values.is_object() ? member(values, it.key()) : nullptr;
    const Json* dflt = member(it.value(), "defaultValue");
    if (given != nullptr) {
      // Operators' YAML may carry {"value": x} as in ARM assignments.
      const Json* inner = member(*given, "value");
      out[it.key()] =
          inner != nullptr && given->is_object() && given->size() == 1 ? *inner : *given;
    } else if (dflt != nullptr) {
      out[it.key()] = *dflt;
    } else {
      throw PolicyError("parameter '" + it.key() + "' of " + def.file +
                        " has no default value and none was given");
    }
    if (const Json* allowed = member(it.value(), "allowedValues");
        allowed != nullptr && allowed->is_array() && !allowed->empty()) {
      const Json& v = out[it.key()];
      auto ok = [&](const Json& x) {
        return std::any_of(allowed->begin(), allowed->end(),
                           [&](const Json& a) { return valuesEqual(a, x); });
      };
      bool valid = v.is_array() && !std::any_of(allowed->begin(), allowed->end(),
                                                [](const Json& a) { return a.is_array(); })
                       ? std::all_of(v.begin(), v.end(), ok)
                       : ok(v);
      if (!valid) {
        throw PolicyError("parameter '" + it.key() + "' value " + v.dump() +
                          " is not one of its allowedValues " + allowed->dump());
      }
    }
  }
  return out;
}

std::optional<std::string> unsupportedFeature(const PolicyDefinition& def, const Json& parameters,
                                              const AliasTable& aliases) {
  if (def.isKubernetes()) return "mode " + def.mode;
  std::string mode = toLowerAscii(def.mode);
  if (!mode.empty() && mode != "all" && mode != "indexed" && !isKeyVaultDataMode(def.mode)) {
    return "mode " + def.mode;
  }
  std::string effect;
  try {
    effect = resolveEffect(def, parameters);
  } catch (const Unsupported& u) {
    return u.feature();
  } catch (const PolicyError& e) {
    return std::string("effect: ") + e.what();
  }
  if (std::find(kEffects.begin(), kEffects.end(), effect) == kEffects.end()) {
    return "effect " + effect;
  }
  try {
    if (auto u = scanCondition(*member(def.rule, "if"), aliases)) return u;
    if (effect == "auditifnotexists" || effect == "deployifnotexists") {
      const Json* then = member(def.rule, "then");
      const Json* details = member(*then, "details");
      if (details == nullptr || text(*details, "type").empty()) {
        return "effect " + effect + " without details.type";
      }
      if (const Json* ec = member(*details, "existenceCondition")) {
        if (auto u = scanCondition(*ec, aliases)) return u;
      }
      for (const char* key : {"name", "resourceGroupName"}) {
        const Json* v = member(*details, key);
        if (v == nullptr || !v->is_string() || !isExpression(v->get<std::string>())) continue;
        for (const auto& fn : functionsUsed(v->get<std::string>())) {
          if (!isSupportedFunction(fn)) return "function " + fn + "() in details." + key;
        }
      }
    }
  } catch (const PolicyError& e) {
    return std::string("malformed rule: ") + e.what();
  }
  return std::nullopt;
}

std::vector<std::string> targetTypes(const PolicyDefinition& def, const Json& parameters) {
  std::vector<std::string> out;
  collectTypes(*member(def.rule, "if"), parameters, false, out);
  if (isKeyVaultDataMode(def.mode)) out.insert(out.begin(), kVaultType);
  return out;
}

namespace {

// Azure Policy's applicability logic: conditions of the rule's top-level allOf on `kind` or
// `name` decide whether the definition applies at all, as those on `type` do. A function app
// is not applicable to a web app definition whose `if` says kind notContains functionapp; it
// is not compliant with it either.
bool applicable(const Json& condition, const ConditionContext& ctx) {
  auto scopeLeaf = [](const Json& c) {
    const Json* field = member(c, "field");
    return field != nullptr && field->is_string() &&
           (equalsIgnoreCase(field->get<std::string>(), "kind") ||
            equalsIgnoreCase(field->get<std::string>(), "name"));
  };
  ConditionContext quiet = ctx;
  quiet.trace = nullptr;
  if (scopeLeaf(condition)) return evaluateCondition(condition, quiet);
  const Json* all = member(condition, "allOf");
  if (all == nullptr || !all->is_array()) return true;
  for (const Json& c : *all) {
    if (scopeLeaf(c) && !evaluateCondition(c, quiet)) return false;
  }
  return true;
}

}  // namespace

PolicyVerdict evaluateDefinition(const PolicyDefinition& def, const Json& parameters,
                                 const Json& resource, const RelatedResources& related,
                                 const AliasTable& aliases) {
  PolicyVerdict v;
  v.effect = resolveEffect(def, parameters);
  if (v.effect == "disabled") {
    v.compliance = Compliance::Disabled;
    return v;
  }
  if (isKeyVaultDataMode(def.mode) && equalsIgnoreCase(text(resource, "type"), kVaultType)) {
    std::vector<std::string> objectTypes;
    collectTypes(*member(def.rule, "if"), parameters, false, objectTypes);
    PolicyVerdict vault = evaluateVaultObjects(resource, objectTypes, [&](const Json& object) {
      return evaluateDefinition(def, parameters, object, related, aliases);
    });
    vault.effect = v.effect;
    return vault;
  }
  if (!typeMatches(text(resource, "type"), targetTypes(def, parameters))) {
    v.compliance = Compliance::NotApplicable;
    return v;
  }
  std::vector<LeafTrace> trace;
  ConditionContext ctx;
  ctx.resource = &resource;
  ctx.parameters = &parameters;
  ctx.aliases = &aliases;
  ctx.trace = &trace;
  if (!applicable(*member(def.rule, "if"), ctx)) {
    v.compliance = Compliance::NotApplicable;
    return v;
  }
  bool matched = evaluateCondition(*member(def.rule, "if"), ctx);
  auto evidenceOf = [&](bool onlyMatching) {
    Json leaves = Json::array();
    for (const auto& t : trace) {
      if (equalsIgnoreCase(t.subject, "type")) continue;
      if (onlyMatching && !t.result) continue;
      leaves.push_back({{"field", t.subject},
                        {"operator", t.op},
                        {"expected", t.expected},
                        {"actual", t.actual},
                        {"result", t.result}});
    }
    return leaves;
  };
  if (!matched) {
    v.compliance = Compliance::Compliant;
    v.reason = "the policy condition does not match";
    v.evidence = {{"conditions", evidenceOf(false)}};
    return v;
  }
  if (v.effect != "auditifnotexists" && v.effect != "deployifnotexists") {
    v.compliance = Compliance::NonCompliant;
    v.evidence = {{"conditions", evidenceOf(true)}};
    for (const auto& t : trace) {
      if (t.result && !equalsIgnoreCase(t.subject, "type")) {
        v.reason = describe(t);
        break;
      }
    }
    if (v.reason.empty()) v.reason = "the policy condition matches";
    return v;
  }
  // AuditIfNotExists: look for a related resource that satisfies the existence condition.
  const Json& details = *member(*member(def.rule, "then"), "details");
  std::string type = text(details, "type");
  ExpressionContext names;
  names.parameters = &parameters;
  names.resource = &resource;
  names.field = [&](const std::string& f) {
    // field() in details.name refers to the evaluated resource.
    Json probe = {{"field", f}, {"exists", true}};
    std::vector<LeafTrace> t;
    ConditionContext c = ctx;
    c.trace = &t;
    evaluateCondition(probe, c);
    return t.empty() ? Json(nullptr) : t[0].actual;
  };
  std::string wantedName;
  if (const Json* n = member(details, "name")) {
    Json evaluated = evaluate(*n, names);
    if (evaluated.is_string()) wantedName = evaluated.get<std::string>();
  }
  std::vector<Json> candidates;
  descendantsOfType(resource, type, candidates);
  bool childType = toLowerAscii(type).rfind(toLowerAscii(text(resource, "type")) + "/", 0) == 0;
  std::string scope = childType ? std::string{} : relatedScope(details, resource, names);
  if (!scope.empty() && related) {
    std::set<std::string> seen;
    for (const auto& c : candidates)
      seen.insert(toLowerAscii(text(c, "id")));
    for (auto& r : related(type, scope)) {
      if (belongsToAnotherLikeIt(r, resource) || !seen.insert(toLowerAscii(text(r, "id"))).second)
        continue;
      candidates.push_back(std::move(r));
    }
  }
  const Json* existence = member(details, "existenceCondition");
  Json checked = Json::array();
  for (const Json& candidate : candidates) {
    if (!wantedName.empty() &&
        !equalsIgnoreCase(lastNameSegment(text(candidate, "name")), lastNameSegment(wantedName))) {
      continue;
    }
    bool ok = true;
    std::vector<LeafTrace> t;
    if (existence != nullptr) {
      ConditionContext c;
      c.resource = &candidate;
      c.expressionResource = &resource;
      c.parameters = &parameters;
      c.aliases = &aliases;
      c.trace = &t;
      ok = evaluateCondition(*existence, c);
    }
    if (ok) {
      v.compliance = Compliance::Compliant;
      v.reason = "related " + type + " '" + text(candidate, "name") + "' satisfies the condition";
      v.evidence = {{"related", text(candidate, "id")}};
      return v;
    }
    Json failed = Json::array();
    for (const auto& leaf : t) {
      if (!leaf.result)
        failed.push_back({{"field", leaf.subject},
                          {"actual", leaf.actual},
                          {"operator", leaf.op},
                          {"expected", leaf.expected}});
    }
    checked.push_back({{"id", text(candidate, "id")}, {"failed", failed}});
  }
  v.compliance = Compliance::NonCompliant;
  v.evidence = {{"relatedType", type}, {"checked", checked}};
  v.reason = checked.empty()
                 ? "no related " + type +
                       (wantedName.empty() ? "" : " named '" + wantedName + "'") + " exists"
                 : "no related " + type + " satisfies the existence condition";
  return v;
}

}  // namespace bulwark::policy
