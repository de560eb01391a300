#include "detect/event_wire.h"

namespace bulwark::detect {
namespace {

bw_str view(const std::string& s) {
  return bw_str{s.data(), s.size()};
}

std::string copy(bw_str s) {
  return s.ptr == nullptr ? std::string() : std::string(s.ptr, s.len);
}

}  // namespace

bw_event toWire(const Event& event, std::vector<bw_field>& fieldsOut) {
  fieldsOut.clear();
  fieldsOut.reserve(event.fields.size());
  for (const auto& [key, value] : event.fields)
    fieldsOut.push_back(bw_field{key, view(value)});
  bw_event wire{};
  wire.time_unix_ns = event.timeNs;
  wire.source = event.source;
  wire.type = event.type;
  wire.resource_id = view(event.resourceId);
  wire.fields = fieldsOut.data();
  wire.field_count = fieldsOut.size();
  wire.raw = view(event.raw);
  return wire;
}

Event fromWire(const bw_event& wire) {
  Event event;
  event.timeNs = wire.time_unix_ns;
  event.source = wire.source;
  event.type = wire.type;
  event.resourceId = copy(wire.resource_id);
  event.raw = copy(wire.raw);
  for (size_t i = 0; i < wire.field_count && wire.fields != nullptr; ++i)
    event.fields.emplace_back(wire.fields[i].key, copy(wire.fields[i].value));
  return event;
}

}  // namespace bulwark::detect
