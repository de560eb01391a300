// A regulatory compliance standard as project data (config/compliance/<id>.yaml): its
// controls and what evidences each one. An assessment evidences a control when
//   - its policyDefinitionId is one of the control's policyDefinitionIds (Azure's own mapping,
//     generated from the standard's initiative by scripts/gen-compliance), or
//   - its id is one of the control's assessments (an explicit mapping), or
//   - it cites the control itself (AssessmentInfo::compliance) under one of the standard's
//     `references` names.
// With `controlsFromReferences: true`, controls cited that way but not listed in the file are
// added, so a plugin's own benchmark ids (e.g. the vm plugin's CIS Ubuntu checks) need no copy.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/scan_record.h"

namespace bulwark::compliance {

struct Control {
  std::string id;
  std::string title;
  std::vector<std::string> policyDefinitionIds;  // lower-case GUIDs (last id segment)
  std::vector<std::string> assessments;          // assessment ids
  SourcePosition position;
};

struct Standard {
  std::string id;  // the file's `id`, e.g. cis-azure-3.0.0
  std::string name;
  std::string source;  // where the mapping comes from
  std::vector<std::string> references;
  bool controlsFromReferences = false;
  std::vector<Control> controls;
  std::string file;

  // Whether assessment `a` evidences control `c` (see above).
  bool evidences(const Control& c, const AssessmentInfo& a) const;
};

// The lower-case last segment of a policy definition id ("/providers/.../GUID" or "GUID").
std::string definitionKey(const std::string& policyDefinitionId);

// Throws ConfigError naming the file, line and column of the problem.
Standard loadStandard(const std::string& path);

// Every *.yaml / *.yml in `dir`, sorted by id. Throws ConfigError for the first bad file, or
// when `dir` is missing or two files share an id.
std::vector<Standard> loadStandards(const std::string& dir);

}  // namespace bulwark::compliance
