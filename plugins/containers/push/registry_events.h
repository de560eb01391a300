// Reads the notifications a Docker registry (distribution) POSTs to its endpoints: an envelope
// {"events":[...]} of media type application/vnd.docker.distribution.events.v1+json. Only
// manifest pushes matter to the scanner; everything else (pulls, blob pushes, deletes) is
// counted and ignored.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace bulwark::containers {

inline constexpr const char* kEventsMediaType =
    "application/vnd.docker.distribution.events.v1+json";

class EventsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ManifestPush {
  std::string eventId;
  std::string registry;  // host[:port] the image can be pulled from, from target.url
  std::string repository;
  std::string digest;  // sha256:...
  std::string tag;     // may be empty
  std::string mediaType;
};

struct EventBatch {
  std::vector<ManifestPush> pushes;
  size_t ignored = 0;  // events that are not manifest pushes
};

// Throws EventsError naming the event index and field when the envelope is malformed.
EventBatch parseRegistryEvents(const std::string& body);

}  // namespace bulwark::containers
