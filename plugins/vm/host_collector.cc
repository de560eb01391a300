#include "host_collector.h"

#include <set>
#include <stdexcept>

#include <bulwark/sdk/json.hpp>
#include "host_facts.h"
#include "vm_collector.h"

namespace bulwark::vm {
namespace {

std::string setting(const Json& settings, const char* key, std::string fallback) {
  auto it = settings.find(key);
  return it != settings.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool flag(const Json& settings, const char* key, bool fallback) {
  auto it = settings.find(key);
  return it != settings.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace

void validateSettings(const Json& settings) {
  if (!settings.is_object()) throw std::runtime_error("settings must be a mapping");
  const std::set<std::string> strings = {"host_root", "host_scope", "host_name"};
  const std::set<std::string> flags = {"collect_host", "run_commands"};
  for (const auto& [key, value] : settings.items()) {
    if (strings.count(key)) {
      if (!value.is_string() || value.get<std::string>().empty())
        throw std::runtime_error(key + " must be a non-empty string");
    } else if (flags.count(key)) {
      if (!value.is_boolean()) throw std::runtime_error(key + " must be true or false");
    } else if (key == "system_paths") {
      if (!value.is_array())
        throw std::runtime_error("system_paths must be a list of absolute paths");
      for (const Json& p : value) {
        if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/')
          throw std::runtime_error("system_paths must be a list of absolute paths");
      }
    } else {
      throw std::runtime_error("unknown setting '" + key +
                               "' (known: collect_host, host_root, host_scope, host_name, "
                               "run_commands, system_paths)");
    }
  }
  std::string scope = setting(settings, "host_scope", kDefaultHostScope);
  std::string l = sdk::lower(scope);
  if (l.rfind("/subscriptions/", 0) != 0 || l.find("/resourcegroups/") == std::string::npos ||
      l.find("/providers/") != std::string::npos)
    throw std::runtime_error(
        "host_scope must be a resource group id "
        "(/subscriptions/<id>/resourceGroups/<name>), got '" +
        scope + "'");
}

Json hostResource(const Json& settings) {
  HostRoot root(setting(settings, "host_root", "/"));
  HostOptions options;
  options.runCommands = flag(settings, "run_commands", true);
  if (auto it = settings.find("system_paths"); it != settings.end())
    options.systemPaths = it->get<std::vector<std::string>>();
  Json facts = collectHostFacts(root, options);
  std::string name = setting(settings, "host_name", facts.value("hostname", ""));
  if (name.empty()) name = "localhost";
  std::string scope = setting(settings, "host_scope", kDefaultHostScope);
  while (!scope.empty() && scope.back() == '/')
    scope.pop_back();
  Json doc = {{"id", scope + "/providers/" + kArcMachineType + "/" + name},
              {"name", name},
              {"type", kArcMachineType},
              {"location", "local"},
              {"kind", "bulwark-local-host"},
              {"properties",
               {{"osName", "linux"},
                {"osType", "Linux"},
                {"osSku", sdk::textAt(facts, "os.prettyName")},
                {"osVersion", facts.value("kernel", "")},
                {"status", "Connected"},
                {"bulwarkHost", facts}}}};
  // File contents are not always UTF-8 (a corrupt passwd, a binary config): replace invalid
  // bytes so the document can be serialised for the kernel.
  return Json::parse(doc.dump(-1, ' ', false, Json::error_handler_t::replace));
}

void collectHost(const sdk::Context& ctx) {
  if (!flag(ctx.settings, "collect_host", false)) return;
  ctx.host.emitResource(hostResource(ctx.settings));
}

}  // namespace bulwark::vm
