#include "scan/scan_runner.h"

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "config/settings_schema.h"
#include "inventory/inventory.h"
#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "policy/custom_definitions.h"
#include "policy/declarative_assessment.h"
#include "policy/initiative.h"
#include "redact/redact.h"
#include "util/log.h"
#include "util/time.h"

namespace bulwark {
namespace {

using nlohmann::json;
using policy::ExemptionMatch;
using Clock = std::chrono::steady_clock;

int64_t millisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
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

std::string textMember(const json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

struct Collected {
  ResourceRecord record;
  std::string fullJson;  // as handed to assessments: unredacted, with children
  json fullDoc;          // the same, parsed, for declarative assessments
};

class ScanRun {
 public:
  ScanRun(const Config& config, const ScanOptions& options) : config_(config), options_(options) {}

  ScanRecord run() {
    scan_.startedAt = utcNowIso8601();
    scan_.configFile = config_.file;
    scan_.kernelVersion = options_.kernelVersion;
    for (const auto& s : options_.scopes)
      scan_.scopes.push_back(s.text());
    readInventory();
    createInstances();
    collect();
    assess();
    assessCustomDefinitions();
    assessInitiative();
    scan_.finishedAt = utcNowIso8601();
    scan_.status =
        cancelled() ? "cancelled" : (scan_.hasErrors() ? "completed_with_errors" : "completed");
    return std::move(scan_);
  }

 private:
  bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }

  void readInventory() {
    for (const auto& source : config_.inventory) {
      SnapshotLoad load;
      readArmSnapshot(source.path, load);
      std::vector<SnapshotProblem> problems = load.problems;
      inventory_.add(load, problems);
      for (const auto& p : problems) {
        logLine(LogLevel::Error, "inventory", p.str());
        scan_.problems.push_back({"inventory", p.file + ": " + p.place, p.message});
      }
    }
    inventory_.link();
  }

  void createInstances() {
    std::vector<std::string> enabled;
    for (const auto& p : config_.plugins) {
      if (p.enabled) enabled.push_back(p.id);
    }
    LoadResult loaded = loadPlugins(options_.pluginDirs, enabled);
    for (const auto& r : loaded.refusals) {
      logLine(LogLevel::Error, "loader", r.message);
      scan_.pluginRuns.push_back({r.pluginId, "", "", "load", r.file, "refused", r.message, 0});
    }
    for (const auto& id : loaded.notFound) {
      std::string message = "plugin '" + id + "' is enabled in " + config_.file + " but no " + id +
                            ".so was found in the plugin folders";
      logLine(LogLevel::Error, "loader", message);
      scan_.pluginRuns.push_back({id, "", "", "load", "", "error", message, 0});
    }
    for (auto& plugin : loaded.plugins) {
      const PluginManifest& m = plugin->manifest();
      auto problems = checkPluginSettings(*config_.plugin(m.id), m.settingsSchema);
      if (!problems.empty()) {
        // Fail closed: a plugin run with settings it does not accept could judge wrongly.
        std::string message = problems.front().str();
        if (problems.size() > 1)
          message += " (and " + std::to_string(problems.size() - 1) + " more)";
        logLine(LogLevel::Error, m.id, message);
        scan_.pluginRuns.push_back(
            {m.id, m.version, plugin->abiVersion(), "create", plugin->file(), "error", message, 0});
        continue;
      }
      auto start = Clock::now();
      auto instance =
          std::make_unique<PluginInstance>(plugin, config_.plugin(m.id)->settings, bindings());
      PluginRun run{m.id, m.version, plugin->abiVersion(), "create", plugin->file(),
                    "ok", "",        millisSince(start)};
      if (!instance->valid()) {
        run.status = "error";
        run.message = instance->createError();
        logLine(LogLevel::Error, m.id, "cannot create instance: " + run.message);
      }
      scan_.pluginRuns.push_back(run);
      for (const auto& a : m.assessments)
        scan_.assessments.push_back(a);
      instances_.push_back(std::move(instance));
    }
  }

  HostBindings bindings() {
    HostBindings b;
    b.log = [](const std::string& plugin, bw_log_level level, const std::string& text) {
      logLine(toLogLevel(level), plugin, text);
    };
    b.cancelFlag = options_.cancel;
    b.vulndb = options_.vulndb;
    b.state = options_.state;
    b.inventory = [this](const std::string& type) {
      std::vector<std::string> docs;
      for (size_t i : inventoryIndexes(type)) {
        docs.push_back(
            inventory_.withChildren(i).dump(-1, ' ', false, json::error_handler_t::replace));
      }
      return docs;
    };
    b.emitResource = [this](const std::string& text, std::string& why) {
      return acceptResource(text, why);
    };
    return b;
  }

  // The documents of `type` in the scan's scopes, and, for a scope inside a subscription, the
  // subscription-level ones of that subscription (its Defender plans, its policy assignments):
  // they hold for every resource of the scope.
  std::vector<size_t> inventoryIndexes(const std::string& type) {
    std::vector<size_t> indexes = inventory_.ofType(type, options_.scopes);
    std::vector<ResourceId> subscriptions;
    for (const ResourceId& scope : options_.scopes) {
      if (scope.subscription().empty() || scope.resourceGroup().empty()) continue;  // all of it
      if (auto s = ResourceId::parse("/subscriptions/" + scope.subscription()))
        subscriptions.push_back(*s);
    }
    if (subscriptions.empty()) return indexes;
    std::set<size_t> seen(indexes.begin(), indexes.end());
    for (size_t i : inventory_.ofType(type, subscriptions)) {
      if (inventory_.resources()[i].id.resourceGroup().empty() && seen.insert(i).second)
        indexes.push_back(i);
    }
    return indexes;
  }

  bool acceptResource(const std::string& text, std::string& why) {
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_object()) {
      why = "emitted resource is not a JSON object";
      return false;
    }
    auto id = ResourceId::parse(textMember(doc, "id"));
    if (!id || id->type().empty() || textMember(doc, "type").empty()) {
      why = "emitted resource needs an ARM \"id\" and a \"type\" (got id '" +
            textMember(doc, "id") + "')";
      return false;
    }
    if (!inAnyScope(*id, options_.scopes)) return true;  // outside the scan: dropped quietly
    if (collected_.count(id->key()) != 0) return true;
    Collected c;
    c.record = {id->text(),
                textMember(doc, "type"),
                textMember(doc, "name"),
                textMember(doc, "location"),
                id->subscription(),
                id->resourceGroup(),
                currentPlugin_,
                redactJson(doc)};
    c.fullJson = text;
    c.fullDoc = std::move(doc);
    order_.push_back(id->key());
    collected_.emplace(id->key(), std::move(c));
    return true;
  }

