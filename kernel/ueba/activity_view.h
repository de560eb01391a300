// What UEBA reads in one event, by the declaration its type matches (activity_catalog.h): the
// principal (with the declaration's prefix), the operation, the address, whether it deleted
// something or read bytes out (successful ones only), and whether a delegated credential
// authorised it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "detect/event.h"
#include "ueba/activity_catalog.h"

namespace bulwark::ueba {

struct ActivityView {
  const DeclaredActivity* declaration = nullptr;
  std::string principal;       // the declared prefix + the principal field
  std::string_view operation;  // a field, or (part of) the event type
  std::string_view address;    // may be empty
  bool deletion = false;       // a deleting operation that succeeded
  bool delegated = false;      // authorised by a delegated credential (e.g. a SAS)
  int64_t bytesOut = 0;        // bytes out of a successful counted operation
};

// nullopt for events of `declaration` without a principal or an operation. The string views
// point into `event` and `keys`.
std::optional<ActivityView> activityOf(const detect::Event& event, const detect::KeyTable& keys,
                                       const DeclaredActivity& declaration);
// The same, by the first declaration of `catalog` matching the event's type.
std::optional<ActivityView> activityOf(const detect::Event& event, const detect::KeyTable& keys,
                                       const ActivityCatalog& catalog);

}  // namespace bulwark::ueba
