#include <algorithm>
#include <iomanip>
#include <map>

#include "report/report.h"

namespace bulwark {
namespace {

struct Recommendation {
  const AssessmentInfo* info;
  std::vector<const ResultRecord*> failing;  // unhealthy and error results
  size_t assessed = 0;
};

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

void writeTableReport(const ScanRecord& scan, std::ostream& out) {
  ScanCounts c = countResults(scan);
  out << "Bulwark posture scan #" << scan.id << "  " << scan.startedAt << "  " << scan.status
      << "\n";
  out << "Scopes: ";
  if (scan.scopes.empty())
    out << "all";
  for (size_t i = 0; i < scan.scopes.size(); ++i)
    out << (i ? ", " : "") << scan.scopes[i];
  out << "\n\n";
  out << scan.resources.size() << " resources, " << scan.assessments.size() << " assessments, "
      << c.total() << " results: " << c.healthy << " healthy, " << c.unhealthy << " unhealthy, "
      << c.notApplicable << " not applicable, " << c.error << " error\n";

  std::map<std::string, Recommendation> recs;
  for (const auto& a : scan.assessments)
    recs[a.id] = {&a, {}, 0};
  for (const auto& r : scan.results) {
    auto it = recs.find(r.assessmentId);
    if (it == recs.end())
      continue;
    it->second.assessed++;
    if (r.state == AssessmentState::Unhealthy || r.state == AssessmentState::Error) {
      it->second.failing.push_back(&r);
    }
  }
  std::vector<const Recommendation*> ordered;
  for (const auto& [id, rec] : recs)
    ordered.push_back(&rec);
  std::stable_sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) {
    if (a->info->severity != b->info->severity)
      return a->info->severity > b->info->severity;
    return a->failing.size() > b->failing.size();
  });

  out << "\nRecommendations (most severe first)\n";
  out << pad("SEVERITY", 10) << pad("UNHEALTHY", 11) << pad("RECOMMENDATION", 66) << "CONTROL\n";
  for (const Recommendation* rec : ordered) {
    std::string ratio = std::to_string(rec->failing.size()) + "/" + std::to_string(rec->assessed);
    out << pad(severityName(rec->info->severity), 10) << pad(ratio, 11) << pad(rec->info->title, 66)
        << rec->info->control << "\n";
  }
  for (const Recommendation* rec : ordered) {
    if (rec->failing.empty())
      continue;
    out << "\n[" << severityName(rec->info->severity) << "] " << rec->info->title << " ("
        << rec->info->id << ")\n";
    for (const ResultRecord* r : rec->failing) {
      out << "  " << (r->state == AssessmentState::Error ? "ERROR " : "") << r->resourceId
          << "\n      " << r->reason << "\n";
    }
    if (!rec->info->remediation.empty())
      out << "  Remediation: " << rec->info->remediation << "\n";
    if (!rec->info->quickFix.empty())
      out << "  Quick fix: " << rec->info->quickFix << "\n";
    for (const auto& c : rec->info->compliance)
      out << "  Compliance: " << c.standard << " " << c.control << "\n";
  }

  std::map<std::string, ScanCounts> bySubscription;
  std::map<std::string, std::string> subscriptionOf;
  for (const auto& r : scan.resources)
    subscriptionOf[r.id] = r.subscription;
  for (const auto& r : scan.results) {
    ScanCounts& s = bySubscription[subscriptionOf[r.resourceId]];
    if (r.state == AssessmentState::Healthy)
      s.healthy++;
    if (r.state == AssessmentState::Unhealthy)
      s.unhealthy++;
    if (r.state == AssessmentState::NotApplicable)
      s.notApplicable++;
    if (r.state == AssessmentState::Error)
      s.error++;
  }
  if (!bySubscription.empty()) {
    out << "\nBy subscription\n"
        << pad("SUBSCRIPTION", 40) << pad("HEALTHY", 9) << pad("UNHEALTHY", 11) << "ERROR\n";
    for (const auto& [sub, s] : bySubscription) {
      out << pad(sub, 40) << pad(std::to_string(s.healthy), 9)
          << pad(std::to_string(s.unhealthy), 11) << s.error << "\n";
    }
  }

  bool pluginTrouble = std::any_of(scan.pluginRuns.begin(), scan.pluginRuns.end(),
                                   [](const PluginRun& p) { return p.status != "ok"; });
  if (pluginTrouble || !scan.problems.empty()) {
    out << "\nProblems\n";
    for (const auto& p : scan.pluginRuns) {
      if (p.status == "ok")
        continue;
      out << "  plugin " << p.pluginId << " " << p.phase << " " << p.target << ": " << p.status
          << ": " << p.message << "\n";
    }
    for (const auto& p : scan.problems) {
      out << "  " << p.kind << " " << p.location << ": " << p.message << "\n";
    }
  }
}

}  // namespace bulwark
