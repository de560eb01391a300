// Which detection events UEBA learns from, and what it reads in them: Azure Activity Log
// records (type azure.activity) and successful sign-ins (types ending in ".login.success" or
// containing "signin"), each attributed to a principal (the event's user field).
#pragma once

#include <optional>
#include <string_view>

#include "detect/event.h"

namespace bulwark::ueba {

struct ActivityView {
  std::string_view principal;
  std::string_view operation;  // the Activity Log operation, or the sign-in event type
  std::string_view ip;         // may be empty
  bool deletion = false;       // a delete operation that did not fail
};

// nullopt for events UEBA does not analyse, or without a principal. Views point into `event`
// and `keys`.
std::optional<ActivityView> activityOf(const detect::Event& event, const detect::KeyTable& keys);

}  // namespace bulwark::ueba
