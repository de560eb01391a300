#include "ueba/builtin_activities.h"

namespace bulwark::ueba {
namespace {

// Activity Log writes Started, Accepted and Succeeded records for one operation: a deletion
// counts on the one that says it happened (or the only one, when the record has no status).
constexpr const char* kDeclarations = R"json({
  "activities": [
    {
      "id": "azure-activity",
      "description": "Azure Activity Log operations, per caller",
      "types": [{"equals": "azure.activity"}],
      "principal": {"field": "user"},
      "address": {"field": "ip"},
      "operation": {"field": "operation"},
      "success": {"field": "status", "suffixes": ["Succeeded", "Success"]},
      "deletion": {"operations": [{"suffix": "/delete", "nocase": true}]},
      "checks": {"new-operation": "ueba.new-operation", "new-country": "ueba.new-country",
                 "new-address": "ueba.new-ip", "impossible-travel": "ueba.impossible-travel",
                 "mass-deletion": "ueba.mass-deletion"}
    },
    {
      "id": "sign-ins",
      "description": "Successful sign-ins (ssh.login.success, Entra ID sign-ins ...), per user",
      "types": [{"suffix": ".login.success", "nocase": true}, {"contains": "signin"}],
      "principal": {"field": "user"},
      "address": {"field": "ip"},
      "operation": {"from": "type"},
      "checks": {"new-operation": "ueba.new-operation", "new-country": "ueba.new-country",
                 "new-address": "ueba.new-ip", "impossible-travel": "ueba.impossible-travel",
                 "mass-deletion": "ueba.mass-deletion"}
    }
  ],
  "anomalyKinds": [
    {
      "id": "ueba.new-operation",
      "title": "Principal performed an operation it never performed before",
      "severity": "Low", "tactic": "Privilege Escalation", "technique": "T1078.004",
      "remediation": "Confirm with the principal's owner that the operation was intended; if not, revoke the principal's sessions and review its role assignments.",
      "description": "{principal} performed {operation} for the first time; baseline: {known_operations_count} distinct operations ({known_operations}) learned over {days} days."
    },
    {
      "id": "ueba.new-country",
      "title": "Principal called from a country never seen before",
      "severity": "Medium", "tactic": "Initial Access", "technique": "T1078.004",
      "remediation": "Confirm the sign-in with the user; if unexpected, reset the credentials, revoke refresh tokens and require MFA or a named-location Conditional Access policy.",
      "description": "{principal} called from {address} in {country}, a country never seen for this principal; baseline countries: {known_countries} ({known_addresses_count} known addresses) over {days} days."
    },
    {
      "id": "ueba.new-ip",
      "title": "Principal called from an address never seen before",
      "severity": "Low", "tactic": "Initial Access", "technique": "T1078.004",
      "remediation": "Check that the address belongs to the organisation or a known provider; if not, treat the principal's credentials as exposed.",
      "description": "{principal} called from {located_address}, an address never seen for this principal; baseline: {known_addresses_count} known addresses ({known_addresses}) over {days} days."
    },
    {
      "id": "ueba.impossible-travel",
      "title": "Impossible travel between two consecutive calls",
      "severity": "High", "tactic": "Initial Access", "technique": "T1078.004",
      "remediation": "Two places too far apart for the time between them means two parties use the identity: reset the credentials and revoke sessions and tokens.",
      "description": "{principal} called from {previous_country} ({previous_address}) at {previous_time} and from {country} ({address}) at {time}: {km} km in {minutes} minutes ({speed}; the limit is {max_speed} km/h)."
    },
    {
      "id": "ueba.mass-deletion",
      "title": "Deletions far above the principal's hourly baseline",
      "severity": "High", "tactic": "Impact", "technique": "T1485",
      "remediation": "Stop the principal (disable the account or remove its roles), then restore from backups or soft-delete and add resource locks to critical resources.",
      "description": "{principal} deleted {count} resources in 1h (from {hour}); baseline median {median}, MAD {mad} deletions per active hour over {days} days ({active_hours} active hours); threshold {threshold}."
    }
  ]
})json";

}  // namespace

const ActivityDeclarations& builtinActivityDeclarations() {
  static const ActivityDeclarations declarations =
      parseActivityDeclarations(nlohmann::json::parse(kDeclarations));
  return declarations;
}

}  // namespace bulwark::ueba
