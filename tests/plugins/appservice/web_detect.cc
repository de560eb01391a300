#include "web_detect.h"

#include <catch2/catch.hpp>

namespace bulwark::test {

using nlohmann::json;

WebDetection detectWeb(const TempDir& dir, const std::vector<std::string>& sources) {
  fs::path config = writeConfig(dir, {{"appservice", ""}}, {});
  std::vector<std::string> args = {"detect",     "--config", config.string(),
                                   "--no-store", "--format", "json"};
  for (const auto& s : sources) {
    args.push_back("--source");
    args.push_back(s);
  }
  RunResult r = runBulwark(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return {json::parse(r.out), r.err};
}

std::set<std::string> alertedValues(const json& alerts, const std::string& rule,
                                    const std::string& entity) {
  std::set<std::string> out;
  for (const auto& a : alerts) {
    if (a["rule"] != rule) continue;
    for (const auto& e : a["entities"]) {
      if (e["type"] == entity) out.insert(e["value"].get<std::string>());
    }
  }
  return out;
}

std::set<std::string> rulesNaming(const json& alerts, const std::string& ip) {
  std::set<std::string> out;
  for (const auto& a : alerts) {
    for (const auto& e : a["entities"]) {
      if (e["type"] == "ip" && e["value"] == ip) out.insert(a["rule"].get<std::string>());
    }
  }
  return out;
}

}  // namespace bulwark::test