  void collect() {
    for (auto& instance : instances_) {
      if (!instance->valid()) continue;
      const PluginManifest& m = instance->plugin().manifest();
      currentPlugin_ = m.id;
      for (const auto& c : m.collectors) {
        if (cancelled()) return;
        auto start = Clock::now();
        CallResult r = instance->collect(c.id);
        PluginRun run{m.id,
                      m.version,
                      instance->plugin().abiVersion(),
                      "collect",
                      c.id,
                      r.ok ? "ok" : "error",
                      r.error,
                      millisSince(start)};
        if (!r.ok) logLine(LogLevel::Error, m.id, "collector " + c.id + ": " + r.error);
        scan_.pluginRuns.push_back(run);
      }
    }
    currentPlugin_.clear();
    for (const auto& key : order_)
      scan_.resources.push_back(collected_[key].record);
  }

  std::vector<json> relatedResources(const std::string& type, const std::string& scope) {
    std::vector<json> out;
    auto within = ResourceId::parse(scope);
    if (!within) return out;
    for (size_t i : inventory_.ofType(type, {*within})) {
      out.push_back(inventory_.withChildren(i));
    }
    return out;
  }

  // Applies the security policy to one verdict: a Disabled effect drops it, an active
  // exemption turns it into Exempt, an expired one is mentioned.
  void record(const ResourceId& id, const AssessmentInfo& a, AssessOutcome outcome) {
    const auto& sp = options_.securityPolicy;
    if (const auto* o = sp.overrideFor(id, a.id); o != nullptr && o->effect == "disabled") return;
    ExemptionMatch m = sp.exemptionFor(id, a.id, scan_.startedAt);
    if (m.active != nullptr) {
      json exemption = {{"category", m.active->category},
                        {"reason", m.active->reason},
                        {"scope", m.active->scope.text()},
                        {"expires", m.active->expires},
                        {"verdict", stateName(outcome.state)}};
      outcome.evidence["exemption"] = exemption;
      outcome.reason = "exempt (" + m.active->category + "): " + m.active->reason +
                       (m.active->expires.empty() ? "" : ", until " + m.active->expires);
      outcome.state = AssessmentState::Exempt;
    } else if (m.expired != nullptr) {
      outcome.reason +=
          " [exemption expired " + m.expired->expires + ": " + m.expired->reason + "]";
      outcome.evidence["expiredExemption"] = {{"expires", m.expired->expires},
                                              {"reason", m.expired->reason}};
    }
    scan_.results.push_back({id.text(), a.id, a.pluginId, outcome.state, redactText(outcome.reason),
                             redactJson(outcome.evidence)});
  }

