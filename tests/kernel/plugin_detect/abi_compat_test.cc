// ABI 1.2 keeps ABI 1.0 and 1.1 plugins working: the kernel reads a plugin's table only up to its
// struct_size, and a plugin needing a newer minor is refused with both versions named.
#include <catch2/catch.hpp>

#include "config/config.h"
#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

std::vector<std::string> dirs() {
  return {test::pluginDir().string(), test::testPluginDir().string(), BULWARK_SDKEVENTS_PLUGIN_DIR};
}

std::string kernelAbi() {
  return std::to_string(BW_ABI_MAJOR) + "." + std::to_string(BW_ABI_MINOR);
}

}  // namespace

TEST_CASE("the host is ABI 1.2", "[sdkevents][abi]") {
  CHECK(BW_ABI_MAJOR == 1);
  CHECK(BW_ABI_MINOR == 2);
  CHECK(BW_CAP_EVENTS == 8);
}

TEST_CASE("a plugin built against ABI 1.1 loads and its table is not read past its size",
          "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"abi11"});
  INFO((r.refusals.empty() ? "" : r.refusals[0].message));
  REQUIRE(r.plugins.size() == 1);
  const LoadedPlugin& p = *r.plugins[0];
  CHECK(p.abiVersion() == "1.1");
  CHECK(p.api().struct_size == offsetof(bw_plugin_api, read_events) + sizeof(void*));
  // The words after its table are functions that abort: none may be taken for a 1.2 one.
  CHECK(p.runCommand() == nullptr);
  CHECK(p.handleHttp() == nullptr);
  CHECK(p.startService() == nullptr);
  CHECK(p.stopService() == nullptr);
  PluginInstance instance(r.plugins[0], nlohmann::json::object(), HostBindings{});
  REQUIRE(instance.valid());
  int exitCode = 0;
  CallResult command = instance.runCommand("anything", {}, exitCode);
  CHECK_FALSE(command.ok);
  CHECK(command.status == BW_UNSUPPORTED);
  CHECK(exitCode == 3);
  CHECK_FALSE(instance.startService().ok);
  instance.stopService();  // nothing started: nothing called
  HttpAnswer answer = instance.handleHttp("any", HttpExchange{});
  CHECK(answer.status == 500);
}

TEST_CASE("an ABI 1.1 plugin whose manifest lists a command is refused", "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"abi11commands"});
  CHECK(r.plugins.empty());
  REQUIRE(r.refusals.size() == 1);
  CHECK_THAT(r.refusals[0].message,
             Catch::Contains("abi11commands.so: refused: plugin ABI 1.1, kernel ABI " +
                             kernelAbi() + ": lists commands but no run_command function"));
}

TEST_CASE("a plugin built against ABI 1.1 still scans the sample estate", "[sdkevents][abi]") {
  TempDir dir;
  auto file = test::writeConfig(dir, {{"abi11", ""}},
                                {test::sourceDir() / "config" / "samples" / "estate"}, {});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = dirs();
  options.kernelVersion = "test";
  ScanRecord s = runScan(config, options);
  size_t judged = 0;
  for (const auto& result : s.results) {
    if (result.assessmentId != "abi11.https-only") continue;
    CHECK((result.state == AssessmentState::Healthy || result.state == AssessmentState::Unhealthy));
    ++judged;
  }
  CHECK(judged > 0);
  CHECK(s.status == "completed");
}

TEST_CASE("a plugin built against ABI 1.0 loads and its table is not read past its size",
          "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"abi10"});
  INFO((r.refusals.empty() ? "" : r.refusals[0].message));
  REQUIRE(r.plugins.size() == 1);
  const LoadedPlugin& p = *r.plugins[0];
  CHECK(p.abiVersion() == "1.0");
  CHECK(p.api().struct_size == offsetof(bw_plugin_api, detect) + sizeof(void*));
  // The word after its table is a function that aborts: read_events must not be taken from it.
  CHECK(p.readEvents() == nullptr);
  PluginInstance instance(r.plugins[0], nlohmann::json::object(), HostBindings{});
  REQUIRE(instance.valid());
  bw_read_position position{};
  CallResult read = instance.readEvents("anything", "/dev/null", position);
  CHECK_FALSE(read.ok);
  CHECK(read.status == BW_UNSUPPORTED);
  CHECK_THAT(read.error, Catch::Contains("ABI 1.0"));
}

