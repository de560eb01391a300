#include "image/json_text.h"

#include "image/image_error.h"

namespace bulwark::image {

nlohmann::json parseJsonText(const std::string& text, const std::string& where) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    size_t detail = what.find("]: ");
    throw ImageError(where + ": byte " + std::to_string(e.byte) + ": invalid JSON" +
                     (detail == std::string::npos ? "" : " (" + what.substr(detail + 3) + ")"));
  }
}

std::string jsonString(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace bulwark::image
