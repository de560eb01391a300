#include "image/scan_status.h"

#include <string_view>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <bulwark/sdk/time.hpp>

namespace bulwark::image {
namespace {

using nlohmann::json;

constexpr const char* kKeyPrefix = "image/";

ScanState stateFromKey(const std::string& key) {
  if (key == "in-progress") return ScanState::InProgress;
  if (key == "error") return ScanState::Error;
  if (key == "completed") return ScanState::Completed;
  return ScanState::Unscanned;
}

std::string textOf(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t integerOf(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

const char* scanStateName(ScanState state) {
  switch (state) {
    case ScanState::Unscanned:
      return "Unscanned";
    case ScanState::InProgress:
      return "Scan in progress";
    case ScanState::Error:
      return "Scan error";
    case ScanState::Completed:
      return "Completed";
  }
  return "Unscanned";
}

const char* scanStateKey(ScanState state) {
  switch (state) {
    case ScanState::Unscanned:
      return "unscanned";
    case ScanState::InProgress:
      return "in-progress";
    case ScanState::Error:
      return "error";
    case ScanState::Completed:
      return "completed";
  }
  return "unscanned";
}

std::string statusKey(const std::string& digest) {
  return kKeyPrefix + digest;
}

std::string statusJson(const ImageStatus& s) {
  json head = {{"digest", s.digest},
               {"reference", s.reference},
               {"state", scanStateKey(s.state)},
               {"reason", s.reason},
               {"updatedAt", s.updatedAt},
               {"scannedAt", s.scannedAt},
               {"vulndbImportedAt", s.vulndbImportedAt},
               {"packages", s.packages},
               {"findings", s.findings}};
  std::string out = head.dump();
  if (s.resultJson.empty()) return out;
  // The result of a large image is megabytes of JSON text: embedded as it is (one more copy),
  // not as an escaped string inside a JSON value (three more). Text that is not JSON is kept
  // as a string, so the stored document always parses.
  if (!json::accept(s.resultJson)) {
    out.pop_back();
    return out + ",\"result\":" + json(s.resultJson).dump() + "}";
  }
  out.pop_back();  // the closing brace
  out.reserve(out.size() + s.resultJson.size() + 12);
  out += ",\"result\":";
  out += s.resultJson;
  out += '}';
  return out;
}

constexpr std::string_view kResultMember = ",\"result\":";

std::optional<ImageStatus> parseStatus(const std::string& value) {
  // statusJson writes the result last, as raw JSON: the small head is parsed and the result's
  // text taken as it is, so listing statuses does not build megabytes of packages in memory.
  // (A quote cannot stand unescaped inside a JSON string, so the first match is the member.)
  size_t at = value.find(kResultMember);
  size_t rawAt = at == std::string::npos ? at : at + kResultMember.size();
  bool rawResult = rawAt != std::string::npos && rawAt < value.size() && value[rawAt] != '"' &&
                   value.back() == '}';
  json doc = rawResult ? json::parse(value.substr(0, at) + "}", nullptr, false)
                       : json::parse(value, nullptr, false);
  if (!doc.is_object() || textOf(doc, "digest").empty()) return std::nullopt;
  ImageStatus s;
  s.digest = textOf(doc, "digest");
  s.reference = textOf(doc, "reference");
  s.state = stateFromKey(textOf(doc, "state"));
  s.reason = textOf(doc, "reason");
  s.updatedAt = textOf(doc, "updatedAt");
  s.scannedAt = textOf(doc, "scannedAt");
  s.vulndbImportedAt = textOf(doc, "vulndbImportedAt");
  s.packages = integerOf(doc, "packages");
  s.findings = integerOf(doc, "findings");
  if (rawResult) {
    s.resultJson = value.substr(rawAt, value.size() - rawAt - 1);
  } else if (auto r = doc.find("result"); r != doc.end() && !r->is_null()) {
    // Stored as a string before results were embedded.
    s.resultJson = r->is_string() ? r->get<std::string>() : r->dump();
  }
  return s;
}

std::optional<ImageStatus> ScanStatusStore::read(const std::string& digest) const {
  auto value = state_.get(statusKey(digest));
  if (!value) return std::nullopt;
  return parseStatus(*value);
}

void ScanStatusStore::write(const ImageStatus& status) {
  state_.put(statusKey(status.digest), statusJson(status));
}

void ScanStatusStore::transition(const std::string& digest, const std::string& reference,
                                 ScanState state, const std::string& reason) {
  std::lock_guard lock(mutex_);
  ImageStatus status = read(digest).value_or(ImageStatus{});
  status.digest = digest;
  status.reference = reference;
  status.state = state;
  status.reason = reason;
  status.updatedAt = sdk::utcNowIso8601();
  write(status);
}

void ScanStatusStore::markUnscanned(const std::string& digest, const std::string& reference) {
  ImageStatus status;
  status.digest = digest;
  status.reference = reference;
  status.updatedAt = sdk::utcNowIso8601();
  state_.putIfAbsent(statusKey(digest), statusJson(status));
}

void ScanStatusStore::markInProgress(const std::string& digest, const std::string& reference) {
  transition(digest, reference, ScanState::InProgress, "");
}

void ScanStatusStore::markError(const std::string& digest, const std::string& reference,
                                const std::string& reason) {
  transition(digest, reference, ScanState::Error, reason);
}

void ScanStatusStore::markCompleted(const std::string& digest, const std::string& reference,
                                    const std::string& vulndbImportedAt, int64_t packages,
                                    int64_t findings, std::string resultJson) {
  std::lock_guard lock(mutex_);
  ImageStatus status;
  status.digest = digest;
  status.reference = reference;
  status.state = ScanState::Completed;
  status.updatedAt = status.scannedAt = sdk::utcNowIso8601();
  status.vulndbImportedAt = vulndbImportedAt;
  status.packages = packages;
  status.findings = findings;
  status.resultJson = std::move(resultJson);
  write(status);
}

std::vector<ImageStatus> ScanStatusStore::list() const {
  std::vector<ImageStatus> out;
  for (const auto& [key, value] : state_.list(kKeyPrefix))
    if (auto status = parseStatus(value)) out.push_back(std::move(*status));
  std::stable_sort(out.begin(), out.end(), [](const ImageStatus& a, const ImageStatus& b) {
    if (a.updatedAt != b.updatedAt) return a.updatedAt > b.updatedAt;
    return a.digest < b.digest;
  });
  return out;
}

std::optional<ImageStatus> ScanStatusStore::find(const std::string& digestOrPrefix) const {
  if (auto exact = read(digestOrPrefix)) return exact;
  for (const std::string& candidate : {digestOrPrefix, "sha256:" + digestOrPrefix}) {
    std::vector<ImageStatus> matches;
    for (const auto& [key, value] : state_.list(statusKey(candidate)))
      if (auto status = parseStatus(value)) matches.push_back(std::move(*status));
    if (matches.size() == 1) return matches.front();
    if (!matches.empty()) return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace bulwark::image
