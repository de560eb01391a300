// Field conversions shared by the Azure Storage log readers (StorageBlobLogs JSON and the
// classic Storage Analytics format), so both give the storage rules the same values.
#pragma once

#include <string>
#include <utility>

#include "detect/event.h"

namespace bulwark::detect {

// "1.2.3.4:5678", "[2001:db8::1]:443", "2001:db8::1" or "1.2.3.4" -> address and port.
std::pair<std::string, std::string> splitAddress(const std::string& text);

// Base64 to lower-case hex; "" when the text is not base64.
std::string base64ToHex(const std::string& text);

// Sets the container and object fields from an object key "/account/container/blob/path".
void setObjectKeyFields(const std::string& objectKey, Event& e, KeyTable& keys);

}  // namespace bulwark::detect
