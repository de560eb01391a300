// The reader of each format, one file each; all_readers.cc lists them (reader_formats.h).
#pragma once

#include <memory>

#include "detect/readers/reader.h"

namespace bulwark::detect {

std::unique_ptr<Reader> makeSyslogReader(const ReaderOptions& options);  // syslog_reader.cc
std::unique_ptr<Reader> makeJournalReader();                             // journal_reader.cc
std::unique_ptr<Reader> makeJsonLinesReader();                           // jsonl_reader.cc
std::unique_ptr<Reader> makeCsvReader();                                 // csv_reader.cc
std::unique_ptr<Reader> makeAccessLogReader();                           // access_log_reader.cc
std::unique_ptr<Reader> makeW3cReader();                                 // w3c_reader.cc
std::unique_ptr<Reader> makeAzureActivityReader();                       // azure_activity_reader.cc
std::unique_ptr<Reader> makeAuditdReader();                              // auditd_reader.cc

}  // namespace bulwark::detect
