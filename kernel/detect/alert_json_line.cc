#include "detect/alert_json_line.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "util/time.h"

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

// "key":"value" with a separating comma unless it is the object's last member.
void appendMember(std::string_view key, std::string_view value, std::string& out,
                  bool last = false) {
  appendKey(key, out);
  appendString(value, out);
  if (!last) out.push_back(',');
}

}  // namespace

void appendAlertJsonLine(const Alert& a, std::string& out) {
  // Keys in std::map (byte) order, as nlohmann::json sorts them.
  out.push_back('{');
  appendMember("description", a.description, out);
  appendKey("entities", out);
  out.push_back('[');
  for (size_t i = 0; i < a.entities.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('{');
    appendMember("type", a.entities[i].first, out);
    appendMember("value", a.entities[i].second, out, true);
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
  appendMember("fingerprint", a.fingerprint, out);
  appendMember("firstSeen", formatIso8601(a.firstNs), out);
  if (a.id != 0) {
    appendKey("id", out);
    appendInteger(a.id, out);
    out.push_back(',');
  }
  appendMember("lastSeen", formatIso8601(a.lastNs), out);
  appendKey("mitre", out);
  out.push_back('{');
  appendMember("tactic", a.tactic, out);
  appendMember("technique", a.technique, out, true);
  out.append("},");
  appendMember("remediation", a.remediation, out);
  if (!a.resourceId.empty()) appendMember("resourceId", a.resourceId, out);
  appendMember("rule", a.ruleId, out);
  appendMember("severity", a.severity, out);
  appendMember("status", a.status, out);
  if (!a.suppressedBy.empty()) appendMember("suppressedBy", a.suppressedBy, out);
  appendMember("title", a.title, out, true);
  out.append("}\n");
}

}  // namespace bulwark::detect
