// Which detection events UEBA learns from, and what it reads in them: Azure Activity Log
// records (type azure.activity) and successful sign-ins (types ending in ".login.success" or
// containing "signin"), each attributed to a principal (the event's user field); and storage
// requests (types storage.blob.*, from StorageBlobLogs or Storage Analytics), attributed to
// their storage account, whose baseline is the account's: addresses, deletions and bytes read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detect/event.h"

namespace bulwark::ueba {

enum class ActivityKind { Activity, SignIn, Storage };

// The principal name of a storage account's baseline.
inline constexpr std::string_view kStorageAccountPrefix = "storage-account/";

struct ActivityView {
  ActivityKind kind = ActivityKind::Activity;
  std::string principal;       // for storage: kStorageAccountPrefix + account
  std::string_view operation;  // the Activity Log operation, or the sign-in event type
  std::string_view ip;         // may be empty
  bool deletion = false;       // a delete operation that did not fail
  bool sas = false;            // storage: authorised by a shared access signature
  int64_t bytesOut = 0;        // storage: response body bytes of a successful read
};

// nullopt for events UEBA does not analyse, or without a principal. The string views point
// into `event` and `keys`.
std::optional<ActivityView> activityOf(const detect::Event& event, const detect::KeyTable& keys);
// False when no event of this type is ever an activity (activityOf answers nullopt for it).
bool mayBeActivityType(std::string_view type);

}  // namespace bulwark::ueba
