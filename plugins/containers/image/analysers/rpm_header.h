// The RPM header blob as rpmdb.sqlite stores it in Packages.blob: big-endian index count and
// data length, 16-byte index entries (tag, type, offset, count), then the data store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::image {

struct RpmHeader {
  std::string name, version, release, arch, sourceRpm;
  int64_t epoch = -1;  // -1 when absent
};

// nullopt with `why` set when the blob is truncated or an entry points outside it.
std::optional<RpmHeader> parseRpmHeader(std::string_view blob, std::string& why);

// "openssl-3.0.7-1.el9.src.rpm" -> "openssl"; "" when it does not look like one.
std::string rpmSourceName(std::string_view sourceRpm);

}  // namespace bulwark::image
