// Runs `bulwark scan -v` (info messages included in err) with the containers plugin's kubernetes
// setting and indexes the verdicts by resource and by the manifest document they came from.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>

#include "support/test_support.h"

namespace bulwark::test::k8s {

inline const std::string kSubscription =
    "/subscriptions/00000000-0000-0000-0000-00000000c8c8/resourceGroups/k8s/providers/"
    "Microsoft.ContainerService/managedClusters/";

struct K8sScan {
  int exitCode = -1;
  nlohmann::json report;
  std::string err;
  // resource id -> assessment id -> state
  std::map<std::string, std::map<std::string, std::string>> states;
  // resource id -> the result objects of that resource, by assessment id
  std::map<std::string, std::map<std::string, nlohmann::json>> results;
  // (file, document) -> resource ids read from it
  std::multimap<std::pair<std::string, int>, std::string> bySource;
};

// `kubernetes` is the value of the plugin's kubernetes setting.
K8sScan scanKubernetes(const TempDir& dir, const nlohmann::json& kubernetes);

}  // namespace bulwark::test::k8s
