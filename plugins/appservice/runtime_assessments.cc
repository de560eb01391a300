#include "runtime_assessments.h"

#include <bulwark/sdk/time.hpp>

#include "runtime_stack.h"
#include "site_config.h"
#include "web_types.h"

namespace bulwark::appservice {

extern const char kRuntimeEndOfLife[];  // data/runtime-end-of-life.json, embedded by CMake

namespace {

const sdk::Json& table() {
  static const sdk::Json runtimes = sdk::Json::parse(kRuntimeEndOfLife).at("runtimes");
  return runtimes;
}

struct Language {
  const char* id;
  const char* name;
  const char* linuxStack;  // for the quick fix
};

sdk::Verdict judge(const sdk::Resource& site, const Language& language) {
  sdk::Json config = effectiveSiteConfig(site);
  if (config.empty())
    return sdk::Verdict::notApplicable("the snapshot holds no configuration for this app");
  auto runtime = runtimeOf(config, language.id);
  if (!runtime)
    return sdk::Verdict::notApplicable(std::string("the app does not run ") + language.name);
  auto eol = endOfLife(language.id, runtime->version);
  sdk::Json evidence = {{"setting", runtime->setting}, {"version", runtime->version}};
  std::string version = runtime->version == "framework-4"   ? "Framework 4.8"
                        : runtime->version == "framework-2" ? "Framework 3.5"
                                                            : runtime->version;
  std::string shown = std::string(language.name) + " " + version + " (" + runtime->setting + ")";
  if (!eol) return sdk::Verdict::notApplicable(shown + " is not in the end-of-life table");
  if (eol->empty()) return sdk::Verdict::healthy(shown + ": supported", evidence);
  evidence["endOfLife"] = *eol;
  std::string today = sdk::utcToday();
  evidence["judgedOn"] = today;
  if (*eol < today)
    return sdk::Verdict::unhealthy(shown + ": out of support since " + *eol, evidence);
  return sdk::Verdict::healthy(shown + ": supported until " + *eol, evidence);
}

}  // namespace

std::optional<std::string> endOfLife(const std::string& language, const std::string& version) {
  auto runtimes = table().find(language);
  if (runtimes == table().end()) return std::nullopt;
  auto entry = runtimes->find(version);
  if (entry == runtimes->end()) return std::nullopt;
  return entry->is_string() ? entry->get<std::string>() : std::string{};
}

std::vector<sdk::AssessmentDef> runtimeAssessments() {
  static const Language kLanguages[] = {{"php", "PHP", "PHP|8.4"},
                                        {"python", "Python", "PYTHON|3.13"},
                                        {"node", "Node.js", "NODE|22-lts"},
                                        {"java", "Java", "JAVA|21-java21"},
                                        {"dotnet", ".NET", "DOTNETCORE|10.0"}};
  std::vector<sdk::AssessmentDef> out;
  for (const Language& language : kLanguages) {
    sdk::AssessmentDef a;
    a.id = std::string("appservice.runtime-") + language.id;
    a.title = std::string("App Service apps that use ") + language.name +
              " should use a supported " + language.name + " version";
    a.resourceType = kSiteType;
    a.severity = sdk::Severity::Medium;
    a.control = "Remediate vulnerabilities";
    a.description = std::string("A ") + language.name +
                    " version past its end of support gets no more security fixes. The "
                    "versions and their dates are in the plugin's end-of-life table.";
    a.remediation = std::string("Move the app to a supported ") + language.name +
                    " version (Configuration blade, General settings, Stack settings), after "
                    "testing it on a slot.";
    a.quickFix = std::string("az webapp config set --ids {id} --linux-fx-version \"") +
                 language.linuxStack + "\"";
    a.check = [language](const sdk::Resource& site, const sdk::Context&) {
      return judge(site, language);
    };
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bulwark::appservice
