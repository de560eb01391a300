#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/finding_text.h"
#include "report/formats.h"
#include "report/html_escape.h"
#include "report/report.h"
#include "score/secure_score.h"

namespace bulwark {
namespace {

// No script and no fetch of any kind: the page must open the same with the network cut.
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

constexpr const char* kStyle = R"(
body{font-family:system-ui,sans-serif;margin:24px;color:#1b1b1b;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px}
.meta{color:#555;font-size:13px}
.overview{display:flex;gap:32px;align-items:center;margin:16px 0}
.gauge text{font-size:22px;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.sev{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:12px}
.sev-High{background:#c62828}.sev-Medium{background:#ef6c00}.sev-Low{background:#1565c0}
.sev-Informational{background:#757575}
.st-Unhealthy{color:#c62828;font-weight:600}.st-Healthy{color:#2e7d32}
.st-Error{color:#ef6c00;font-weight:600}.st-Exempt,.st-NotApplicable{color:#757575}
details{border:1px solid #ddd;border-radius:4px;margin:6px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600}
code{background:#f5f5f5;padding:1px 4px;word-break:break-all}
.evidence{font-family:monospace;font-size:12px;word-break:break-all}
)";

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

const char* gaugeColour(double percentage) {
  if (percentage >= 0.7) return "#2e7d32";
  if (percentage >= 0.4) return "#ef6c00";
  return "#c62828";
}

void writeGauge(const SecureScore& score, std::ostream& out) {
  constexpr double kRadius = 54;
  const double circumference = 2 * M_PI * kRadius;
  const double filled = std::clamp(score.percentage, 0.0, 1.0) * circumference;
  out << "<svg class=\"gauge\" width=\"160\" height=\"160\" viewBox=\"0 0 160 160\" role=\"img\" "
         "aria-label=\"Secure Score\">"
      << "<circle cx=\"80\" cy=\"80\" r=\"54\" fill=\"none\" stroke=\"#e0e0e0\" "
         "stroke-width=\"16\"/>"
      << "<circle cx=\"80\" cy=\"80\" r=\"54\" fill=\"none\" stroke=\""
      << gaugeColour(score.percentage) << "\" stroke-width=\"16\" stroke-dasharray=\""
      << fixed2(filled) << " " << fixed2(circumference) << "\" transform=\"rotate(-90 80 80)\"/>"
      << "<text x=\"80\" y=\"88\" text-anchor=\"middle\">" << fixed2(score.percentage * 100)
      << "%</text></svg>\n";
}

void writeControls(const SecureScore& score, std::ostream& out) {
  out << "<h2>Security controls</h2>\n<table><tr><th>Control</th><th>Max points</th>"
         "<th>Current points</th><th>Potential increase</th><th>Unhealthy resources</th></tr>\n";
  for (const ControlScore& c : score.controls) {
    out << "<tr><td>" << htmlEscape(c.name) << "</td><td>" << c.maxPoints << "</td><td>"
        << fixed2(c.current) << "</td><td>+" << fixed2(c.potentialIncrease) << " ("
        << fixed2(score.max > 0 ? c.potentialIncrease / score.max * 100 : 0) << "%)</td><td>"
        << c.unhealthyResources << " of " << c.healthyResources + c.unhealthyResources
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

void writeRecommendation(const ScanRecord& scan, const AssessmentInfo& a,
                         const std::vector<const ResultRecord*>& results, std::ostream& out) {
  size_t failing = 0, judged = 0;
  for (const ResultRecord* r : results) {
    if (r->state == AssessmentState::NotApplicable || r->state == AssessmentState::Exempt) continue;
    ++judged;
    if (r->state != AssessmentState::Healthy) ++failing;
  }
  const char* severity = severityName(a.severity);
  out << "<details" << (failing > 0 ? " open" : "") << "><summary><span class=\"sev sev-"
      << severity << "\">" << severity << "</span> " << htmlEscape(a.title)
      << " <span class=\"meta\">(" << failing << " of " << judged << " unhealthy; "
      << htmlEscape(a.id) << ")</span></summary>\n";
  if (!a.description.empty()) out << "<p>" << htmlEscape(a.description) << "</p>\n";
  if (!a.remediation.empty()) {
    out << "<p><strong>Remediation:</strong> " << htmlEscape(a.remediation) << "</p>\n";
  }
  out << "<table><tr><th>Resource</th><th>Status</th><th>Reason and evidence</th>"
         "<th>Quick fix</th></tr>\n";
  for (const ResultRecord* r : results) {
    const ResourceRecord* res = findResource(scan, r->resourceId);
    const char* state = stateName(r->state);
    out << "<tr><td>" << htmlEscape(res != nullptr && !res->name.empty() ? res->name : "")
        << "<div class=\"meta\">" << htmlEscape(r->resourceId) << "</div></td><td class=\"st-"
        << state << "\">" << state << "</td><td>" << htmlEscape(r->reason);
    std::string evidence = evidenceText(r->evidence);
    if (!evidence.empty()) out << "<div class=\"evidence\">" << htmlEscape(evidence) << "</div>";
    out << "</td><td>";
    std::string fix = quickFixCommand(a, r->resourceId);
    if (!fix.empty() && r->state == AssessmentState::Unhealthy) {
      out << "<code>" << htmlEscape(fix) << "</code>";
    }
    out << "</td></tr>\n";
  }
  out << "</table>\n";
  for (const auto& c : a.compliance) {
    out << "<div class=\"meta\">Compliance: " << htmlEscape(c.standard) << " "
        << htmlEscape(c.control) << "</div>\n";
  }
  out << "</details>\n";
}

void writeRecommendations(const ScanRecord& scan, const SecureScore& score, std::ostream& out) {
  std::map<std::string, std::vector<const ResultRecord*>> byAssessment;
  for (const auto& r : scan.results)
    byAssessment[r.assessmentId].push_back(&r);
  out << "<h2>Recommendations by control</h2>\n";
  for (const ControlScore& control : score.controls) {
    std::vector<const AssessmentInfo*> assessments;
    for (const auto& id : control.assessments) {
      if (const AssessmentInfo* a = scan.assessment(id)) assessments.push_back(a);
    }
    std::stable_sort(assessments.begin(), assessments.end(),
                     [](auto* x, auto* y) { return x->severity > y->severity; });
    out << "<section><h3>" << htmlEscape(control.name) << " <span class=\"meta\">("
        << fixed2(control.current) << " of " << control.maxPoints << " points, potential +"
        << fixed2(control.potentialIncrease) << ")</span></h3>\n";
    for (const AssessmentInfo* a : assessments)
      writeRecommendation(scan, *a, byAssessment[a->id], out);
    out << "</section>\n";
  }
}

void writeProblems(const ScanRecord& scan, std::ostream& out) {
  bool any = !scan.problems.empty();
  for (const auto& p : scan.pluginRuns)
    any = any || p.status != "ok";
  if (!any) return;
  out << "<h2>Problems</h2>\n<ul>\n";
  for (const auto& p : scan.pluginRuns) {
    if (p.status == "ok") continue;
    out << "<li>plugin " << htmlEscape(p.pluginId) << " " << htmlEscape(p.phase) << " "
        << htmlEscape(p.target) << ": " << htmlEscape(p.status) << ": " << htmlEscape(p.message)
        << "</li>\n";
  }
  for (const auto& p : scan.problems) {
    out << "<li>" << htmlEscape(p.kind) << " " << htmlEscape(p.location) << ": "
        << htmlEscape(p.message) << "</li>\n";
  }
  out << "</ul>\n";
}

}  // namespace

void writeHtmlReport(const ScanRecord& scan, std::ostream& out) {
  SecureScore score = computeSecureScore(scan, {});
  ScanCounts counts = countResults(scan);
  std::string scopes;
  for (const auto& s : scan.scopes)
    scopes += (scopes.empty() ? "" : ", ") + s;
  if (scopes.empty()) scopes = "all";

  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"" << kContentSecurityPolicy
      << "\">\n<title>Bulwark posture report, scan #" << scan.id << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>Bulwark posture report</h1>\n<div class=\"meta\">Scan #"
      << scan.id << ", " << htmlEscape(scan.startedAt) << " to " << htmlEscape(scan.finishedAt)
      << ", " << htmlEscape(scan.status) << "; scopes: " << htmlEscape(scopes) << "</div>\n";
  out << "<div class=\"overview\">\n";
  writeGauge(score, out);
  out << "<div><p id=\"secure-score\"><strong>Secure Score: " << fixed2(score.percentage * 100)
      << "%</strong> (" << fixed2(score.current) << " of " << score.max << " points)</p>\n"
      << "<p>" << scan.resources.size() << " resources, " << scan.assessments.size()
      << " assessments, " << counts.total() << " results: <span class=\"st-Healthy\">"
      << counts.healthy << " healthy</span>, <span class=\"st-Unhealthy\">" << counts.unhealthy
      << " unhealthy</span>, " << counts.notApplicable << " not applicable, " << counts.exempt
      << " exempt, <span class=\"st-Error\">" << counts.error << " error</span></p></div>\n"
      << "</div>\n";
  writeControls(score, out);
  writeRecommendations(scan, score, out);
  writeProblems(scan, out);
  out << "</body>\n</html>\n";
}

}  // namespace bulwark
