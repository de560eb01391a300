#include "detect/alert_json_line.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "detect/timestamp.h"

namespace bulwark::detect {
namespace {

// Printable ASCII is escaped here; anything else (control characters, UTF-8, invalid bytes)
// goes through nlohmann's serializer so the rules for those stay exactly its own.
// Bytes from `from` on that need no escaping: printable ASCII other than '"' and '\\', eight at
// a time (a byte is special when below 0x20, at or above 0x80, or equal to either quote char).
size_t plainRun(std::string_view s, size_t from) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto zeroByte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  size_t i = from;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    uint64_t special = (w & kHigh) | ((w - 0x20 * kOnes) & ~w & kHigh) |
                       zeroByte(w ^ (0x22 * kOnes)) | zeroByte(w ^ (0x5C * kOnes));
    if (special != 0) break;
  }
  return i;
}

void appendString(std::string_view s, std::string& out) {
  const size_t mark = out.size();
  out.push_back('"');
  size_t start = 0;
  for (size_t i = plainRun(s, 0); i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') continue;
    if (c < 0x20 || c >= 0x80) {
      out.resize(mark);
      out += nlohmann::json(std::string(s))
                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    out.append(s.data() + start, i - start);
    out.push_back('\\');
    out.push_back(static_cast<char>(c));
    start = i + 1;
    i = plainRun(s, start) - 1;  // the loop's ++i lands on the first byte not known plain
  }
  out.append(s.data() + start, s.size() - start);
  out.push_back('"');
}

template <typename Int>
void appendInteger(Int value, std::string& out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void appendKey(std::string_view key, std::string& out) {
  out.push_back('"');
  out.append(key);
  out.append("\":");
}

}  // namespace

void appendAlertJsonLine(const Alert& a, std::string& out) {
  // Keys in std::map (byte) order, as nlohmann::json sorts them.
  out.push_back('{');
  appendKey("description", out);
  appendString(a.description, out);
  out.push_back(',');
  appendKey("entities", out);
  out.push_back('[');
  for (size_t i = 0; i < a.entities.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('{');
    appendKey("type", out);
    appendString(a.entities[i].first, out);
    out.push_back(',');
    appendKey("value", out);
    appendString(a.entities[i].second, out);
    out.push_back('}');
  }
  out.append("],");
  appendKey("eventCount", out);
  appendInteger(a.eventCount, out);
  out.push_back(',');
  appendKey("evidence", out);
  out.push_back('[');
  for (size_t i = 0; i < a.evidence.size(); ++i) {
    if (i > 0) out.push_back(',');
    appendString(a.evidence[i], out);
  }
  out.append("],");
  appendKey("fingerprint", out);
  appendString(a.fingerprint, out);
  out.push_back(',');
  appendKey("firstSeen", out);
  appendString(formatIso8601(a.firstNs), out);
  out.push_back(',');
  if (a.id != 0) {
    appendKey("id", out);
    appendInteger(a.id, out);
    out.push_back(',');
  }
  appendKey("lastSeen", out);
  appendString(formatIso8601(a.lastNs), out);
  out.push_back(',');
  appendKey("mitre", out);
  out.push_back('{');
  appendKey("tactic", out);
  appendString(a.tactic, out);
  out.push_back(',');
  appendKey("technique", out);
  appendString(a.technique, out);
  out.append("},");
  appendKey("remediation", out);
  appendString(a.remediation, out);
  out.push_back(',');
  if (!a.resourceId.empty()) {
    appendKey("resourceId", out);
    appendString(a.resourceId, out);
    out.push_back(',');
  }
  appendKey("rule", out);
  appendString(a.ruleId, out);
  out.push_back(',');
  appendKey("severity", out);
  appendString(a.severity, out);
  out.push_back(',');
  appendKey("status", out);
  appendString(a.status, out);
  out.push_back(',');
  if (!a.suppressedBy.empty()) {
    appendKey("suppressedBy", out);
    appendString(a.suppressedBy, out);
    out.push_back(',');
  }
  appendKey("title", out);
  appendString(a.title, out);
  out.append("}\n");
}

}  // namespace bulwark::detect
