#include <algorithm>
#include <cstdio>
#include <map>

#include "report/finding_text.h"
#include "report/report.h"
#include "report/terminal_color.h"
#include "score/secure_score.h"

namespace bulwark {
namespace {

struct Recommendation {
  const AssessmentInfo* info = nullptr;
  std::vector<const ResultRecord*> failing;  // unhealthy and error results
  size_t assessed = 0;
  size_t exempt = 0;
};

std::string pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

void writeRecommendation(const Recommendation& rec, std::ostream& out, bool color) {
  const char* sev = ansi::forSeverity(rec.info->severity);
  out << "    " << paint(std::string("[") + severityName(rec.info->severity) + "]", sev, color)
      << " " << rec.info->title << "  (" << rec.failing.size() << " of " << rec.assessed
      << " unhealthy";
  if (rec.exempt > 0) out << ", " << rec.exempt << " exempt";
  out << "; " << rec.info->id << ")\n";
  for (const ResultRecord* r : rec.failing) {
    const char* state = ansi::forState(r->state);
    out << "      "
        << (r->state == AssessmentState::Error ? paint("ERROR", state, color) + " " : "")
        << paint(r->resourceId, state, color) << "\n        " << r->reason << "\n";
    if (!rec.info->quickFix.empty() && r->state == AssessmentState::Unhealthy) {
      out << "        fix: " << quickFixCommand(*rec.info, r->resourceId) << "\n";
    }
  }
  if (!rec.failing.empty() && !rec.info->remediation.empty()) {
    out << "      Remediation: " << rec.info->remediation << "\n";
  }
  if (!rec.failing.empty()) {
    for (const auto& c : rec.info->compliance) {
      out << "      Compliance: " << c.standard << " " << c.control << "\n";
    }
  }
}

}  // namespace

void writeTableReport(const ScanRecord& scan, std::ostream& out, bool color) {
  ScanCounts c = countResults(scan);
  out << "Bulwark posture scan #" << scan.id << "  " << scan.startedAt << "  " << scan.status
      << "\n";
  out << "Scopes: ";
  if (scan.scopes.empty()) out << "all";
  for (size_t i = 0; i < scan.scopes.size(); ++i)
    out << (i ? ", " : "") << scan.scopes[i];
  out << "\n\n";

  SecureScore score = computeSecureScore(scan, {});
  out << "Secure Score: " << fixed2(score.percentage * 100) << "%  (" << fixed2(score.current)
      << " of " << score.max << " points)\n";
  out << scan.resources.size() << " resources, " << scan.assessments.size() << " assessments, "
      << c.total()
      << " results: " << paint(std::to_string(c.healthy) + " healthy", ansi::kGreen, color) << ", "
      << paint(std::to_string(c.unhealthy) + " unhealthy", ansi::kRed, color) << ", "
      << c.notApplicable << " not applicable, " << c.exempt << " exempt, "
      << paint(std::to_string(c.error) + " error", ansi::kYellow, color) << "\n";

  std::map<std::string, Recommendation> recs;
  for (const auto& a : scan.assessments)
    recs[a.id].info = &a;
  for (const auto& r : scan.results) {
    auto it = recs.find(r.assessmentId);
    if (it == recs.end()) continue;
    if (r.state == AssessmentState::Exempt) {
      it->second.exempt++;
      continue;
    }
    if (r.state == AssessmentState::NotApplicable) continue;
    it->second.assessed++;
    if (r.state == AssessmentState::Unhealthy || r.state == AssessmentState::Error) {
      it->second.failing.push_back(&r);
    }
  }

  out << "\nSecurity controls (largest potential increase first)\n";
  out << "  " << pad("CONTROL", 40) << pad("POINTS", 13) << pad("POTENTIAL", 11)
      << "UNHEALTHY RESOURCES\n";
  for (const ControlScore& control : score.controls) {
    size_t counted = control.healthyResources + control.unhealthyResources;
    out << "  " << pad(control.name, 40)
        << pad(fixed2(control.current) + " / " + std::to_string(control.maxPoints), 13)
        << pad("+" + fixed2(control.potentialIncrease), 11) << control.unhealthyResources << " of "
        << counted << "\n";
  }
  for (const ControlScore& control : score.controls) {
    std::vector<const Recommendation*> ordered;
    for (const auto& id : control.assessments)
      ordered.push_back(&recs[id]);
    std::stable_sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) {
      if (a->info->severity != b->info->severity) return a->info->severity > b->info->severity;
      return a->failing.size() > b->failing.size();
    });
    out << "\n  " << control.name << "  (" << fixed2(control.current) << " / " << control.maxPoints
        << ")\n";
    for (const Recommendation* rec : ordered)
      writeRecommendation(*rec, out, color);
  }

  std::map<std::string, std::string> subscriptionOf;
  for (const auto& r : scan.resources)
    subscriptionOf[r.id] = r.subscription;
  std::vector<std::string> subscriptions;
  for (const auto& [id, sub] : subscriptionOf) {
    if (std::find(subscriptions.begin(), subscriptions.end(), sub) == subscriptions.end()) {
      subscriptions.push_back(sub);
    }
  }
  if (!subscriptions.empty()) {
    out << "\nBy subscription\n  " << pad("SUBSCRIPTION", 40) << pad("SECURE SCORE", 14)
        << "UNHEALTHY\n";
    for (const auto& sub : subscriptions) {
      auto scope = ResourceId::parse("/subscriptions/" + sub);
      if (!scope) continue;
      SecureScore s = computeSecureScore(scan, {*scope});
      size_t unhealthy = 0;
      for (const auto& r : scan.results) {
        auto id = ResourceId::parse(r.resourceId);
        if (id && inScope(*id, *scope) && r.state == AssessmentState::Unhealthy) ++unhealthy;
      }
      out << "  " << pad(sub, 40) << pad(fixed2(s.percentage * 100) + "%", 14) << unhealthy << "\n";
    }
  }

  bool pluginTrouble = std::any_of(scan.pluginRuns.begin(), scan.pluginRuns.end(),
                                   [](const PluginRun& p) { return p.status != "ok"; });
  if (pluginTrouble || !scan.problems.empty()) {
    out << "\nProblems\n";
    for (const auto& p : scan.pluginRuns) {
      if (p.status == "ok") continue;
      out << "  plugin " << p.pluginId << " " << p.phase << " " << p.target << ": " << p.status
          << ": " << p.message << "\n";
    }
    for (const auto& p : scan.problems) {
      out << "  " << p.kind << " " << p.location << ": " << p.message << "\n";
    }
  }
}

}  // namespace bulwark
