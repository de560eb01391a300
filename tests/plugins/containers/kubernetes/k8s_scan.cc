#include "k8s_scan.h"

#include <set>

namespace bulwark::test::k8s {

K8sScan scanKubernetes(const TempDir& dir, const nlohmann::json& kubernetes) {
  nlohmann::json settings = {{"kubernetes", kubernetes}};
  fs::path config = writeConfig(dir, {{"containers", settings.dump()}}, {});
  RunResult r = runBulwark({"scan", "-v", "-c", config.string(), "-f", "json"});
  K8sScan scan;
  scan.exitCode = r.exitCode;
  scan.err = r.err;
  scan.report = nlohmann::json::parse(r.out, nullptr, false);
  if (!scan.report.is_object()) return scan;
  std::set<std::string> indexed;
  for (const auto& result : scan.report["results"]) {
    std::string id = result.value("resourceId", "");
    if (id.find("/managedClusters/") == std::string::npos) continue;
    scan.states[id][result["assessmentId"]] = result["state"];
    scan.results[id][result["assessmentId"]] = result;
    const auto& source = result["evidence"]["source"];
    if (source.is_object() && indexed.insert(id).second)
      scan.bySource.insert({{source["file"], source["document"]}, id});
  }
  return scan;
}

}  // namespace bulwark::test::k8s
