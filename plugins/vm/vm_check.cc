#include "vm_check.h"

#include <string>

#include <bulwark/sdk/json.hpp>
#include "nsg_evaluation.h"
#include "vm_assessments.h"
#include "vm_collector.h"
#include "vm_extensions.h"

namespace bulwark::vm {

using sdk::AssessmentDef;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

std::string osType(const Json& vm) {
  std::string os = sdk::textAt(vm, "properties.storageProfile.osDisk.osType");
  if (os.empty())
    os = sdk::textAt(vm, "properties.virtualMachineProfile.storageProfile.osDisk.osType");
  if (os.empty()) {
    if (sdk::at(vm, "properties.osProfile.linuxConfiguration") != nullptr)
      os = "Linux";
    else if (sdk::at(vm, "properties.osProfile.windowsConfiguration") != nullptr)
      os = "Windows";
  }
  if (sdk::iequals(os, "linux")) return "Linux";
  if (sdk::iequals(os, "windows")) return "Windows";
  return os;
}

Json extensionNames(const std::vector<Extension>& exts) {
  Json out = Json::array();
  for (const auto& e : exts)
    out.push_back(e.publisher + "/" + e.type);
  return out;
}

AssessmentDef base(const char* id, const char* title, const char* type, Severity severity,
                   const char* control) {
  AssessmentDef a;
  a.id = id;
  a.title = title;
  a.resourceType = type;
  a.severity = severity;
  a.control = control;
  return a;
}

}  // namespace bulwark::vm
