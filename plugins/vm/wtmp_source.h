// Event sources for the login records of utmp(5): /var/log/wtmp (logins, logouts, boots,
// shutdowns: what `last` reads) and /var/log/btmp (failed logins: what `lastb` reads). The
// files are arrays of glibc `struct utmp` records (384 bytes on Linux x86-64), read here
// through that struct. A record with an unknown type, a time outside 1970..2200 or control
// characters in its text is skipped and reported by its record number and byte offset.
#pragma once

#include <bulwark/plugin.hpp>

#include <cstdint>
#include <string>

namespace bulwark::vm {

inline constexpr char kWtmpSource[] = "wtmp";
inline constexpr char kBtmpSource[] = "btmp";

// One record as an event: "" when it became `out`, "-" when it carries nothing (an EMPTY
// slot), else why it does not parse. `failedLogins`: the record is from btmp.
std::string utmpRecordEvent(const unsigned char* record, size_t size, bool failedLogins,
                            sdk::Event& out);

// Reads the whole records of a wtmp/btmp file from `position` into `sink`, advancing it; a
// partial last record is left (the kernel reports it, or reads it once the file has grown).
// Throws std::runtime_error when the file cannot be read.
void readUtmpFile(const std::string& path, bool failedLogins, sdk::ReadPosition& position,
                  sdk::EventSink& sink);

}  // namespace bulwark::vm
