#include "json_util.h"

#include <cctype>
#include <stdexcept>

namespace bulwark::vm {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

const Json* at(const Json& root, std::string_view dottedPath) {
  const Json* node = &root;
  while (node != nullptr && !dottedPath.empty()) {
    size_t dot = dottedPath.find('.');
    node = sdk::findMember(*node, dottedPath.substr(0, dot));
    dottedPath = dot == std::string_view::npos ? std::string_view{} : dottedPath.substr(dot + 1);
  }
  return node;
}

std::string textAt(const Json& root, std::string_view dottedPath) {
  const Json* v = at(root, dottedPath);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

std::optional<bool> asBool(const Json* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    std::string s = lower(v->get<std::string>());
    if (s == "true") return true;
    if (s == "false") return false;
  }
  throw std::runtime_error("expected a boolean, got " + v->dump());
}

std::vector<const Json*> arrayAt(const Json& root, std::string_view dottedPath) {
  std::vector<const Json*> out;
  const Json* v = at(root, dottedPath);
  if (v != nullptr && v->is_array()) {
    for (const Json& item : *v)
      out.push_back(&item);
  }
  return out;
}

}  // namespace bulwark::vm
