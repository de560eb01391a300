#include "detect/readers/formats.h"
#include "detect/readers/reader_formats.h"

namespace bulwark::detect {
namespace {

template <std::unique_ptr<Reader> (*Make)()>
std::unique_ptr<Reader> withoutOptions(const ReaderOptions&) {
  return Make();
}

}  // namespace

const std::vector<ReaderFormat>& readerFormats() {
  static const std::vector<ReaderFormat> formats = {
      {"syslog",
       {"auth.log"},
       "RFC 3164 / RFC 5424 / ISO-stamped syslog, sshd and PAM events",
       true,
       &makeSyslogReader},
      {"journald-json", {}, "journalctl -o json", true, &withoutOptions<makeJournalReader>},
      {"jsonl", {}, "JSON Lines, one object per line", true, &withoutOptions<makeJsonLinesReader>},
      {"csv", {}, "CSV with a header record", false, &withoutOptions<makeCsvReader>},
      {"apache",
       {"nginx"},
       "access logs, common and combined formats",
       true,
       &withoutOptions<makeAccessLogReader>},
      {"w3c",
       {},
       "W3C extended log format (IIS, App Service)",
       true,
       &withoutOptions<makeW3cReader>},
      {"azure-activity",
       {},
       "Azure Activity Log records (JSON documents or JSON Lines)",
       false,
       &withoutOptions<makeAzureActivityReader>},
      {"auditd",
       {},
       "raw auditd logs, the records of one syscall grouped",
       true,
       &withoutOptions<makeAuditdReader>},
  };
  return formats;
}

const ReaderFormat* findReaderFormat(std::string_view typeOrAlias) {
  for (const ReaderFormat& f : readerFormats()) {
    if (f.type == typeOrAlias) return &f;
    for (std::string_view alias : f.aliases) {
      if (alias == typeOrAlias) return &f;
    }
  }
  return nullptr;
}

}  // namespace bulwark::detect
