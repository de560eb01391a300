// Server parameters (the `configurations` children of PostgreSQL and MySQL flexible servers)
// that Defender checks and no current built-in definition covers: PostgreSQL
// connection_throttle.enable, MySQL require_secure_transport, tls_version and
// audit_log_enabled. A server whose snapshot carries no configurations at all is
// NotApplicable (nothing is known); one that lists configurations but not this parameter is
// judged on the service's default value.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::sql {

struct ParameterRule {
  std::string parameter;
  std::vector<std::string> accepted;  // values that pass, compared ignoring case
  std::string serviceDefault;         // the value when the parameter is not listed
};

std::vector<sdk::AssessmentDef> configurationAssessments();

// The verdict on one server's parameter (exposed for tests).
sdk::Verdict judgeParameter(const sdk::Resource& server, const ParameterRule& rule);

}  // namespace bulwark::sql
