#include <signal.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/server_plugins.h"
#include "config/settings_schema.h"
#include "loader/plugin_instance.h"
#include "pluginstate/plugin_state_store.h"
#include "server/http_host.h"
#include "util/log.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::cli {
namespace po = boost::program_options;

namespace {

const char* kServerUsage =
    "Usage: bulwark server [--listen HOST:PORT] [--store FILE] [--vulndb FILE] [options]\n\n"
    "Serves the HTTP routes and runs the background services of the plugins that have them\n"
    "(the enabled ones, else those in the plugin folders), e.g. the containers plugin's scan on\n"
    "push. GET /healthz answers without a token; every other route needs a bearer token: the\n"
    "API token, or the route's own secret. Secrets come from the environment, never the\n"
    "command line:\n"
    "  BULWARK_API_TOKEN   clients of the API routes send it as 'Authorization: Bearer <token>'\n"
    "  and the variables the plugins' routes name (listed below by plugin).\n"
    "Plugins keep their state in the store (--store); --vulndb is the vulnerability database\n"
    "they match against (reopened when `bulwark vulndb import` changes it). The first line on\n"
    "stdout is 'listening on HOST:PORT'. SIGINT or SIGTERM stops the server.\n\n"
    "Options";

std::string environment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value == nullptr ? std::string() : std::string(value);
}

LogLevel toLogLevel(bw_log_level l) {
  switch (l) {
    case BW_LOG_DEBUG:
      return LogLevel::Debug;
    case BW_LOG_INFO:
      return LogLevel::Info;
    case BW_LOG_WARNING:
      return LogLevel::Warning;
    default:
      return LogLevel::Error;
  }
}

struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

std::optional<ListenAddress> parseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= listen.size()) return std::nullopt;
  try {
    size_t used = 0;
    int port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || port < 0 || port > 65535) return std::nullopt;
    return ListenAddress{listen.substr(0, colon), static_cast<uint16_t>(port)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The routes of one plugin instance, each with the token it needs.
std::vector<server::HttpRoute> routesOf(PluginInstance& instance, const std::string& apiToken,
                                        std::string& missing) {
  std::vector<server::HttpRoute> out;
  const PluginManifest& m = instance.plugin().manifest();
  for (const auto& r : m.httpRoutes) {
    server::HttpRoute route;
    route.method = r.method;
    route.path = r.path;
    route.prefix = r.prefix;
    route.owner = m.id;
    route.maxBodyBytes = r.maxBodyBytes;
    route.token = r.apiToken ? apiToken : environment(r.secretEnv);
    if (route.token.empty()) {
      std::string name = r.apiToken ? "BULWARK_API_TOKEN" : r.secretEnv;
      if (missing.find(name) == std::string::npos)
        missing += (missing.empty() ? "" : " and ") + name;
    }
    std::string id = r.id;
    route.handler = [&instance, id](const HttpExchange& request) {
      return instance.handleHttp(id, request);
    };
    out.push_back(std::move(route));
  }
  return out;
}

}  // namespace

