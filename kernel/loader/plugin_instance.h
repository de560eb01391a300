// One live instance of a loaded plugin and the host services the kernel gives it. Calls into
// the plugin are translated to results; nothing the plugin returns is trusted beyond its
// documented shape, and the plugin's memory is copied before the next call.
#pragma once

#include <bulwark/plugin.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "loader/plugin_loader.h"
#include "model/http_exchange.h"
#include "model/scan_record.h"

namespace bulwark {
namespace vuln {
class VulnDbService;
}
namespace pluginstate {
class PluginStateStore;
}

class PluginKeyTable;

// What the kernel offers the plugin during a call. Set by the scan before each phase.
struct HostBindings {
  std::function<void(const std::string& plugin, bw_log_level, const std::string&)> log;
  const std::atomic<bool>* cancelFlag = nullptr;
  // Collect phase: ARM snapshot documents of a type within the scan's scopes.
  std::function<std::vector<std::string>(const std::string& type)> inventory;
  // Collect phase: a resource the plugin emitted; returns false to refuse it.
  std::function<bool(const std::string& json, std::string& why)> emitResource;
  // Detection: the key table shared with the detection engine, so keys need no translation.
  // Unset, the instance keeps a private table.
  std::function<bw_key(std::string_view text)> intern;
  std::function<std::string_view(bw_key key)> keyText;
  // read_events: a batch of events, and records that did not parse. emitEvents returns
  // false to refuse the batch.
  std::function<bool(const bw_event* events, size_t count, std::string& why)> emitEvents;
  std::function<void(uint64_t record, const std::string& reason)> skipRecord;
  // detect: a batch of alerts; returns false to refuse it.
  std::function<bool(const bw_alert* alerts, size_t count, std::string& why)> emitAlerts;

  // ABI 1.2 services, usable from any thread; null when the command offers none. Both must
  // outlive the instance.
  vuln::VulnDbService* vulndb = nullptr;
  pluginstate::PluginStateStore* state = nullptr;
  // run_command: the command's output (BW_OUTPUT_STDOUT / BW_OUTPUT_STDERR).
  std::function<void(int stream, std::string_view text)> output;
};

struct CallResult {
  bool ok = false;
  bw_status status = BW_ERROR;
  std::string error;
};

class PluginInstance {
 public:
  // Creates the plugin's instance; on failure `error()` says why and `valid()` is false.
  PluginInstance(std::shared_ptr<LoadedPlugin> plugin, const nlohmann::json& settings,
                 HostBindings bindings);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  bool valid() const { return handle_ != nullptr; }
  const std::string& createError() const { return createError_; }
  const LoadedPlugin& plugin() const { return *plugin_; }

  CallResult collect(const std::string& collectorId);
  // Never reports Healthy unless the plugin said so with BW_OK.
  AssessOutcome assess(const std::string& assessmentId, const std::string& resourceJson);
  // Reads one file of an event source from `position` (ABI 1.1), advancing it past the whole
  // records read; events arrive through the bindings.
  CallResult readEvents(const std::string& sourceType, const std::string& path,
                        bw_read_position& position);
  // Runs the native detectors on a batch; alerts arrive through the bindings.
  CallResult detect(const bw_event* events, size_t count);
  // ABI 1.2. Runs a CLI command; `exitCode` is what the command returned.
  CallResult runCommand(const std::string& name, const std::vector<std::string>& args,
                        int& exitCode);
  // Answers a request to a route; thread-safe (calls into the plugin are serialised). A plugin
  // failure gives a 500 whose body says nothing of the plugin's internals.
  HttpAnswer handleHttp(const std::string& routeId, const HttpExchange& request);
  CallResult startService();
  void stopService();

  const HostBindings& bindings() const { return bindings_; }

 private:
  static void hostLog(void* ctx, bw_log_level level, bw_str message);
  static int hostCancelled(void* ctx);
  static size_t hostInventoryCount(void* ctx, bw_str type);
  static bw_str hostInventoryGet(void* ctx, bw_str type, size_t index);
  static bw_status hostEmitResource(void* ctx, bw_str json);
  static bw_key hostIntern(void* ctx, bw_str text);
  static bw_str hostKeyText(void* ctx, bw_key key);
  static bw_status hostEmitAlerts(void* ctx, const bw_alert* alerts, size_t count);
  static bw_status hostEmitEvents(void* ctx, const bw_event* events, size_t count);
  static void hostSkipRecord(void* ctx, uint64_t record, bw_str reason);

  std::string lastError();
  void clearLoggedError() {
    std::lock_guard lock(errorMutex_);
    lastLoggedError_.clear();
  }
  const std::vector<std::string>& inventoryOf(const std::string& type);

  std::shared_ptr<LoadedPlugin> plugin_;  // keeps the library loaded while handle_ lives
  HostBindings bindings_;
  bw_host_api host_{};
  bw_plugin* handle_ = nullptr;
  std::string createError_;
  std::string lastLoggedError_;
  std::string inventoryType_;
  std::vector<std::string> inventoryDocs_;
  std::unique_ptr<PluginKeyTable> keys_;
  bool inReadEvents_ = false;  // emit_events and skip_record are valid only then
  std::mutex httpMutex_;
  std::mutex errorMutex_;  // lastLoggedError_: plugin services log from their own threads
  bool serviceRunning_ = false;
};

}  // namespace bulwark
