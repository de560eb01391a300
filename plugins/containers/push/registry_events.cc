#include "push/registry_events.h"

#include <nlohmann/json.hpp>

#include "registry/image_reference.h"
#include "registry/registry_client.h"

namespace bulwark::containers {
namespace {

using nlohmann::json;

std::string text(const json& node, const char* key) {
  if (!node.is_object() || !node.contains(key) || !node[key].is_string()) return {};
  return node[key].get<std::string>();
}

// "http://127.0.0.1:5000/v2/repo/manifests/sha256:..." -> "127.0.0.1:5000"
std::string authorityOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  size_t start = scheme + 3;
  size_t end = url.find('/', start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

EventBatch parseRegistryEvents(const std::string& body) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::parse_error& e) {
    throw EventsError("notification body is not JSON: byte " + std::to_string(e.byte) + ": " +
                      e.what());
  }
  if (!doc.is_object() || !doc.contains("events") || !doc["events"].is_array())
    throw EventsError("notification body has no \"events\" array");
  EventBatch batch;
  size_t index = 0;
  for (const auto& event : doc["events"]) {
    std::string where = "events[" + std::to_string(index++) + "]";
    if (!event.is_object()) throw EventsError(where + " is not an object");
    const json& target = event.contains("target") ? event["target"] : json();
    std::string mediaType = text(target, "mediaType");
    if (text(event, "action") != "push" ||
        !(registry::isImageManifest(mediaType) || registry::isManifestList(mediaType))) {
      ++batch.ignored;
      continue;
    }
    ManifestPush push;
    push.eventId = text(event, "id");
    push.mediaType = mediaType;
    push.digest = text(target, "digest");
    push.repository = text(target, "repository");
    push.tag = text(target, "tag");
    push.registry = authorityOf(text(target, "url"));
    if (push.registry.empty() && event.contains("request"))
      push.registry = text(event["request"], "host");
    if (!registry::isSha256Digest(push.digest))
      throw EventsError(where + ".target.digest is not a sha256 digest");
    if (push.repository.empty()) throw EventsError(where + ".target.repository is missing");
    if (push.registry.empty())
      throw EventsError(where + " names no registry (target.url or request.host)");
    try {
      registry::parseImageReference(push.registry + "/" + push.repository + "@" + push.digest);
    } catch (const registry::ReferenceError& e) {
      throw EventsError(where + ": " + e.what());
    }
    batch.pushes.push_back(std::move(push));
  }
  return batch;
}

}  // namespace bulwark::containers
