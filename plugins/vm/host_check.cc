#include "host_check.h"

#include <charconv>
#include <cstdio>
#include <string>

#include <bulwark/sdk/json.hpp>
#include "host_assessments.h"
#include "host_root.h"
#include "vm_collector.h"

namespace bulwark::vm {

using sdk::AssessmentDef;
using sdk::Severity;
using sdk::Verdict;
using Check = HostCheck;

namespace {
constexpr const char* kControl = "Remediate security configurations";
}  // namespace

AssessmentDef hostCheck(const char* id, const char* title, Severity severity,
                        std::vector<const char*> cis, const char* description,
                        const char* remediation, HostCheck check) {
  AssessmentDef a;
  a.id = id;
  a.title = title;
  a.resourceType = kArcMachineType;
  a.severity = severity;
  a.control = kControl;
  a.description = description;
  a.remediation = remediation;
  for (const char* c : cis)
    a.compliance.emplace_back(kCisUbuntu, c);
  a.check = [check](const sdk::Resource& r, const sdk::Context&) {
    const Json* facts = r.find("properties.bulwarkHost");
    if (facts == nullptr || !facts->is_object())
      return Verdict::notApplicable("not the local host (no properties.bulwarkHost facts)");
    return check(*facts);
  };
  return a;
}

std::optional<long> number(const Json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) return v->get<long>();
  if (!v->is_string()) return std::nullopt;
  std::string s = trimmed(v->get<std::string>());
  long out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

Check permissions(std::string path, unsigned maxMode, bool allowShadowGroup) {
  return [path, maxMode, allowShadowGroup](const Json& facts) {
    const Json* f = sdk::at(facts, "permissions.files");
    f = f == nullptr ? nullptr : sdk::findMember(*f, path);
    if (f == nullptr || !sdk::asBool(sdk::at(*f, "exists")).value_or(false))
      return Verdict::notApplicable(path + " does not exist");
    unsigned mode = std::stoul(sdk::textAt(*f, "mode"), nullptr, 8);
    long uid = sdk::at(*f, "uid")->get<long>(), gid = sdk::at(*f, "gid")->get<long>();
    const Json* shadowGid = sdk::at(facts, "permissions.shadowGroupGid");
    bool groupOk = gid == 0 || (allowShadowGroup && shadowGid != nullptr &&
                                shadowGid->is_number() && shadowGid->get<long>() == gid);
    Json evidence = *f;
    if ((mode & ~maxMode) != 0 || uid != 0 || !groupOk) {
      char want[8];
      std::snprintf(want, sizeof want, "%04o", maxMode);
      return Verdict::unhealthy(path + " is " + sdk::textAt(*f, "mode") + " uid " +
                                    std::to_string(uid) + " gid " + std::to_string(gid) +
                                    " (want at most " + want + ", owned by root)",
                                evidence);
    }
    return Verdict::healthy(path + " is " + sdk::textAt(*f, "mode") + " owned by root", evidence);
  };
}

}  // namespace bulwark::vm
