// JSON documents from image metadata, with parse errors that name the file and byte offset.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::image {

// Throws ImageError "<where>: byte N: invalid JSON (...)".
nlohmann::json parseJsonText(const std::string& text, const std::string& where);

// The string member `key` of `object`, or "" when absent or not a string.
std::string jsonString(const nlohmann::json& object, const char* key);

}  // namespace bulwark::image
