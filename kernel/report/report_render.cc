#include <sstream>
#include <stdexcept>

#include "report/formats.h"
#include "report/report.h"

namespace bulwark {

const std::vector<std::string>& reportFormats() {
  static const std::vector<std::string> formats = {"table", "json", "csv", "sarif", "ocsf", "html"};
  return formats;
}

std::string renderScanReport(const ScanRecord& scan, const std::string& format,
                             const RenderOptions& options) {
  // Renderers never throw on odd text: invalid UTF-8 from a resource document is replaced.
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  std::ostringstream text;
  if (format == "table") {
    writeTableReport(scan, text, options.color);
  } else if (format == "json") {
    text << jsonReport(scan).dump(2, ' ', false, kReplace) << "\n";
  } else if (format == "csv") {
    writeCsvReport(scan, text);
  } else if (format == "sarif") {
    text << sarifReport(scan).dump(2, ' ', false, kReplace) << "\n";
  } else if (format == "ocsf") {
    text << ocsfFindings(scan).dump(2, ' ', false, kReplace) << "\n";
  } else if (format == "html") {
    writeHtmlReport(scan, text);
  } else {
    throw std::invalid_argument("unknown report format '" + format +
                                "' (table, json, csv, sarif, ocsf or html)");
  }
  return text.str();
}

}  // namespace bulwark
