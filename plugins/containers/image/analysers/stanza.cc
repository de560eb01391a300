#include "image/analysers/stanza.h"

namespace bulwark::image {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool isFieldName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (c <= ' ' || c > '~') return false;
  return true;
}

}  // namespace

std::vector<Stanza> parseStanzas(std::string_view text, std::vector<std::string>& problems,
                                 bool headerOnly) {
  std::vector<Stanza> out;
  Stanza current;
  std::string lastField;
  int lineNo = 0;
  auto flush = [&] {
    if (!current.fields.empty()) out.push_back(std::move(current));
    current = Stanza{};
    lastField.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++lineNo;
    pos = end + 1;
    if (trim(line).empty()) {
      if (headerOnly && !current.fields.empty()) break;
      flush();
      if (end == text.size()) break;
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (lastField.empty()) {
        problems.push_back("line " + std::to_string(lineNo) + ": continuation without a field");
      } else {
        current.fields[lastField] += "\n" + std::string(trim(line));
      }
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !isFieldName(line.substr(0, colon))) {
      problems.push_back("line " + std::to_string(lineNo) + ": not a 'Field: value' line");
      lastField.clear();
      continue;
    }
    if (current.fields.empty()) current.line = lineNo;
    lastField = std::string(line.substr(0, colon));
    current.fields[lastField] = std::string(trim(line.substr(colon + 1)));
    if (end == text.size()) break;
  }
  flush();
  return out;
}

}  // namespace bulwark::image
