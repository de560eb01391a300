#include "siem/cef_line.h"

#include "util/version.h"

namespace bulwark::siem {

std::string cefHeaderEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '|') out += '\\';
    // The header has no escape for line breaks; a break would start a forged record.
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string cefExtensionEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '=') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  return out;
}

int cefSeverity(const std::string& s) {
  if (s == "Informational") return 1;
  if (s == "Low") return 3;
  if (s == "Medium") return 5;
  if (s == "High") return 8;
  return 0;
}

namespace {

// The CEF dictionary key for an entity field, or "" when it has none.
std::string cefKey(const std::string& field) {
  if (field == "ip") return "src";
  if (field == "user") return "suser";
  if (field == "host") return "dhost";
  if (field == "src_host" || field == "rhost") return "shost";
  if (field == "url") return "request";
  if (field == "process") return "sproc";
  return {};
}

}  // namespace

std::string cefLine(const detect::Alert& a) {
  std::string line = "CEF:0|Bulwark|Bulwark|" + cefHeaderEscape(kBulwarkVersion) + "|" +
                     cefHeaderEscape(a.ruleId) + "|" + cefHeaderEscape(a.title) + "|" +
                     std::to_string(cefSeverity(a.severity)) + "|";
  std::string ext;
  auto add = [&](const std::string& key, std::string_view value) {
    if (value.empty()) return;
    ext += (ext.empty() ? "" : " ") + key + "=" + cefExtensionEscape(value);
  };
  add("rt", std::to_string(a.lastNs / 1000000));
  add("start", std::to_string(a.firstNs / 1000000));
  add("end", std::to_string(a.lastNs / 1000000));
  add("cnt", std::to_string(a.eventCount));
  if (a.id != 0) add("externalId", std::to_string(a.id));
  add("msg", a.description);
  add("cat", a.tactic);
  add("cs1Label", "mitreTechnique");
  add("cs1", a.technique);
  add("cs2Label", "status");
  add("cs2", a.status);
  if (!a.resourceId.empty()) {
    add("cs3Label", "resourceId");
    add("cs3", a.resourceId);
  }
  add("cs4Label", "fingerprint");
  add("cs4", a.fingerprint);
  std::string seen;  // the first value of each CEF key; the others are in the JSON outputs
  for (const auto& [field, value] : a.entities) {
    std::string key = cefKey(field);
    if (key.empty() || seen.find("|" + key + "|") != std::string::npos) continue;
    seen += "|" + key + "|";
    add(key, value);
  }
  return line + ext;
}

}  // namespace bulwark::siem
