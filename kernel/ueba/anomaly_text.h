// The text of anomaly alerts: descriptions written from an anomaly kind's template (its
// {placeholders} filled with what the check offers), and the numbers, byte counts and value
// lists they quote.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ueba/principal_baseline.h"

namespace bulwark::ueba {

using TemplateValues = std::vector<std::pair<std::string_view, std::string>>;

// `text` with each {name} replaced by its value; names without a value stay as written (the
// manifest parser refuses templates using names a check does not offer).
std::string fillTemplate(std::string_view text, const TemplateValues& values);

// "12" for whole numbers, else one decimal: "2.5".
std::string formatNumber(double value);
// "512 B", "1.5 KiB", ... "3.2 TiB".
std::string bytesText(double bytes);
// The first `limit` values, sorted, comma-separated, then ", ..." when there are more.
std::string joinKeys(const std::unordered_map<std::string, SeenValue>& values, size_t limit = 8);

}  // namespace bulwark::ueba
