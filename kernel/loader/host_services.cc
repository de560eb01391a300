#include "loader/host_services.h"

#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "loader/plugin_instance.h"
#include "pluginstate/plugin_state_store.h"
#include "redact/redact.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::hostservices {
namespace {

struct ThreadBuffers {
  std::string error;
  std::string infoImportedAt;
  std::string infoVersion;
  std::vector<vuln::VulnerabilityMatch> matches;
  std::vector<std::vector<bw_str>> aliases;
  std::vector<bw_vuln_match> wireMatches;
  std::string stateValue;
  std::vector<pluginstate::StateEntry> entries;
  std::vector<bw_state_entry> wireEntries;
};

ThreadBuffers& buffers() {
  thread_local ThreadBuffers b;
  return b;
}

PluginInstance& instance(void* ctx) {
  return *static_cast<PluginInstance*>(ctx);
}

std::string_view view(bw_str s) {
  return s.ptr == nullptr ? std::string_view{} : std::string_view(s.ptr, s.len);
}

bw_str wire(const std::string& s) {
  return bw_str{s.data(), s.size()};
}

bw_status failed(bw_status status, std::string why) {
  buffers().error = redactText(why);
  return status;
}

// Runs `body`, turning any exception into BW_ERROR with its text.
template <typename Body>
bw_status guarded(const char* service, Body&& body) {
  try {
    buffers().error.clear();
    return body();
  } catch (const std::exception& e) {
    return failed(BW_ERROR, std::string(service) + ": " + e.what());
  } catch (...) {
    return failed(BW_ERROR, std::string(service) + ": unknown error");
  }
}

bw_str hostError(void*) {
  return wire(buffers().error);
}

bw_status vulnInfo(void* ctx, bw_vuln_db_info* out) {
  if (out == nullptr) return BW_INVALID_ARGUMENT;
  return guarded("vuln_info", [&] {
    bw_vuln_db_info info{};
    info.struct_size = out->struct_size;
    vuln::VulnDbService* db = instance(ctx).bindings().vulndb;
    if (db != nullptr) {
      db->refreshIfStale();
      auto snapshot = db->current();
      buffers().infoImportedAt = snapshot.importedAt;
      buffers().infoVersion = snapshot.version;
      info.available = 1;
      info.imported_at = wire(buffers().infoImportedAt);
      info.version = wire(buffers().infoVersion);
    }
    // Copy only what the caller's struct holds: it may predate later fields.
    size_t size = out->struct_size < sizeof info ? out->struct_size : sizeof info;
    std::memcpy(static_cast<void*>(out), &info, size);
    return BW_OK;
  });
}

bw_status vulnMatch(void* ctx, const bw_package_query* queries, size_t count,
                    const bw_vuln_match** out, size_t* outCount) {
  if (out == nullptr || outCount == nullptr || (queries == nullptr && count != 0))
    return BW_INVALID_ARGUMENT;
  *out = nullptr;
  *outCount = 0;
  return guarded("vuln_match", [&] {
    vuln::VulnDbService* db = instance(ctx).bindings().vulndb;
    if (db == nullptr) return failed(BW_UNSUPPORTED, "no vulnerability database is configured");
    std::vector<vuln::PackageQuery> batch;
    batch.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const bw_package_query& q = queries[i];
      batch.push_back({std::string(view(q.ecosystem)), std::string(view(q.package)),
                       std::string(view(q.version)), std::string(view(q.distro)),
                       std::string(view(q.release)), std::string(view(q.source_package))});
    }
    auto results = db->match(batch);
    ThreadBuffers& b = buffers();
    b.matches.clear();
    std::vector<size_t> queryOf;
    for (size_t i = 0; i < results.size(); ++i) {
      for (auto& m : results[i]) {
        b.matches.push_back(std::move(m));
        queryOf.push_back(i);
      }
    }
    b.aliases.assign(b.matches.size(), {});
    b.wireMatches.clear();
    b.wireMatches.reserve(b.matches.size());
    for (size_t i = 0; i < b.matches.size(); ++i) {
      const auto& m = b.matches[i];
      for (const auto& a : m.aliases)
        b.aliases[i].push_back(wire(a));
      b.wireMatches.push_back({queryOf[i], wire(m.id), b.aliases[i].data(), b.aliases[i].size(),
                               wire(m.source), wire(m.severity), wire(m.severityOrigin),
                               wire(m.cvss), wire(m.summary), wire(m.ecosystem), wire(m.release),
                               wire(m.package), wire(m.installedVersion), wire(m.fixedVersion),
                               wire(m.state)});
    }
    *out = b.wireMatches.data();
    *outCount = b.wireMatches.size();
    return BW_OK;
  });
}