int serverCommand(const Args& args) {
  po::options_description opts(kServerUsage);
  std::string listen = "127.0.0.1:8480", storePath, vulndbPath, configPath;
  opts.add_options()("help,h", "show this help")("listen", po::value(&listen),
                                                 "address to listen on (default 127.0.0.1:8480)")(
      "config,c", po::value(&configPath),
      "configuration file: enabled plugins and their settings (default config/bulwark.yaml "
      "when present)")("store", po::value(&storePath),
                       "the store for the plugins' state (default: the configuration's, else "
                       "var/bulwark.db)")("vulndb", po::value(&vulndbPath),
                                          "vulnerability database the plugins match against")(
      "verbose,v", "log what the plugins do (queued, scanned, rescanned ...)");
  const std::vector<std::string> kernelOptions = {"help",  "listen", "config",
                                                  "store", "vulndb", "verbose"};
  // First pass: the configuration decides which plugins are served, and they add options.
  po::variables_map first;
  try {
    po::store(po::command_line_parser(args).options(opts).allow_unregistered().run(), first);
    po::notify(first);
  } catch (const po::error& e) {
    std::cerr << "bulwark server: " << e.what() << "\n" << opts << "\n";
    return kExitUsage;
  }
  std::optional<Config> config;
  std::vector<ServedPlugin> plugins;
  try {
    std::error_code ec;
    if (!configPath.empty())
      config = loadConfig(configPath);
    else if (!first.count("config") && std::filesystem::exists("config/bulwark.yaml", ec))
      config = loadConfig("config/bulwark.yaml");
    std::vector<std::string> refusals;
    plugins = findServedPlugins(config ? &*config : nullptr, kernelOptions, refusals);
    for (const auto& r : refusals)
      std::cerr << "bulwark server: " << r << "\n";
  } catch (const std::exception& e) {
    std::cerr << "bulwark server: " << e.what() << "\n";
    return kExitUsage;
  }
  if (plugins.empty()) {
    std::cerr << "bulwark server: no plugin has HTTP routes or a background service to serve "
                 "(the containers plugin has scan on push; see bulwark plugins list)\n";
    return kExitUsage;
  }
  addServerOptions(plugins, opts);
  po::variables_map vm;
  if (auto stop = parseArguments("server", args, opts, {}, {}, vm)) return *stop;
  try {
    applyServerOptions(vm, plugins);
  } catch (const std::exception& e) {
    std::cerr << "bulwark server: " << e.what() << "\n";
    return kExitUsage;
  }
  if (vm.count("verbose")) setLogLevel(LogLevel::Info);
  auto address = parseListen(listen);
  if (!address) {
    std::cerr << "bulwark server: --listen must be HOST:PORT, got '" << listen << "'\n";
    return kExitUsage;
  }
  if (storePath.empty()) storePath = config ? config->storePath : "var/bulwark.db";
  if (vulndbPath.empty() && config) vulndbPath = config->vulndbPath;

  std::unique_ptr<vuln::VulnDbService> vulndb;
  if (!vulndbPath.empty() && (vm.count("vulndb") || std::filesystem::exists(vulndbPath))) {
    try {
      vulndb = std::make_unique<vuln::VulnDbService>(vulndbPath);
    } catch (const std::exception& e) {
      std::cerr << "bulwark server: " << e.what() << "\n";
      return kExitRuntime;
    }
  }
  pluginstate::PluginStateStore state(storePath);
  HostBindings bindings;
  bindings.log = [](const std::string& plugin, bw_log_level level, const std::string& text) {
    logLine(toLogLevel(level), plugin, text);
  };
  bindings.vulndb = vulndb.get();
  bindings.state = &state;

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  std::vector<std::unique_ptr<PluginInstance>> instances;
  std::vector<server::HttpRoute> routes = {server::healthRoute()};
  const std::string apiToken = environment("BULWARK_API_TOKEN");
  std::string missing;
  for (auto& p : plugins) {
    // The settings come from the configuration and the command line: check them together.
    PluginConfig checked;
    checked.id = p.plugin->manifest().id;
    checked.settings = p.settings;
    checked.position = {"bulwark server", 0, 0};
    if (const PluginConfig* pc = config ? config->plugin(checked.id) : nullptr) {
      checked.position = pc->position;
      checked.settingPositions = pc->settingPositions;
    }
    auto problems = checkPluginSettings(checked, p.plugin->manifest().settingsSchema);
    for (const auto& problem : problems)
      std::cerr << "bulwark server: " << problem.str() << "\n";
    if (!problems.empty()) return kExitUsage;
    auto instance = std::make_unique<PluginInstance>(p.plugin, p.settings, bindings);
    if (!instance->valid()) {
      std::cerr << "bulwark server: plugin " << p.plugin->manifest().id << ": "
                << instance->createError() << "\n";
      return kExitUsage;
    }
    auto own = routesOf(*instance, apiToken, missing);
    routes.insert(routes.end(), own.begin(), own.end());
    instances.push_back(std::move(instance));
  }
  if (!missing.empty()) {
    std::cerr << "bulwark server: set " << missing << "\n";
    return kExitUsage;
  }
  for (auto& instance : instances) {
    if (!instance->plugin().manifest().service) continue;
    CallResult r = instance->startService();
    if (!r.ok) {
      if (r.status == BW_INVALID_ARGUMENT) {
        std::cerr << "bulwark server: " << r.error << "\n";
        return kExitUsage;
      }
      std::cerr << "bulwark server: plugin " << instance->plugin().manifest().id
                << " cannot start its service: " << r.error << "\n";
      return kExitRuntime;
    }
  }
  std::unique_ptr<server::HttpHost> http;
  try {
    http = std::make_unique<server::HttpHost>(
        server::HttpHostOptions{address->host, address->port, 4}, std::move(routes));
  } catch (const std::exception& e) {
    std::cerr << "bulwark server: " << e.what() << "\n";
    return kExitRuntime;
  }
  std::cout << "listening on " << address->host << ":" << http->port() << std::endl;
  int received = 0;
  while ((received = sigwaitinfo(&stopSignals, nullptr)) < 0) {
  }
  logLine(LogLevel::Info, "server", "stopping on signal " + std::to_string(received));
  http->stop();  // no request reaches a plugin after this
  for (auto& instance : instances)
    instance->stopService();
  return kExitOk;
}

}  // namespace bulwark::cli
