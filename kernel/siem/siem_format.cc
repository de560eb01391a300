#include "siem/siem_format.h"

#include "detect/alert_format.h"
#include "siem/cef_line.h"
#include "siem/ocsf_finding.h"

namespace bulwark::siem {

bool isOutputFormat(const std::string& f) {
  return detect::isAlertFormat(f) || f == "ocsf" || f == "cef";
}

void writeAlertsAs(const std::vector<detect::Alert>& alerts, const std::string& format,
                   std::ostream& out) {
  using nlohmann::json;
  if (format == "ocsf") {
    for (const auto& a : alerts)
      out << ocsfDetectionFinding(a).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (format == "cef") {
    for (const auto& a : alerts)
      out << cefLine(a) << "\n";
  } else {
    detect::writeAlerts(alerts, format, out);
  }
}

}  // namespace bulwark::siem
