#include "report/report.h"

namespace bulwark {
namespace {

// RFC 4180: quote fields holding a comma, quote or line break; double inner quotes.
std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void writeCsvReport(const ScanRecord& scan, std::ostream& out) {
  out << "scan_id,resource_id,resource_type,subscription_id,resource_group,assessment_id,"
         "recommendation,severity,control,state,reason\r\n";
  std::map<std::string, const ResourceRecord*> resources;
  for (const auto& r : scan.resources)
    resources[r.id] = &r;
  for (const auto& r : scan.results) {
    const AssessmentInfo* a = scan.assessment(r.assessmentId);
    auto res = resources.find(r.resourceId);
    const ResourceRecord* rr = res == resources.end() ? nullptr : res->second;
    out << scan.id << ',' << csvField(r.resourceId) << ',' << csvField(rr ? rr->type : "") << ','
        << csvField(rr ? rr->subscription : "") << ',' << csvField(rr ? rr->resourceGroup : "")
        << ',' << csvField(r.assessmentId) << ',' << csvField(a ? a->title : "") << ','
        << (a ? severityName(a->severity) : "") << ',' << csvField(a ? a->control : "") << ','
        << stateName(r.state) << ',' << csvField(r.reason) << "\r\n";
  }
}

}  // namespace bulwark