pluginstate::PluginStateStore* stateOf(void* ctx) {
  return instance(ctx).bindings().state;
}

bw_status noStore() {
  return failed(BW_UNSUPPORTED, "no store is configured for this command");
}

bw_status stateGet(void* ctx, bw_str key, bw_str* outValue) {
  if (outValue == nullptr) return BW_INVALID_ARGUMENT;
  *outValue = bw_str{};
  return guarded("state_get", [&] {
    auto* state = stateOf(ctx);
    if (state == nullptr) return noStore();
    auto value = state->get(instance(ctx).plugin().manifest().id, view(key));
    if (!value) return BW_NOT_FOUND;
    buffers().stateValue = std::move(*value);
    *outValue = wire(buffers().stateValue);
    return BW_OK;
  });
}

bw_status statePut(void* ctx, bw_str key, bw_str value, uint32_t flags) {
  return guarded("state_put", [&] {
    auto* state = stateOf(ctx);
    if (state == nullptr) return noStore();
    if ((flags & ~BW_STATE_IF_ABSENT) != 0)
      return failed(BW_INVALID_ARGUMENT, "state_put: unknown flags " + std::to_string(flags));
    if (key.ptr == nullptr && key.len != 0) return BW_INVALID_ARGUMENT;
    try {
      state->put(instance(ctx).plugin().manifest().id, view(key), view(value),
                 (flags & BW_STATE_IF_ABSENT) != 0);
    } catch (const std::invalid_argument& e) {
      return failed(BW_INVALID_ARGUMENT, std::string("state_put: ") + e.what());
    }
    return BW_OK;
  });
}

bw_status stateDelete(void* ctx, bw_str key) {
  return guarded("state_delete", [&] {
    auto* state = stateOf(ctx);
    if (state == nullptr) return noStore();
    state->erase(instance(ctx).plugin().manifest().id, view(key));
    return BW_OK;
  });
}

bw_status stateList(void* ctx, bw_str prefix, const bw_state_entry** out, size_t* outCount) {
  if (out == nullptr || outCount == nullptr) return BW_INVALID_ARGUMENT;
  *out = nullptr;
  *outCount = 0;
  return guarded("state_list", [&] {
    auto* state = stateOf(ctx);
    if (state == nullptr) return noStore();
    ThreadBuffers& b = buffers();
    b.entries = state->list(instance(ctx).plugin().manifest().id, view(prefix));
    b.wireEntries.clear();
    for (const auto& e : b.entries)
      b.wireEntries.push_back({wire(e.key), wire(e.value), e.updatedNs});
    *out = b.wireEntries.data();
    *outCount = b.wireEntries.size();
    return BW_OK;
  });
}

void writeOutput(void* ctx, int stream, bw_str text) {
  try {
    const auto& output = instance(ctx).bindings().output;
    if (output && (stream == BW_OUTPUT_STDOUT || stream == BW_OUTPUT_STDERR))
      output(stream, view(text));
  } catch (...) {
    // Output that cannot be written is lost; the plugin carries on.
  }
}

}  // namespace

void install(bw_host_api& table) {
  table.host_error = &hostError;
  table.vuln_info = &vulnInfo;
  table.vuln_match = &vulnMatch;
  table.state_get = &stateGet;
  table.state_put = &statePut;
  table.state_delete = &stateDelete;
  table.state_list = &stateList;
  table.write_output = &writeOutput;
}

}  // namespace bulwark::hostservices
