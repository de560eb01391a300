#include "loader/plugin_instance.h"

#include <deque>
#include <unordered_map>

#include "loader/host_services.h"
#include "redact/redact.h"
#include "scope/resource_id.h"

namespace bulwark {

// Interned keys for hot-path records; texts live as long as the instance.
class PluginKeyTable {
 public:
  bw_key intern(std::string_view text) {
    auto it = ids_.find(std::string(text));
    if (it != ids_.end()) return it->second;
    texts_.emplace_back(text);
    bw_key key = static_cast<bw_key>(texts_.size());
    ids_.emplace(texts_.back(), key);
    return key;
  }
  bw_str text(bw_key key) const {
    if (key == 0 || key > texts_.size()) return bw_str{};
    const std::string& s = texts_[key - 1];
    return bw_str{s.data(), s.size()};
  }

 private:
  std::deque<std::string> texts_;  // deque: stable addresses as it grows
  std::unordered_map<std::string, bw_key> ids_;
};

namespace {

std::string copyOf(bw_str s) {
  if (s.ptr == nullptr || s.len == 0) return {};
  return std::string(s.ptr, s.len);
}

PluginInstance* self(void* ctx) {
  return static_cast<PluginInstance*>(ctx);
}

// Host callbacks run kernel code inside a plugin's call: an exception must not unwind into
// the plugin's frames (it may not even be C++), so each callback ends here with `fallback`.
template <typename Result, typename Body>
Result guarded(Result fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (...) {
    return fallback;
  }
}

template <typename Body>
void guardedVoid(Body&& body) noexcept {
  try {
    body();
  } catch (...) {
  }
}

}  // namespace

PluginInstance::PluginInstance(std::shared_ptr<LoadedPlugin> plugin, const nlohmann::json& settings,
                               HostBindings bindings)
    : plugin_(std::move(plugin)),
      bindings_(std::move(bindings)),
      keys_(std::make_unique<PluginKeyTable>()) {
  host_.struct_size = sizeof(bw_host_api);
  host_.abi_major = BW_ABI_MAJOR;
  host_.abi_minor = BW_ABI_MINOR;
  host_.ctx = this;
  host_.log = &hostLog;
  host_.cancelled = &hostCancelled;
  host_.inventory_count = &hostInventoryCount;
  host_.inventory_get = &hostInventoryGet;
  host_.emit_resource = &hostEmitResource;
  host_.intern = &hostIntern;
  host_.key_text = &hostKeyText;
  host_.emit_alerts = &hostEmitAlerts;
  host_.emit_events = &hostEmitEvents;
  host_.skip_record = &hostSkipRecord;
  hostservices::install(host_);

  std::string settingsText = settings.dump();
  bw_plugin* handle = nullptr;
  bw_status status =
      plugin_->api().create(&host_, bw_str{settingsText.data(), settingsText.size()}, &handle);
  if (status == BW_OK && handle != nullptr) {
    handle_ = handle;
    return;
  }
  if (handle != nullptr) plugin_->api().destroy(handle);
  createError_ = lastLoggedError_.empty() ? "create failed with status " + std::to_string(status)
                                          : lastLoggedError_;
}

PluginInstance::~PluginInstance() {
  stopService();
  if (handle_ != nullptr) plugin_->api().destroy(handle_);
}

std::string PluginInstance::lastError() {
  std::string e = handle_ != nullptr ? copyOf(plugin_->api().last_error(handle_)) : std::string{};
  if (e.empty()) {
    std::lock_guard lock(errorMutex_);
    e = lastLoggedError_;
  }
  return e.empty() ? "no error message" : redactText(e);
}

CallResult PluginInstance::collect(const std::string& collectorId) {
  if (!valid()) return {false, BW_ERROR, createError_};
  if (plugin_->api().collect == nullptr) return {false, BW_UNSUPPORTED, "no collect function"};
  clearLoggedError();
  bw_status s = plugin_->api().collect(handle_, bw_str{collectorId.data(), collectorId.size()});
  inventoryType_.clear();
  inventoryDocs_.clear();
  if (s == BW_OK) return {true, s, {}};
  if (s == BW_CANCELLED) return {false, s, "cancelled"};
  return {false, s, lastError()};
}

AssessOutcome PluginInstance::assess(const std::string& assessmentId,
                                     const std::string& resourceJson) {
  AssessOutcome out;
  if (!valid()) {
    out.reason = "plugin instance not available: " + createError_;
    return out;
  }
  if (plugin_->api().assess == nullptr) {
    out.reason = "plugin has no assess function";
    return out;
  }
  clearLoggedError();
  bw_assessment_result r{BW_STATE_ERROR, bw_str{}, bw_str{}};
  bw_status s = plugin_->api().assess(handle_, bw_str{assessmentId.data(), assessmentId.size()},
                                      bw_str{resourceJson.data(), resourceJson.size()}, &r);
  if (s != BW_OK) {
    out.reason = "assessment failed: " + lastError();
    return out;
  }
  switch (r.state) {
    case BW_STATE_HEALTHY:
      out.state = AssessmentState::Healthy;
      break;
    case BW_STATE_UNHEALTHY:
      out.state = AssessmentState::Unhealthy;
      break;
    case BW_STATE_NOT_APPLICABLE:
      out.state = AssessmentState::NotApplicable;
      break;
    case BW_STATE_ERROR:
      out.state = AssessmentState::Error;
      break;
    default:
      out.reason = "plugin returned an unknown state " + std::to_string(static_cast<int>(r.state));
      return out;
  }
  out.reason = redactText(copyOf(r.reason));
  std::string evidence = copyOf(r.evidence_json);
  if (!evidence.empty()) {
    auto parsed = nlohmann::json::parse(evidence, nullptr, false);
    out.evidence =
        parsed.is_discarded() ? nlohmann::json{{"text", redactText(evidence)}} : redactJson(parsed);
  }
  return out;
}

CallResult PluginInstance::readEvents(const std::string& sourceType, const std::string& path,
                                      bw_read_position& position) {
  if (!valid()) return {false, BW_ERROR, createError_};
  auto read = plugin_->readEvents();
  if (read == nullptr) return {false, BW_UNSUPPORTED, "no read_events function (ABI 1.0 plugin)"};
  clearLoggedError();
  inReadEvents_ = true;
  const bw_read_position before = position;
  bw_status s = read(handle_, bw_str{sourceType.data(), sourceType.size()},
                     bw_str{path.data(), path.size()}, &position);
  inReadEvents_ = false;
  if (s == BW_OK && (position.offset < before.offset || position.record < before.record)) {
    position = before;
    return {false, BW_ERROR, "read_events moved its position backwards"};
  }
  if (s == BW_OK) return {true, s, {}};
  if (s == BW_CANCELLED) return {false, s, "cancelled"};
  return {false, s, lastError()};
}

CallResult PluginInstance::detect(const bw_event* events, size_t count) {
  if (!valid()) return {false, BW_ERROR, createError_};
  if (plugin_->api().detect == nullptr) return {false, BW_UNSUPPORTED, "no detect function"};
  clearLoggedError();
  bw_status s = plugin_->api().detect(handle_, events, count);
  if (s == BW_OK) return {true, s, {}};
  if (s == BW_CANCELLED) return {false, s, "cancelled"};
  return {false, s, lastError()};
}

CallResult PluginInstance::runCommand(const std::string& name, const std::vector<std::string>& args,
                                      int& exitCode) {
  exitCode = 3;
  if (!valid()) return {false, BW_ERROR, createError_};
  auto run = plugin_->runCommand();
  if (run == nullptr) return {false, BW_UNSUPPORTED, "no run_command function (ABI < 1.2 plugin)"};
  std::vector<bw_str> wire;
  wire.reserve(args.size());
  for (const auto& a : args)
    wire.push_back(bw_str{a.data(), a.size()});
  clearLoggedError();
  int code = 3;
  bw_status s = run(handle_, bw_str{name.data(), name.size()}, wire.data(), wire.size(), &code);
  if (s != BW_OK) return {false, s, lastError()};
  exitCode = code;
  return {true, s, {}};
}

HttpAnswer PluginInstance::handleHttp(const std::string& routeId, const HttpExchange& request) {
  HttpAnswer answer;
  answer.body = "{\"error\":\"internal error\"}";
  auto handle = plugin_->handleHttp();
  if (!valid() || handle == nullptr) return answer;
  std::vector<bw_http_header> headers;
  headers.reserve(request.headers.size());
  for (const auto& [name, value] : request.headers)
    headers.push_back({bw_str{name.data(), name.size()}, bw_str{value.data(), value.size()}});
  auto str = [](const std::string& t) { return bw_str{t.data(), t.size()}; };
  bw_http_request in{sizeof(bw_http_request),    str(request.method),      str(request.path),
                     str(request.query),         str(request.contentType), str(request.body),
                     str(request.clientAddress), headers.data(),           headers.size()};
  std::lock_guard lock(httpMutex_);
  bw_http_response out{};
  out.struct_size = sizeof out;
  clearLoggedError();
  bw_status s = handle(handle_, bw_str{routeId.data(), routeId.size()}, &in, &out);
  if (s != BW_OK) {
    if (bindings_.log)
      bindings_.log(plugin_->manifest().id, BW_LOG_ERROR,
                    "route " + routeId + " failed: " + lastError());
    return answer;
  }
  if (out.status < 100 || out.status > 599) {
    if (bindings_.log)
      bindings_.log(
          plugin_->manifest().id, BW_LOG_ERROR,
          "route " + routeId + " answered an invalid status " + std::to_string(out.status));
    return answer;
  }
  answer.status = out.status;
  std::string type = copyOf(out.content_type);
  if (!type.empty()) answer.contentType = type;
  answer.body = copyOf(out.body);
  for (size_t i = 0; i < out.header_count && out.headers != nullptr; ++i)
    answer.headers.emplace_back(copyOf(out.headers[i].name), copyOf(out.headers[i].value));
  return answer;
}

CallResult PluginInstance::startService() {
  if (!valid()) return {false, BW_ERROR, createError_};
  auto start = plugin_->startService();
  if (start == nullptr || plugin_->stopService() == nullptr)
    return {false, BW_UNSUPPORTED, "no start_service function (ABI < 1.2 plugin)"};
  clearLoggedError();
  bw_status s = start(handle_);
  if (s != BW_OK) return {false, s, lastError()};
  serviceRunning_ = true;
  return {true, s, {}};
}

void PluginInstance::stopService() {
  if (!serviceRunning_) return;
  serviceRunning_ = false;
  plugin_->stopService()(handle_);
}

const std::vector<std::string>& PluginInstance::inventoryOf(const std::string& type) {
  if (!equalsIgnoreCase(type, inventoryType_) || inventoryType_.empty()) {
    inventoryType_ = type;
    inventoryDocs_ = bindings_.inventory ? bindings_.inventory(type) : std::vector<std::string>{};
  }
  return inventoryDocs_;
}

void PluginInstance::hostLog(void* ctx, bw_log_level level, bw_str message) {
  guardedVoid([&] {
    PluginInstance* p = self(ctx);
    std::string text = redactText(copyOf(message));
    if (level >= BW_LOG_ERROR) {
      std::lock_guard lock(p->errorMutex_);
      p->lastLoggedError_ = text;
    }
    if (p->bindings_.log) p->bindings_.log(p->plugin_->manifest().id, level, text);
  });
}

int PluginInstance::hostCancelled(void* ctx) {
  return guarded(0, [&] {
    const auto* flag = self(ctx)->bindings_.cancelFlag;
    return flag != nullptr && flag->load() ? 1 : 0;
  });
}

size_t PluginInstance::hostInventoryCount(void* ctx, bw_str type) {
  return guarded(size_t{0}, [&] { return self(ctx)->inventoryOf(copyOf(type)).size(); });
}

bw_str PluginInstance::hostInventoryGet(void* ctx, bw_str type, size_t index) {
  return guarded(bw_str{}, [&] {
    const auto& docs = self(ctx)->inventoryOf(copyOf(type));
    if (index >= docs.size()) return bw_str{};
    return bw_str{docs[index].data(), docs[index].size()};
  });
}

bw_status PluginInstance::hostEmitResource(void* ctx, bw_str json) {
  return guarded(BW_ERROR, [&] {
    PluginInstance* p = self(ctx);
    if (!p->bindings_.emitResource) return BW_UNSUPPORTED;
    std::string why;
    if (p->bindings_.emitResource(copyOf(json), why)) return BW_OK;
    if (p->bindings_.log) p->bindings_.log(p->plugin_->manifest().id, BW_LOG_WARNING, why);
    return BW_INVALID_ARGUMENT;
  });
}

bw_key PluginInstance::hostIntern(void* ctx, bw_str text) {
  return guarded(bw_key{0}, [&] {
    PluginInstance* p = self(ctx);
    std::string_view view(text.ptr == nullptr ? "" : text.ptr, text.ptr == nullptr ? 0 : text.len);
    return p->bindings_.intern ? p->bindings_.intern(view) : p->keys_->intern(view);
  });
}

bw_str PluginInstance::hostKeyText(void* ctx, bw_key key) {
  return guarded(bw_str{}, [&] {
    PluginInstance* p = self(ctx);
    if (!p->bindings_.keyText) return p->keys_->text(key);
    std::string_view text = p->bindings_.keyText(key);
    return bw_str{text.data(), text.size()};
  });
}

bw_status PluginInstance::hostEmitAlerts(void* ctx, const bw_alert* alerts, size_t count) {
  return guarded(BW_ERROR, [&] {
    PluginInstance* p = self(ctx);
    if (!p->bindings_.emitAlerts) return BW_UNSUPPORTED;
    if (alerts == nullptr && count != 0) return BW_INVALID_ARGUMENT;
    std::string why;
    if (p->bindings_.emitAlerts(alerts, count, why)) return BW_OK;
    if (p->bindings_.log) p->bindings_.log(p->plugin_->manifest().id, BW_LOG_WARNING, why);
    return BW_INVALID_ARGUMENT;
  });
}

bw_status PluginInstance::hostEmitEvents(void* ctx, const bw_event* events, size_t count) {
  return guarded(BW_ERROR, [&] {
    PluginInstance* p = self(ctx);
    if (!p->inReadEvents_ || !p->bindings_.emitEvents) return BW_UNSUPPORTED;
    if (events == nullptr && count != 0) return BW_INVALID_ARGUMENT;
    std::string why;
    if (p->bindings_.emitEvents(events, count, why)) return BW_OK;
    if (p->bindings_.log) p->bindings_.log(p->plugin_->manifest().id, BW_LOG_WARNING, why);
    return BW_INVALID_ARGUMENT;
  });
}

void PluginInstance::hostSkipRecord(void* ctx, uint64_t record, bw_str reason) {
  guardedVoid([&] {
    PluginInstance* p = self(ctx);
    if (p->inReadEvents_ && p->bindings_.skipRecord)
      p->bindings_.skipRecord(record, redactText(copyOf(reason)));
  });
}

}  // namespace bulwark