TEST_CASE("a plugin built against ABI 1.0 still scans the sample estate", "[sdkevents][abi]") {
  TempDir dir;
  auto file = test::writeConfig(dir, {{"abi10", ""}},
                                {test::sourceDir() / "config" / "samples" / "estate"}, {});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = dirs();
  options.kernelVersion = "test";
  ScanRecord s = runScan(config, options);
  size_t healthy = 0, unhealthy = 0, other = 0;
  for (const auto& res : s.results) {
    if (res.assessmentId != "abi10.https-only") continue;
    if (res.state == AssessmentState::Healthy)
      ++healthy;
    else if (res.state == AssessmentState::Unhealthy)
      ++unhealthy;
    else
      ++other;
  }
  // Counted independently of the plugin: storage accounts in the estate files.
  size_t accounts = 0, httpAllowed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           test::sourceDir() / "config" / "samples" / "estate")) {
    if (entry.path().extension() != ".json") continue;
    auto doc = nlohmann::json::parse(test::readFile(entry.path()), nullptr, false);
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
      if (j.is_object()) {
        std::string type = j.value("type", "");
        for (char& c : type)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (type == "microsoft.storage/storageaccounts") {
          ++accounts;
          auto props = j.find("properties");
          if (props != j.end() && props->value("supportsHttpsTrafficOnly", true) == false)
            ++httpAllowed;
        }
        for (const auto& [k, v] : j.items())
          walk(v);
      } else if (j.is_array()) {
        for (const auto& v : j)
          walk(v);
      }
    };
    if (!doc.is_discarded()) walk(doc);
  }
  REQUIRE(accounts > 0);
  CHECK(healthy + unhealthy == accounts);
  CHECK(httpAllowed > 0);
  CHECK(unhealthy == httpAllowed);
  CHECK(other == 0);
}

TEST_CASE("a plugin announcing a newer minor is refused naming both versions", "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"newerminor"});
  CHECK(r.plugins.empty());
  REQUIRE(r.refusals.size() == 1);
  CHECK_THAT(r.refusals[0].message, Catch::Contains("newerminor.so: refused: plugin ABI 1.99, "
                                                    "kernel ABI " +
                                                    kernelAbi() + ": plugin needs a newer kernel"));
}

TEST_CASE("the vm manifest lists its event sources and native rules", "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"vm"});
  REQUIRE(r.plugins.size() == 1);
  const auto& m = r.plugins[0]->manifest();
  CHECK(r.plugins[0]->abiVersion() == kernelAbi());
  CHECK((r.plugins[0]->api().capabilities & BW_CAP_EVENTS) != 0);
  CHECK((r.plugins[0]->api().capabilities & BW_CAP_DETECT) != 0);
  CHECK(r.plugins[0]->readEvents() != nullptr);
  std::vector<std::string> types;
  for (const auto& e : m.eventSources)
    types.push_back(e.type);
  CHECK(types == std::vector<std::string>{"wtmp", "btmp"});
  bool found = false;
  for (const auto& set : m.ruleSets) {
    for (const auto& n : set.nativeRules) {
      if (n.id != "vm.encoded-reverse-shell") continue;
      found = true;
      CHECK(n.severity == "High");
      CHECK(n.tactic == "Execution");
      CHECK(n.technique == "T1059.004");
    }
  }
  CHECK(found);
}

TEST_CASE("a second plugin with the same event source type is refused", "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"vm", "dupsource"});
  REQUIRE(r.plugins.size() == 1);
  CHECK(r.plugins[0]->manifest().id == "vm");
  REQUIRE(r.refusals.size() == 1);
  CHECK_THAT(r.refusals[0].message,
             Catch::Contains("dupsource.so: refused: duplicate event source type 'wtmp', "
                             "already provided by plugin 'vm'"));
}

