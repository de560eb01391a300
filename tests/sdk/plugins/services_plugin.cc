// A plugin that exercises every ABI 1.2 service through the C++ layer, for the SDK tests:
// commands over the plugin state and the vulnerability database, HTTP routes (API token, own
// secret, service-handled prefix), server options and a background service whose thread
// writes state while requests are served. Built twice, as "services" and "services2", to show
// that one plugin's state is invisible to another.
#include <bulwark/plugin.hpp>

#include <atomic>
#include <chrono>
#include <thread>

namespace {

using namespace bulwark::sdk;

#ifndef SERVICES_ID
#define SERVICES_ID "services"
#endif

int stateCommand(const std::vector<std::string>& args, CommandIo& io, const Context& ctx) {
  if (args.empty()) {
    io.err << "usage: svc-state put|putnew|get|del|list ...\n";
    return 2;
  }
  StateClient state = ctx.host.state();
  const std::string& verb = args[0];
  if ((verb == "put" || verb == "putnew") && args.size() == 3) {
    if (verb == "put")
      state.put(args[1], args[2]);
    else
      state.putIfAbsent(args[1], args[2]);
    return 0;
  }
  if (verb == "get" && args.size() == 2) {
    auto value = state.get(args[1]);
    if (!value) {
      io.out << "(absent)\n";
      return 1;
    }
    io.out << *value << "\n";
    return 0;
  }
  if (verb == "del" && args.size() == 2) {
    state.erase(args[1]);
    return 0;
  }
  if (verb == "list") {
    for (const auto& e : state.list(args.size() > 1 ? args[1] : ""))
      io.out << e.key << "=" << e.value << " " << (e.updatedUnixNs > 0 ? "dated" : "undated")
             << "\n";
    return 0;
  }
  if (verb == "help" || verb == "--help") {
    io.out << "svc-state put|putnew|get|del|list\n";
    return 0;
  }
  io.err << "svc-state: bad arguments\n";
  return 2;
}

int vulnCommand(const std::vector<std::string>& args, CommandIo& io, const Context& ctx) {
  VulnDbClient db = ctx.host.vulnDb();
  if (args.size() == 1 && args[0] == "info") {
    VulnDbInfo info = db.info();
    io.out << (info.available ? "available" : "none") << " " << info.importedAt << " "
           << (info.version.empty() ? "-" : "versioned") << "\n";
    return 0;
  }
  if (args.empty() || args.size() % 3 != 0) {
    io.err << "usage: svc-vuln ECOSYSTEM PACKAGE VERSION ...\n";
    return 2;
  }
  std::vector<PackageQuery> queries;
  for (size_t i = 0; i < args.size(); i += 3)
    queries.push_back({args[i], args[i + 1], args[i + 2], "", "", ""});
  for (const auto& m : db.match(queries)) {
    Json line = {{"query", m.query},        {"id", m.id},
                 {"aliases", m.aliases},    {"severity", m.severity},
                 {"fixed", m.fixedVersion}, {"state", m.state}};
    io.out << line.dump() << "\n";
  }
  return 0;
}

class Ticker : public Service {
 public:
  explicit Ticker(const Context& ctx) : state_(ctx.host.state()), settings_(ctx.settings) {
    thread_ = std::thread([this] {
      while (!stop_) {
        ticks_++;
        state_.put("tick", std::to_string(ticks_.load()));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  void stop() override {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  HttpResponse handle(const std::string& routeId, const HttpRequest& request) override {
    if (routeId == "settings") return HttpResponse::json(200, settings_.dump());
    Json out = {{"ticks", ticks_.load()},
                {"stored", state_.get("tick").value_or("")},
                {"path", request.path}};
    return HttpResponse::json(200, out.dump());
  }

 private:
  StateClient state_;
  Json settings_;
  std::atomic<bool> stop_{false};
  std::atomic<long> ticks_{0};
  std::thread thread_;
};

PluginDef definition() {
  PluginDef def;
  def.id = SERVICES_ID;
  def.version = "1.2.0";
  def.description = "exercises the ABI 1.2 host services";
  def.settingsSchema = {{"type", "object"},
                        {"properties",
                         {{"greeting", {{"type", "string"}}},
                          {"loud", {{"type", "boolean"}}},
                          {"names", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                          {"times", {{"type", "integer"}, {"minimum", 1}}}}},
                        {"additionalProperties", false}};
  def.commands.push_back({std::string("svc-state") + (def.id == "services" ? "" : "2"),
                          "plugin state: put, putnew, get, del, list", stateCommand});
  if (def.id == "services") {
    def.commands.push_back(
        {"svc-vuln", "match packages against the vulnerability database", vulnCommand});
    def.commands.push_back({"svc-fail", "throws",
                            [](const std::vector<std::string>&, CommandIo&, const Context&) -> int {
                              throw std::runtime_error("deliberate failure");
                            }});
    HttpRouteDef echo;
    echo.id = "echo";
    echo.method = "POST";
    echo.path = "/v1/svc/echo";
    echo.maxBodyBytes = 64;
    echo.handler = [](const HttpRequest& r, const Context&) {
      Json out = {{"method", r.method},
                  {"body", r.body},
                  {"query", r.query},
                  {"probe", r.header("X-Probe")},
                  {"authorization", r.header("Authorization")}};
      HttpResponse response = HttpResponse::json(201, out.dump());
      response.headers.emplace_back("X-Echoed", "yes");
      return response;
    };
    def.httpRoutes.push_back(echo);
    HttpRouteDef secret;
    secret.id = "secret";
    secret.path = "/v1/svc/secret";
    secret.auth = RouteAuth::Secret;
    secret.secretEnv = "SVC_SECRET";
    secret.handler = [](const HttpRequest&, const Context&) {
      return HttpResponse::json(200, "{\"secret\":\"accepted\"}");
    };
    def.httpRoutes.push_back(secret);
    HttpRouteDef count;
    count.id = "count";
    count.path = "/v1/svc/count";
    count.prefix = true;
    def.httpRoutes.push_back(count);
    HttpRouteDef settings;
    settings.id = "settings";
    settings.path = "/v1/svc/settings";
    def.httpRoutes.push_back(settings);
    HttpRouteDef broken;
    broken.id = "broken";
    broken.path = "/v1/svc/broken";
    broken.handler = [](const HttpRequest&, const Context&) -> HttpResponse {
      throw std::runtime_error("handler failure with Password=supersecret;");
    };
    def.httpRoutes.push_back(broken);
    def.serverOptions = {
        {"svc-greeting", "greeting", ServerOptionDef::Kind::Text, "a greeting"},
        {"svc-loud", "loud", ServerOptionDef::Kind::Flag, "shout"},
        {"svc-name", "names", ServerOptionDef::Kind::List, "a name (repeatable)"},
        {"svc-times", "times", ServerOptionDef::Kind::Integer, "how often"},
    };
    def.startService = [](const Context& ctx) { return std::make_unique<Ticker>(ctx); };
  }
  return def;
}

}  // namespace

BULWARK_PLUGIN(definition)
