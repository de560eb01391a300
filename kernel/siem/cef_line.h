// An alert as one ArcSight CEF line (CEF:0|Bulwark|Bulwark|version|rule|title|severity|ext),
// for syslog forwarders. Header fields escape '\' and '|'; extension values escape '\' and
// '=' and write CR/LF as \r and \n, so a hostile log line cannot forge fields or records.
#pragma once

#include <string>
#include <string_view>

#include "detect/alert.h"

namespace bulwark::siem {

std::string cefHeaderEscape(std::string_view text);
std::string cefExtensionEscape(std::string_view text);
// CEF severity 0..10: Informational 1, Low 3, Medium 5, High 8; unknown 0.
int cefSeverity(const std::string& severity);
// The line, without a trailing newline.
std::string cefLine(const detect::Alert& alert);

}  // namespace bulwark::siem
