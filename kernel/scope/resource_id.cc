#include "scope/resource_id.h"

#include <algorithm>
#include <cctype>

namespace bulwark {

namespace {

std::vector<std::string> splitSegments(std::string_view text) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = text.find('/', pos);
    if (next == std::string_view::npos) next = text.size();
    parts.emplace_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

std::string joinSegments(const std::vector<std::string>& segments, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i)
    out += "/" + segments[i];
  return out;
}

}  // namespace

std::optional<ResourceId> ResourceId::parse(std::string_view text) {
  while (text.size() > 1 && text.back() == '/')
    text.remove_suffix(1);
  if (text.empty() || text.front() != '/') return std::nullopt;
  std::vector<std::string> segs = splitSegments(text.substr(1));
  if (segs.size() < 2 || !equalsIgnoreCase(segs[0], "subscriptions")) return std::nullopt;
  if (std::any_of(segs.begin(), segs.end(), [](const std::string& s) { return s.empty(); })) {
    return std::nullopt;
  }
  ResourceId id;
  id.text_ = std::string(text);
  id.key_ = toLowerAscii(text);
  id.subscription_ = segs[1];
  size_t i = 2;
  if (i < segs.size()) {
    if (!equalsIgnoreCase(segs[i], "resourceGroups") || i + 1 >= segs.size()) {
      // Subscription-level provider resources ("/subscriptions/S/providers/...") are allowed.
      if (!equalsIgnoreCase(segs[i], "providers")) return std::nullopt;
    } else {
      id.resourceGroup_ = segs[i + 1];
      i += 2;
    }
  }
  // Walk "providers/NS/type/name[/type/name]..." blocks; the last block gives the type.
  while (i < segs.size()) {
    if (!equalsIgnoreCase(segs[i], "providers") || i + 3 >= segs.size()) return std::nullopt;
    std::string type = segs[i + 1] + "/" + segs[i + 2];
    i += 4;  // providers, namespace, type, name
    while (i < segs.size() && !equalsIgnoreCase(segs[i], "providers")) {
      if (i + 1 >= segs.size()) return std::nullopt;  // a child type without a name
      type += "/" + segs[i];
      i += 2;
    }
    id.type_ = std::move(type);
  }
  id.segments_ = std::move(segs);
  return id;
}

std::optional<ResourceId> ResourceId::parentResource() const {
  if (type_.empty()) return std::nullopt;
  // Find the last "providers" block; a child has more than one type/name pair in it.
  size_t providers = segments_.size();
  for (size_t i = segments_.size(); i-- > 0;) {
    if (equalsIgnoreCase(segments_[i], "providers") && i + 3 < segments_.size()) {
      providers = i;
      break;
    }
  }
  if (providers == segments_.size()) return std::nullopt;
  size_t pairs = (segments_.size() - providers - 2) / 2;
  size_t cut = pairs > 1 ? segments_.size() - 2 : providers;
  // cut == providers: an extension resource's parent is the resource before "providers",
  // which only exists when that prefix is itself a provider resource.
  auto parent = parse(joinSegments(segments_, cut));
  if (!parent || parent->type().empty()) return std::nullopt;
  return parent;
}

bool inScope(const ResourceId& id, const ResourceId& scope) {
  const std::string& k = id.key();
  const std::string& s = scope.key();
  return k.size() >= s.size() && k.compare(0, s.size(), s) == 0 &&
         (k.size() == s.size() || k[s.size()] == '/');
}

bool inAnyScope(const ResourceId& id, const std::vector<ResourceId>& scopes) {
  if (scopes.empty()) return true;
  return std::any_of(scopes.begin(), scopes.end(),
                     [&](const ResourceId& s) { return inScope(id, s); });
}

}  // namespace bulwark
