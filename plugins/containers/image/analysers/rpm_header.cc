#include "image/analysers/rpm_header.h"

#include <cstdint>

namespace bulwark::image {
namespace {

constexpr uint32_t kTagName = 1000, kTagVersion = 1001, kTagRelease = 1002, kTagEpoch = 1003,
                   kTagArch = 1022, kTagSourceRpm = 1044;
constexpr uint32_t kTypeInt32 = 4, kTypeString = 6, kTypeStringArray = 8, kTypeI18n = 9;
constexpr uint32_t kMaxIndexEntries = 100000;

uint32_t be32(std::string_view s, size_t at) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[at + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

}  // namespace

std::optional<RpmHeader> parseRpmHeader(std::string_view blob, std::string& why) {
  if (blob.size() < 8) {
    why = "header blob shorter than 8 bytes";
    return std::nullopt;
  }
  uint32_t il = be32(blob, 0), dl = be32(blob, 4);
  if (il > kMaxIndexEntries || 8 + uint64_t{il} * 16 + dl > blob.size()) {
    why = "header claims " + std::to_string(il) + " entries and " + std::to_string(dl) +
          " data bytes, blob has " + std::to_string(blob.size());
    return std::nullopt;
  }
  std::string_view data = blob.substr(8 + size_t{il} * 16, dl);
  RpmHeader h;
  for (uint32_t i = 0; i < il; ++i) {
    size_t at = 8 + size_t{i} * 16;
    uint32_t tag = be32(blob, at), type = be32(blob, at + 4), offset = be32(blob, at + 8);
    if (offset >= data.size()) continue;  // region trailers and empty entries
    std::string* target = nullptr;
    switch (tag) {
      case kTagName:
        target = &h.name;
        break;
      case kTagVersion:
        target = &h.version;
        break;
      case kTagRelease:
        target = &h.release;
        break;
      case kTagArch:
        target = &h.arch;
        break;
      case kTagSourceRpm:
        target = &h.sourceRpm;
        break;
      case kTagEpoch:
        if (type == kTypeInt32 && offset + 4 <= data.size()) h.epoch = be32(data, offset);
        continue;
      default:
        continue;
    }
    if (type != kTypeString && type != kTypeStringArray && type != kTypeI18n) continue;
    size_t end = data.find('\0', offset);
    if (end == std::string_view::npos) {
      why = "tag " + std::to_string(tag) + ": string runs past the data store";
      return std::nullopt;
    }
    *target = std::string(data.substr(offset, end - offset));
  }
  if (h.name.empty() || h.version.empty()) {
    why = "header without NAME or VERSION";
    return std::nullopt;
  }
  return h;
}

std::string rpmSourceName(std::string_view sourceRpm) {
  constexpr std::string_view kSuffix = ".src.rpm";
  if (sourceRpm.size() <= kSuffix.size() ||
      sourceRpm.substr(sourceRpm.size() - kSuffix.size()) != kSuffix)
    return {};
  std::string_view base = sourceRpm.substr(0, sourceRpm.size() - kSuffix.size());
  for (int i = 0; i < 2; ++i) {
    size_t dash = base.rfind('-');
    if (dash == std::string_view::npos) return {};
    base = base.substr(0, dash);
  }
  return std::string(base);
}

}  // namespace bulwark::image