  void assessDeclarative(const AssessmentInfo& a, const json& settings, PluginRun run) {
    auto start = Clock::now();
    policy::DeclarativeAssessment declarative(a, settings);
    if (declarative.unsupported()) {
      run.status = "unsupported";
      run.message = *declarative.unsupported();
      logLine(LogLevel::Warning, a.pluginId, a.id + ": " + run.message + "; it yields no verdicts");
      scan_.pluginRuns.push_back(run);
      return;
    }
    auto related = [this](const std::string& type, const std::string& scope) {
      return relatedResources(type, scope);
    };
    size_t errors = 0;
    for (const auto& key : order_) {
      const Collected& c = collected_[key];
      if (!declarative.targets(c.record.type)) continue;
      auto id = ResourceId::parse(c.record.id);
      json overrides = json::object();
      if (const auto* o = options_.securityPolicy.overrideFor(*id, a.id)) {
        if (o->effect == "disabled") continue;
        overrides = o->parameters;
        if (!o->effect.empty()) overrides["effect"] = o->effect;
      }
      auto outcome = declarative.evaluate(c.fullDoc, overrides, related);
      if (!outcome) continue;
      if (outcome->state == AssessmentState::Error && errors++ == 0) {
        run.message = c.record.id + ": " + outcome->reason;
      }
      record(*id, a, std::move(*outcome));
    }
    if (errors > 0) {
      run.status = "error";
      run.message =
          std::to_string(errors) + " resource(s) could not be assessed; first: " + run.message;
      logLine(LogLevel::Error, a.pluginId, a.id + ": " + run.message);
    }
    run.durationMs = millisSince(start);
    scan_.pluginRuns.push_back(run);
  }

  void assessCustomDefinitions() {
    std::vector<ScanProblem> problems;
    auto custom = policy::loadCustomDefinitions(options_.securityPolicy.definitionPaths, problems);
    for (const auto& p : problems) {
      logLine(LogLevel::Error, "policy", p.location + ": " + p.message);
      scan_.problems.push_back(p);
    }
    for (const auto& a : custom) {
      if (cancelled()) return;
      if (scan_.assessment(a.id) != nullptr) {
        scan_.problems.push_back(
            {"policy", a.id, "assessment id already used; definition ignored"});
        continue;
      }
      scan_.assessments.push_back(a);
      assessDeclarative(a, json::object(),
                        {policy::kCustomPluginId, "", "", "assess", a.id, "ok", "", 0});
    }
  }

