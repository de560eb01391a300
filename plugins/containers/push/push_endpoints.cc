#include "push/push_endpoints.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "push/registry_events.h"

namespace bulwark::containers {
namespace {

using nlohmann::json;

constexpr const char* kImagesPath = "/v1/images";

sdk::HttpResponse reply(int status, const json& body) {
  sdk::HttpResponse response = sdk::HttpResponse::json(status, body.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

json statusJson(const ImageStatus& image, bool withHistory) {
  json out = {{"digest", image.digest},
              {"registry", image.registry},
              {"repository", image.repository},
              {"tags", image.tags},
              {"status", scanStatusName(image.status)}};
  if (!image.reason.empty()) out["reason"] = image.reason;
  if (!image.summary.empty()) out["summary"] = image.summary;
  if (withHistory) {
    json history = json::array();
    for (const auto& change : image.history)
      history.push_back({{"status", scanStatusName(change.status)}, {"at", change.atMillis}});
    out["history"] = history;
  }
  return out;
}

}  // namespace

PushEndpoints::PushEndpoints(std::vector<std::string> trustedRegistries, ImageStatusBoard& board,
                             ScanQueue& queue, Logger log)
    : trustedRegistries_(std::move(trustedRegistries)),
      board_(board),
      queue_(queue),
      log_(std::move(log)) {}

bool PushEndpoints::trusted(const std::string& registry) const {
  return std::find(trustedRegistries_.begin(), trustedRegistries_.end(), registry) !=
         trustedRegistries_.end();
}

sdk::HttpResponse PushEndpoints::events(const sdk::HttpRequest& request) {
  std::string type = request.contentType.substr(0, request.contentType.find(';'));
  if (type != kEventsMediaType && type != "application/json")
    return reply(415, {{"error", std::string("expected ") + kEventsMediaType}});
  EventBatch batch;
  try {
    batch = parseRegistryEvents(request.body);
  } catch (const EventsError& e) {
    log_(LogLevel::Warning, std::string("bad registry notification: ") + e.what());
    return reply(400, {{"error", e.what()}});
  }
  size_t queued = 0, duplicate = 0, refused = 0, full = 0;
  for (const auto& push : batch.pushes) {
    if (!trusted(push.registry)) {
      ++refused;
      log_(LogLevel::Warning, "ignored push of " + push.repository + "@" + push.digest +
                                  ": registry " + push.registry + " is not trusted (--registry)");
      continue;
    }
    switch (queue_.offer(push)) {
      case ScanQueue::Offer::Queued:
        ++queued;
        log_(LogLevel::Info, "queued " + push.registry + "/" + push.repository + "@" + push.digest);
        break;
      case ScanQueue::Offer::Duplicate:
        ++duplicate;
        break;
      case ScanQueue::Offer::Full:
        ++full;
        break;
    }
  }
  return reply(202, {{"queued", queued},
                     {"duplicate", duplicate},
                     {"untrusted", refused},
                     {"dropped_queue_full", full},
                     {"ignored", batch.ignored}});
}

sdk::HttpResponse PushEndpoints::images(const sdk::HttpRequest& request) const {
  const std::string base = kImagesPath;
  if (request.path == base || request.path == base + "/") {
    json list = json::array();
    for (const auto& image : board_.list())
      list.push_back(statusJson(image, false));
    return reply(200, {{"images", list}});
  }
  std::string digest = request.path.substr(base.size() + 1);
  auto image = board_.get(digest);
  if (!image) return reply(404, {{"error", "unknown image digest"}});
  return reply(200, statusJson(*image, true));
}

}  // namespace bulwark::containers
