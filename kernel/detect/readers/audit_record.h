// One line of a raw auditd log (/var/log/audit/audit.log):
//   [node=HOST ]type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): key=value ...[\x1dKEY=value ...]
// Values arrive quoted ("..."), hex-encoded (untrusted strings such as proctitle, EXECVE
// arguments, or names with spaces) or bare; the parser hands them back decoded. User-space
// records nest their own fields in msg='...'; those are flattened into the same list. The
// ENRICHED part after the 0x1d separator (auditd's log_format=ENRICHED: AUID="alice") is kept
// apart, keyed by its upper-case names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::detect {

struct AuditField {
  std::string name;
  std::string value;    // decoded; control characters replaced by spaces
  bool quoted = false;  // written as "..." or decoded from hex: rendered back with quotes
};

struct AuditRecord {
  std::string node;  // the node= prefix, empty without one
  std::string type;  // "SYSCALL", "UNKNOWN[1334]"
  int64_t timeMs = 0;
  uint64_t serial = 0;
  std::vector<AuditField> fields;
  std::vector<std::pair<std::string, std::string>> enriched;

  // The decoded value of the first field called `name`; nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
  std::optional<std::string_view> getEnriched(std::string_view name) const;
  // "type=T msg=audit(S.MS:N): k=v k="v" ...": the record with its values decoded, on one line.
  std::string render() const;
};

// Parses one line. On failure returns nullopt and sets `error` to a reason that names the
// column (1-based byte offset in the line) where parsing stopped.
std::optional<AuditRecord> parseAuditRecord(std::string_view line, std::string& error);

}  // namespace bulwark::detect
