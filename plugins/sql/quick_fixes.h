// Quick fixes shared by the sql plugin's recommendations: a server parameter of a PostgreSQL
// or MySQL flexible server set through `az rest`, which reaches every ARM property without a
// per-service CLI extension. "{id}" is the server, replaced by the kernel.
#pragma once

#include <string>

namespace bulwark::sql {

inline std::string setParameterCommand(const std::string& apiVersion, const std::string& parameter,
                                       const std::string& value) {
  return "az rest --method put --url \"https://management.azure.com{id}/configurations/" +
         parameter + "?api-version=" + apiVersion + "\" --body '{\"properties\": {\"value\": \"" +
         value + "\", \"source\": \"user-override\"}}'";
}

}  // namespace bulwark::sql
