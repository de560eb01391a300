#include "score/score_schema.h"

#include "store/scans_schema.h"

namespace bulwark {

const SchemaPart& scoresSchema() {
  static const SchemaPart part{
      "scores",
      {&scansSchema()},
      {
          // 1: points are kept as the counts they come from (max points, healthy and unhealthy
          // resources), so reading them back gives exactly the computed score; the percentage
          // is also kept, in units of 1/10000 (Defender's 4-decimal rounding).
          {R"sql(
CREATE TABLE scan_scores (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  scope_key TEXT NOT NULL,
  scope TEXT NOT NULL,
  max_points INTEGER NOT NULL,
  percentage_e4 INTEGER NOT NULL,
  PRIMARY KEY (scan_id, scope_key)
);
CREATE TABLE scan_control_scores (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  scope_key TEXT NOT NULL,
  control TEXT NOT NULL,
  max_points INTEGER NOT NULL,
  healthy_resources INTEGER NOT NULL,
  unhealthy_resources INTEGER NOT NULL,
  not_applicable_resources INTEGER NOT NULL,
  assessments TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (scan_id, scope_key, control)
);
)sql"},
      }};
  return part;
}

}  // namespace bulwark
