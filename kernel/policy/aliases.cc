#include "policy/aliases.h"

#include "policy/policy_error.h"
#include "scope/resource_id.h"

namespace bulwark::policy {

extern const char kBuiltinAliasesCsv[];

bool PathSegment::operator==(const PathSegment& o) const {
  return allElements == o.allElements && equalsIgnoreCase(name, o.name);
}

FieldPath parsePath(std::string_view dotted) {
  FieldPath out;
  size_t pos = 0;
  while (pos < dotted.size()) {
    size_t dot = dotted.find('.', pos);
    std::string_view part = dotted.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
    pos = dot == std::string_view::npos ? dotted.size() : dot + 1;
    if (part.size() >= 3 && part.substr(part.size() - 3) == "[*]") {
      if (part.size() > 3) out.push_back({std::string(part.substr(0, part.size() - 3)), false});
      out.push_back({"", true});
    } else if (!part.empty()) {
      out.push_back({std::string(part), false});
    }
  }
  return out;
}

std::string pathText(const FieldPath& path) {
  std::string out;
  for (const auto& s : path) {
    if (s.allElements) {
      out += "[*]";
    } else {
      out += (out.empty() ? "" : ".") + s.name;
    }
  }
  return out;
}

AliasTable AliasTable::fromCsv(std::string_view text) {
  AliasTable t;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    size_t comma = line.find(',');
    if (comma == std::string_view::npos) continue;
    t.paths_[toLowerAscii(line.substr(0, comma))] = std::string(line.substr(comma + 1));
  }
  return t;
}

const AliasTable& AliasTable::builtin() {
  static const AliasTable table = fromCsv(kBuiltinAliasesCsv);
  return table;
}

const std::string* AliasTable::find(std::string_view alias) const {
  auto it = paths_.find(toLowerAscii(alias));
  return it == paths_.end() ? nullptr : &it->second;
}

namespace {

// tags['a.b'], tags["x"], tags[x] and tags.x all name one tag.
bool parseTagField(std::string_view f, FieldPath& out) {
  if (f.size() < 4 || !equalsIgnoreCase(f.substr(0, 4), "tags")) return false;
  std::string_view rest = f.substr(4);
  std::string key;
  if (rest.empty()) {
    out = {{"tags", false}};
    return true;
  }
  if (rest.front() == '.') {
    key = std::string(rest.substr(1));
  } else if (rest.front() == '[' && rest.back() == ']') {
    std::string_view inner = rest.substr(1, rest.size() - 2);
    if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"') &&
        inner.back() == inner.front()) {
      inner = inner.substr(1, inner.size() - 2);
    }
    key = std::string(inner);
  } else {
    return false;
  }
  out = {{"tags", false}, {key, false}};
  return true;
}

}  // namespace

FieldPath resolveField(std::string_view field, const AliasTable& table, bool* fromTable) {
  if (fromTable != nullptr) *fromTable = false;
  std::string lower = toLowerAscii(field);
  for (const char* top : {"name", "type", "location", "kind", "id"}) {
    if (lower == top) return {{top, false}};
  }
  if (lower == "fullname") return {{"name", false}};
  FieldPath tag;
  if (lower == "tags" || lower.rfind("tags[", 0) == 0 || lower.rfind("tags.", 0) == 0) {
    if (parseTagField(field, tag)) return tag;
  }
  if (lower.rfind("identity.", 0) == 0 || lower == "identity" || lower.rfind("sku.", 0) == 0 ||
      lower == "sku" || lower.rfind("plan.", 0) == 0 || lower.rfind("properties.", 0) == 0) {
    return parsePath(field);
  }
  if (const std::string* path = table.find(field)) {
    if (fromTable != nullptr) *fromTable = true;
    return parsePath(*path);
  }
  size_t slash = field.rfind('/');
  if (slash == std::string_view::npos || field.find('/') == slash) {
    throw PolicyError("field '" + std::string(field) + "' is neither a known field nor an alias");
  }
  FieldPath path = {{"properties", false}};
  for (auto& s : parsePath(field.substr(slash + 1)))
    path.push_back(std::move(s));
  return path;
}

}  // namespace bulwark::policy