  // The security policy's initiative: its supported members run as declarative assessments,
  // except those whose policy definition a plugin's assessment already evaluates.
  void assessInitiative() {
    const auto& source = options_.securityPolicy.initiative;
    if (!source) return;
    policy::InitiativeImport initiative;
    try {
      initiative = policy::importInitiative(source->file, source->definitions, source->parameters);
    } catch (const std::exception& e) {
      scan_.problems.push_back({"policy", source->position.str(), e.what()});
      logLine(LogLevel::Error, "policy", source->position.str() + ": " + e.what());
      return;
    }
    std::set<std::string> evaluated;
    for (const auto& a : scan_.assessments) {
      const std::string& id = a.policyDefinitionId;
      if (!id.empty()) evaluated.insert(toLowerAscii(id.substr(id.find_last_of('/') + 1)));
    }
    size_t added = 0, duplicates = 0;
    for (const auto& m : initiative.members) {
      if (cancelled()) return;
      if (m.status != policy::MemberStatus::Supported) continue;
      if (!evaluated.insert(m.definitionName).second) {
        duplicates++;
        continue;
      }
      AssessmentInfo a = policy::initiativeAssessment(initiative, m);
      if (scan_.assessment(a.id) != nullptr) continue;
      scan_.assessments.push_back(a);
      added++;
      assessDeclarative(a, m.parameters,
                        {policy::kInitiativePluginId, "", "", "assess", a.id, "ok", "", 0});
    }
    logLine(LogLevel::Info, "policy",
            initiative.file + ": " + std::to_string(added) + " assessments added, " +
                std::to_string(duplicates) + " already evaluated by plugins, " +
                std::to_string(initiative.members.size() - added - duplicates) +
                " disabled, unsupported or not found");
  }

  void assess() {
    for (auto& instance : instances_) {
      const PluginManifest& m = instance->plugin().manifest();
      for (const auto& a : m.assessments) {
        if (cancelled()) return;
        if (!a.policy.is_null()) {
          if (instance->valid()) {
            assessDeclarative(
                a, config_.plugin(m.id)->settings,
                {m.id, m.version, instance->plugin().abiVersion(), "assess", a.id, "ok", "", 0});
          }
          continue;
        }
        auto start = Clock::now();
        size_t errors = 0;
        std::string firstError;
        for (const auto& key : order_) {
          const Collected& c = collected_[key];
          if (!equalsIgnoreCase(c.record.type, a.resourceType)) continue;
          AssessOutcome o = instance->assess(a.id, c.fullJson);
          if (o.state == AssessmentState::Error) {
            if (errors++ == 0) firstError = c.record.id + ": " + o.reason;
          }
          record(*ResourceId::parse(c.record.id), a, std::move(o));
        }
        PluginRun run{
            m.id, m.version,         instance->plugin().abiVersion(), "assess", a.id, "ok",
            "",   millisSince(start)};
        if (errors > 0) {
          run.status = "error";
          run.message =
              std::to_string(errors) + " resource(s) could not be assessed; first: " + firstError;
          logLine(LogLevel::Error, m.id, a.id + ": " + run.message);
        }
        scan_.pluginRuns.push_back(run);
      }
    }
  }

  const Config& config_;
  const ScanOptions& options_;
  ScanRecord scan_;
  Inventory inventory_;
  std::vector<std::unique_ptr<PluginInstance>> instances_;
  std::map<std::string, Collected> collected_;
  std::vector<std::string> order_;
  std::string currentPlugin_;
};

}  // namespace

std::vector<ResourceId> parseScopes(const std::vector<std::string>& scopes) {
  std::vector<ResourceId> out;
  for (const auto& s : scopes) {
    auto id = ResourceId::parse(s);
    if (!id) {
      throw std::invalid_argument("invalid scope '" + s +
                                  "': expected an ARM id such as /subscriptions/<id>, "
                                  "/subscriptions/<id>/resourceGroups/<name> or a resource id");
    }
    out.push_back(*id);
  }
  return out;
}

ScanRecord runScan(const Config& config, const ScanOptions& options) {
  return ScanRun(config, options).run();
}

}  // namespace bulwark
