// Conversions between Event and the SDK's wire form (bw_event / bw_field), used when events
// cross the plugin boundary. The wire form borrows the strings of the Event it was made from.
#pragma once

#include <bulwark/plugin.h>

#include <vector>

#include "detect/event.h"

namespace bulwark::detect {

// A bw_event viewing `event`; `fieldsOut` holds the field array and must outlive the result.
// Keys are the table's keys, which the kernel also hands plugins through host->intern.
bw_event toWire(const Event& event, std::vector<bw_field>& fieldsOut);

// Copies a wire event (e.g. one a plugin emitted) into an Event. Keys are taken as they are.
Event fromWire(const bw_event& wire);

}  // namespace bulwark::detect
