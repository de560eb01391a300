// One live instance of a loaded plugin and the host services the kernel gives it. Calls into
// the plugin are translated to results; nothing the plugin returns is trusted beyond its
// documented shape, and the plugin's memory is copied before the next call.
#pragma once

#include <bulwark/plugin.h>

#include <atomic>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "loader/plugin_loader.h"
#include "scan/scan_record.h"

namespace bulwark {

class KeyTable;

// What the kernel offers the plugin during a call. Set by the scan before each phase.
struct HostBindings {
  std::function<void(const std::string& plugin, bw_log_level, const std::string&)> log;
  const std::atomic<bool>* cancelFlag = nullptr;
  // Collect phase: ARM snapshot documents of a type within the scan's scopes.
  std::function<std::vector<std::string>(const std::string& type)> inventory;
  // Collect phase: a resource the plugin emitted; returns false to refuse it.
  std::function<bool(const std::string& json, std::string& why)> emitResource;
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

 private:
  static void hostLog(void* ctx, bw_log_level level, bw_str message);
  static int hostCancelled(void* ctx);
  static size_t hostInventoryCount(void* ctx, bw_str type);
  static bw_str hostInventoryGet(void* ctx, bw_str type, size_t index);
  static bw_status hostEmitResource(void* ctx, bw_str json);
  static bw_key hostIntern(void* ctx, bw_str text);
  static bw_str hostKeyText(void* ctx, bw_key key);
  static bw_status hostEmitAlerts(void* ctx, const bw_alert* alerts, size_t count);

  std::string lastError();
  const std::vector<std::string>& inventoryOf(const std::string& type);

  std::shared_ptr<LoadedPlugin> plugin_;  // keeps the library loaded while handle_ lives
  HostBindings bindings_;
  bw_host_api host_{};
  bw_plugin* handle_ = nullptr;
  std::string createError_;
  std::string lastLoggedError_;
  std::string inventoryType_;
  std::vector<std::string> inventoryDocs_;
  std::unique_ptr<KeyTable> keys_;
};

}  // namespace bulwark
