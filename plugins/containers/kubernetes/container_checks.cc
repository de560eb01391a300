#include <cctype>

#include "kubernetes/workload_checks.h"

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;

std::string upperCapability(std::string cap) {
  for (char& ch : cap)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (cap.rfind("CAP_", 0) == 0) cap = cap.substr(4);
  return cap;
}

Json finding(const ContainerRef& c, const std::string& field, Json value) {
  return {{"container", c.name}, {"field", field}, {"value", std::move(value)}};
}

Json absent(const std::string& why) {
  return "absent (" + why + ")";
}

}  // namespace

Findings privilegedFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    const Json* v = sdk::at(*c.json, "securityContext.privileged");
    if (sdk::asBool(v).value_or(false))
      out.push_back(finding(c, c.path + ".securityContext.privileged", true));
  }
  return out;
}

Findings privilegeEscalationFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    const Json* v = sdk::at(*c.json, "securityContext.allowPrivilegeEscalation");
    if (sdk::asBool(v) != false)
      out.push_back(finding(c, c.path + ".securityContext.allowPrivilegeEscalation",
                            v == nullptr || v->is_null() ? absent("escalation allowed") : *v));
  }
  return out;
}

Findings runAsRootFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    Effective user = effectiveSecurityField(pod, c, "runAsUser");
    if (user.value != nullptr && user.value->is_number() && user.value->get<double>() == 0) {
      out.push_back(finding(c, user.path, *user.value));
      continue;
    }
    Effective nonRoot = effectiveSecurityField(pod, c, "runAsNonRoot");
    if (sdk::asBool(nonRoot.value) != true)
      out.push_back(finding(
          c, nonRoot.value != nullptr ? nonRoot.path : c.path + ".securityContext.runAsNonRoot",
          nonRoot.value != nullptr ? *nonRoot.value : absent("the image's user, maybe root")));
  }
  return out;
}

Findings dangerousCapabilityFindings(const PodView& pod) {
  static const char* kDangerous[] = {"ALL",        "SYS_ADMIN",   "NET_ADMIN", "NET_RAW",
                                     "SYS_PTRACE", "SYS_MODULE",  "SYS_RAWIO", "SYS_BOOT",
                                     "SYS_TIME",   "BPF",         "PERFMON",   "DAC_READ_SEARCH",
                                     "MAC_ADMIN",  "MAC_OVERRIDE"};
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    std::vector<const Json*> added = sdk::arrayAt(*c.json, "securityContext.capabilities.add");
    for (size_t i = 0; i < added.size(); ++i) {
      std::string cap = upperCapability(sdk::asText(added[i]).value_or(""));
      for (const char* d : kDangerous) {
        if (cap == d) {
          out.push_back(
              finding(c, c.path + ".securityContext.capabilities.add[" + std::to_string(i) + "]",
                      *added[i]));
          break;
        }
      }
    }
  }
  return out;
}

Findings dropAllFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    bool dropsAll = false;
    for (const Json* cap : sdk::arrayAt(*c.json, "securityContext.capabilities.drop"))
      if (upperCapability(sdk::asText(cap).value_or("")) == "ALL") dropsAll = true;
    if (!dropsAll) {
      const Json* drop = sdk::at(*c.json, "securityContext.capabilities.drop");
      out.push_back(
          finding(c, c.path + ".securityContext.capabilities.drop",
                  drop != nullptr && !drop->is_null() ? *drop : absent("nothing dropped")));
    }
  }
  return out;
}

Findings readOnlyRootFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    const Json* v = sdk::at(*c.json, "securityContext.readOnlyRootFilesystem");
    if (sdk::asBool(v) != true)
      out.push_back(finding(c, c.path + ".securityContext.readOnlyRootFilesystem",
                            v == nullptr || v->is_null() ? absent("writable") : *v));
  }
  return out;
}

Findings resourceLimitFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    if (c.path.find(".ephemeralContainers[") != std::string::npos) continue;  // no resources
    for (const char* r : {"cpu", "memory"}) {
      const Json* v = sdk::at(*c.json, std::string("resources.limits.") + r);
      if (v == nullptr || v->is_null() || (v->is_string() && v->get<std::string>().empty()))
        out.push_back(finding(c, c.path + ".resources.limits." + r, absent("no limit")));
    }
  }
  return out;
}

Findings procMountFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    const Json* v = sdk::at(*c.json, "securityContext.procMount");
    std::string mount = sdk::asText(v).value_or("Default");
    if (mount != "Default") out.push_back(finding(c, c.path + ".securityContext.procMount", *v));
  }
  return out;
}

Findings hostProcessFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    Effective e = effectiveSecurityField(pod, c, "windowsOptions.hostProcess");
    if (sdk::asBool(e.value).value_or(false)) out.push_back(finding(c, e.path, true));
  }
  return out;
}

Findings secretEnvFindings(const PodView& pod) {
  static const char* kSecretWords[] = {"password",  "passwd",      "secret",     "token",
                                       "apikey",    "api_key",     "api-key",    "access_key",
                                       "accesskey", "private_key", "credential", "passphrase"};
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    std::vector<const Json*> env = sdk::arrayAt(*c.json, "env");
    for (size_t i = 0; i < env.size(); ++i) {
      std::string name = sdk::textAt(*env[i], "name");
      const Json* value = sdk::findMember(*env[i], "value");
      if (value == nullptr || value->is_null() ||
          (value->is_string() && value->get<std::string>().empty()))
        continue;  // valueFrom, or nothing to leak
      std::string lowered = sdk::lower(name);
      for (const char* w : kSecretWords) {
        if (lowered.find(w) != std::string::npos) {
          // The value itself never goes into the evidence.
          out.push_back({{"container", c.name},
                         {"field", c.path + ".env[" + std::to_string(i) + "].value"},
                         {"variable", name},
                         {"value", "(a literal value; not shown)"}});
          break;
        }
      }
    }
  }
  return out;
}

}  // namespace bulwark::containers::k8s
