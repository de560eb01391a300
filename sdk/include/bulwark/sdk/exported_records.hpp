// The fields of records exported from Azure (Log Analytics answers and portal exports,
// diagnostic settings' records), read the same way whatever the export: a field name matches
// in any spelling ("action_id_s", "ActionId", "action_id"; "TimeGenerated [UTC]"), and
// `properties`, as an object or as JSON text, is read as part of the record. The sql plugin's
// Azure SQL audit and the appservice plugin's HTTP logs read their records this way.
#ifndef BULWARK_SDK_EXPORTED_RECORDS_HPP
#define BULWARK_SDK_EXPORTED_RECORDS_HPP

#include <bulwark/sdk/json.hpp>
#include <bulwark/sdk/text.hpp>
#include <bulwark/sdk/time.hpp>

#include <cstdio>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::sdk {

// Normalized field name -> the value as text.
using ExportedFields = std::map<std::string, std::string, std::less<>>;

// Lower case, letters and digits only, without the type suffix Log Analytics gives custom
// columns (_s, _d, _b, _g, _t): "action_id_s" -> "actionid", "TimeGenerated [UTC]" ->
// "timegeneratedutc".
inline std::string exportedFieldName(std::string_view key) {
  std::string k = lower(key);
  for (std::string_view suffix : {"_s", "_d", "_b", "_g", "_t"}) {
    if (k.size() > suffix.size() + 1 && endsWithIgnoreCase(k, suffix)) {
      k.resize(k.size() - suffix.size());
      break;
    }
  }
  std::string out;
  for (char c : k) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

namespace detail {

inline std::string scalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  return {};
}

inline int64_t fractionNs(std::string_view text, size_t dot) {
  int64_t ns = 0, scale = 1000000000LL;
  if (dot == std::string_view::npos) return 0;
  for (size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9' && scale > 1; ++i) {
    scale /= 10;
    ns += (text[i] - '0') * scale;
  }
  return ns;
}

}  // namespace detail

// The scalar members of `record` and of its `properties`; a top-level name wins over the same
// name in properties.
inline void flattenExportedRecord(const Json& record, ExportedFields& out) {
  for (auto it = record.begin(); it != record.end(); ++it) {
    std::string name = exportedFieldName(it.key());
    if (name == "properties" && it->is_string()) {
      Json inner = Json::parse(it->get<std::string>(), nullptr, false);
      if (inner.is_object()) flattenExportedRecord(inner, out);
    } else if (it->is_object()) {
      if (name == "properties") flattenExportedRecord(*it, out);
    } else if (!it->is_array() && !it->is_null()) {
      out.emplace(name, detail::scalarText(*it));
    }
  }
}

// The first of `names` (normalized) with a value; "" and "-" are no value.
inline std::string_view exportedField(const ExportedFields& f,
                                      std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    auto it = f.find(n);
    if (it != f.end() && !it->second.empty() && it->second != "-") return it->second;
  }
  return {};
}

// Unix time in nanoseconds of ISO 8601 with its fraction ("2026-12-03T10:00:00.1234567Z"), or
// of the portal's export in UTC ("12/3/2026, 1:46:28.000 PM").
inline std::optional<int64_t> exportedRecordTime(std::string_view text) {
  if (auto seconds = parseIsoTime(text))
    return *seconds * 1000000000LL + detail::fractionNs(text, text.find('.', 19));
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%d/%d/%d, %d:%d:%d", &month, &day, &year, &hour, &minute,
                  &second) != 6)
    return std::nullopt;
  size_t space = copy.rfind(' ');
  bool pm = space != std::string::npos && copy.size() - space == 3 &&
            (copy[space + 1] == 'P' || copy[space + 1] == 'p');
  if (hour == 12) hour = 0;
  if (pm) hour += 12;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute,
                second);
  auto seconds = parseIsoTime(iso);
  if (!seconds) return std::nullopt;
  size_t comma = copy.find(", ");
  return *seconds * 1000000000LL +
         detail::fractionNs(copy, copy.find('.', comma == std::string::npos ? 0 : comma));
}

}  // namespace bulwark::sdk

#endif
