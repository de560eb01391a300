#include "live/live_check.h"

#include "live/endpoint_settings.h"

namespace bulwark::appservice::live {

std::optional<sdk::Verdict> unmeasured(const sdk::Json& facts, const char* part) {
  const sdk::Json* p = sdk::at(facts, part);
  std::string url = sdk::textAt(facts, "url");
  if (p == nullptr || !p->is_object())
    return sdk::Verdict{sdk::State::Error, std::string(part) + " was not measured on " + url, {}};
  if (const sdk::Json* error = sdk::at(*p, "error"); error != nullptr && error->is_string())
    return sdk::Verdict{sdk::State::Error, url + ": " + error->get<std::string>(), {}};
  return std::nullopt;
}

std::vector<sdk::AssessmentDef> liveAssessments(std::vector<LiveCheck> checks) {
  std::vector<sdk::AssessmentDef> out;
  for (auto& c : checks) {
    sdk::AssessmentDef a;
    a.id = c.id;
    a.title = c.title;
    a.resourceType = kEndpointType;
    a.severity = c.severity;
    a.control = c.control;
    a.description = std::string(c.title) +
                    " (probed live over the network from the scanning host, as an external "
                    "scanner sees the endpoint).";
    a.remediation = c.remediation;
    a.quickFix = c.quickFix;
    auto judge = std::move(c.judge);
    a.check = [judge](const sdk::Resource& endpoint, const sdk::Context&) {
      const sdk::Json* facts = sdk::at(endpoint.json(), "properties.bulwarkEndpoint");
      if (facts == nullptr || !facts->is_object())
        return sdk::Verdict::notApplicable("not probed live (no properties.bulwarkEndpoint)");
      return judge(*facts);
    };
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bulwark::appservice::live
