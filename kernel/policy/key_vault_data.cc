#include "policy/key_vault_data.h"

#include "scope/resource_id.h"

namespace bulwark::policy {
namespace {

std::string textOf(const Json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

bool isDataPlaneObject(const Json& doc) {
  return toLowerAscii(textOf(doc, "type")).rfind("microsoft.keyvault.data/", 0) == 0;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

PolicyVerdict noObjects(const Json& vault, const std::vector<std::string>& objectTypes) {
  PolicyVerdict v;
  v.compliance = Compliance::NoData;
  std::string name = textOf(vault, "name");
  if (vault.contains("dataPlane")) {
    v.reason =
        "vault '" + name + "' holds no " + joined(objectTypes) + " (its data plane was read)";
  } else {
    v.reason = "the inventory holds no " + joined(objectTypes) + " of vault '" + name +
               "': Azure Policy evaluates these objects from the vault's data plane, which was "
               "not read; add them under the vault's children to assess it";
  }
  v.evidence = {{"objectTypes", objectTypes}};
  return v;
}

}  // namespace

bool isKeyVaultDataMode(const std::string& mode) {
  return equalsIgnoreCase(mode, kKeyVaultDataMode);
}

PolicyVerdict evaluateVaultObjects(
    const Json& vault, const std::vector<std::string>& objectTypes,
    const std::function<PolicyVerdict(const Json& object)>& evaluateObject) {
  size_t judged = 0;
  Json failing = Json::array();
  std::string firstReason;
  auto children = vault.find("children");
  if (children != vault.end() && children->is_array()) {
    for (const Json& object : *children) {
      if (!isDataPlaneObject(object)) continue;
      PolicyVerdict v = evaluateObject(object);
      if (v.compliance == Compliance::Disabled) return v;
      if (v.compliance != Compliance::Compliant && v.compliance != Compliance::NonCompliant) {
        continue;
      }
      ++judged;
      if (v.compliance == Compliance::NonCompliant) {
        if (firstReason.empty()) firstReason = textOf(object, "name") + ": " + v.reason;
        failing.push_back({{"id", textOf(object, "id")},
                           {"name", textOf(object, "name")},
                           {"type", textOf(object, "type")},
                           {"reason", v.reason},
                           {"evidence", v.evidence}});
      }
    }
  }
  if (judged == 0) return noObjects(vault, objectTypes);
  PolicyVerdict out;
  out.evidence = {{"objectsJudged", judged}, {"failing", failing}};
  if (failing.empty()) {
    out.compliance = Compliance::Compliant;
    out.reason = "all " + std::to_string(judged) + " " + joined(objectTypes) + " comply";
    return out;
  }
  out.compliance = Compliance::NonCompliant;
  out.reason = std::to_string(failing.size()) + " of " + std::to_string(judged) + " " +
               joined(objectTypes) + " fail; first: " + firstReason;
  return out;
}

}  // namespace bulwark::policy