TEST_CASE("manifests with duplicate or malformed event sources and native rules are refused",
          "[sdkevents][abi]") {
  auto refusal = [](const std::string& text) {
    try {
      parseManifest(text);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(refusal(R"({"id":"x","version":"1","eventSources":[{"type":"a"},{"type":"a"}]})"),
             Catch::Contains("duplicate event source type 'a'"));
  CHECK_THAT(refusal(R"({"id":"x","version":"1","eventSources":[{"type":"a:b"}]})"),
             Catch::Contains("no ':'"));
  CHECK_THAT(refusal(R"({"id":"x","version":"1","ruleSets":[{"id":"s","nativeRules":[
               {"id":"r","title":"t","severity":"High"},{"id":"r","title":"t","severity":"Low"}]}]})"),
             Catch::Contains("duplicate native rule id 'r'"));
  CHECK_THAT(refusal(R"({"id":"x","version":"1","ruleSets":[{"id":"s","nativeRules":[
               {"id":"r","title":"t","severity":"Severe"}]}]})"),
             Catch::Contains("unknown severity 'Severe'"));
}

namespace {

// A host table as a 1.0 kernel would pass it: struct_size ends before emit_events, whose slot
// holds a function that aborts, so a plugin reading past struct_size would be caught.
struct OldHost {
  std::vector<std::string> logged;
  std::vector<std::string> keys;
};

void oldLog(void* ctx, bw_log_level, bw_str m) {
  static_cast<OldHost*>(ctx)->logged.emplace_back(m.ptr, m.len);
}
int oldCancelled(void*) {
  return 0;
}
bw_key oldIntern(void* ctx, bw_str text) {
  auto& keys = static_cast<OldHost*>(ctx)->keys;
  keys.emplace_back(text.ptr, text.len);
  return static_cast<bw_key>(keys.size());
}
bw_str oldKeyText(void* ctx, bw_key key) {
  auto& keys = static_cast<OldHost*>(ctx)->keys;
  if (key == 0 || key > keys.size()) return bw_str{};
  return bw_str{keys[key - 1].data(), keys[key - 1].size()};
}
bw_status poisonEmitEvents(void*, const bw_event*, size_t) {
  std::abort();
}

}  // namespace

TEST_CASE("an SDK plugin on a 1.0 kernel does not touch the host services 1.1 appended",
          "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"probe"});
  REQUIRE(r.plugins.size() == 1);
  const bw_plugin_api& api = r.plugins[0]->api();
  OldHost state;
  bw_host_api host{};
  host.struct_size = offsetof(bw_host_api, emit_alerts) + sizeof(host.emit_alerts);
  host.abi_major = 1;
  host.abi_minor = 0;
  host.ctx = &state;
  host.log = &oldLog;
  host.cancelled = &oldCancelled;
  host.intern = &oldIntern;
  host.key_text = &oldKeyText;
  host.emit_events = &poisonEmitEvents;  // beyond struct_size
  bw_plugin* handle = nullptr;
  REQUIRE(api.create(&host, bw_str{"{}", 2}, &handle) == BW_OK);
  TempDir dir;
  test::writeFile(dir / "probe.log", "1764320000 probe.alert user=alice\n");
  std::string path = (dir / "probe.log").string();
  bw_read_position position{};
  bw_status s = r.plugins[0]->readEvents()(handle, bw_str{"probe", 5},
                                           bw_str{path.data(), path.size()}, &position);
  CHECK(s == BW_ERROR);
  bw_str why = api.last_error(handle);
  CHECK_THAT(std::string(why.ptr, why.len), Catch::Contains("no event intake (ABI 1.0)"));
  api.destroy(handle);
}

TEST_CASE("a 1.0-sized table announcing event sources is refused, not read past its end",
          "[sdkevents][abi]") {
  LoadResult r = loadPlugins(dirs(), {"abi10events"});
  CHECK(r.plugins.empty());
  REQUIRE(r.refusals.size() == 1);
  CHECK_THAT(r.refusals[0].message,
             Catch::Contains("abi10events.so: refused: plugin ABI 1.0, kernel ABI " + kernelAbi() +
                             ": announces event sources but has no read_events function (table "
                             "of 80 bytes)"));
}
