#include "report/finding_text.h"

namespace bulwark {

std::string quickFixCommand(const AssessmentInfo& a, const std::string& resourceId) {
  std::string cmd = a.quickFix;
  for (size_t p = cmd.find("{id}"); p != std::string::npos; p = cmd.find("{id}", p)) {
    cmd.replace(p, 4, resourceId);
    p += resourceId.size();
  }
  return cmd;
}

std::string evidenceText(const nlohmann::json& evidence) {
  if (evidence.is_null() || (evidence.is_object() && evidence.empty())) return "";
  return evidence.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const ResourceRecord* findResource(const ScanRecord& scan, const std::string& id) {
  for (const auto& r : scan.resources) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace bulwark
