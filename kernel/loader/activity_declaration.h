// UEBA activity declarations: which event types are activity of a principal, and how UEBA reads
// them (principal, address, operation, success, deletion, bytes out, delegated credentials),
// which anomaly checks apply and the anomaly kinds they raise. Plugins declare them in their
// manifest ("activities", "anomalyKinds"; the SDK's ActivityDef and AnomalyKindDef); the kernel
// declares its generic formats the same way (ueba/builtin_activities.cc). This is the format
// and its validation; kernel/ueba reads events by it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark {

// A test of an event type or an operation name.
struct TextMatch {
  enum class Kind { Equals, Prefix, Suffix, Contains };
  Kind kind = Kind::Equals;
  std::string text;
  bool nocase = false;  // ASCII case-insensitive

  bool matches(std::string_view value) const;
};

// What UEBA checks per principal. Each raises the anomaly kind a declaration maps it to, with
// a description written from the kind's template; these are the {placeholders} each offers:
//   new-operation          an operation the principal never performed:
//                          principal operation known_operations_count known_operations days
//   new-country            an address in a country never seen (needs GeoIP):
//                          principal address country known_countries known_addresses_count days
//   new-address            an address never seen, in a known country or none:
//                          principal address located_address known_addresses_count
//                          known_addresses days
//   impossible-travel      consecutive located events too far apart for the time between:
//                          principal previous_country previous_address previous_time country
//                          address time km minutes speed max_speed
//   mass-deletion          deletions in one hour far above the principal's hourly median:
//                          principal count hour median mad days active_hours threshold
//   delegated-new-address  a delegated credential used from an address never seen:
//                          principal address known_addresses_count known_addresses days
//   unusual-extraction     bytes out in one hour far above the principal's hourly median:
//                          principal bytes hour median mad days active_hours threshold
// `principal` is the principal without its declared prefix.
enum class AnomalyCheck {
  NewOperation,
  NewCountry,
  NewAddress,
  ImpossibleTravel,
  MassDeletion,
  DelegatedNewAddress,
  UnusualExtraction,
};

std::string_view anomalyCheckName(AnomalyCheck check);
const std::vector<std::string_view>& anomalyCheckPlaceholders(AnomalyCheck check);

struct AnomalyKindInfo {
  std::string id;  // the alert's rule id, e.g. "ueba.mass-deletion"
  std::string title;
  std::string severity;  // High, Medium, Low, Informational
  std::string tactic;
  std::string technique;
  std::string remediation;
  std::string description;  // a template of the checks that raise it
};

struct ActivityInfo {
  std::string id;
  std::string description;
  std::vector<TextMatch> types;  // an event type matching any of these is this activity
  std::string principalField;    // events without it are not analysed
  std::string principalPrefix;   // prepended to name the baseline, e.g. "storage-account/"
  std::string addressField;      // may be empty: no address checks
  enum class OperationFrom { Field, Type, TypeSuffix };
  OperationFrom operationFrom = OperationFrom::Field;
  std::string operationField;    // OperationFrom::Field; TypeSuffix: after the matched prefix
  std::string operationDefault;  // Field: the operation of events without the field
  // Success: no field, an empty value, an HTTP status 2xx (when httpStatus) or a value ending
  // with one of the suffixes (any case). Deletions and bytes out count only on success.
  std::string successField;
  bool successHttpStatus = false;
  std::vector<std::string> successSuffixes;
  std::vector<TextMatch> deletions;  // operations that delete
  std::string bytesOutField;         // a decimal byte count
  std::vector<TextMatch> bytesOutOperations;
  std::string delegatedField;  // the event was authorised by a delegated credential when
  std::string delegatedValue;  // this field equals this value (e.g. auth == SAS)
  // The principal is the resource its events name: hourly alerts carry its resource id.
  bool principalIsResource = false;
  std::vector<std::pair<AnomalyCheck, std::string>> checks;  // check -> anomaly kind id

  const std::string* kindOf(AnomalyCheck check) const;  // nullptr when the check is off
  bool has(AnomalyCheck check) const { return kindOf(check) != nullptr; }
};

struct ActivityDeclarations {
  std::vector<ActivityInfo> activities;
  std::vector<AnomalyKindInfo> anomalyKinds;
};

// Reads the "activities" and "anomalyKinds" members of a manifest (both optional). Throws
// std::runtime_error naming the activity or kind and the member at fault: unknown checks,
// placeholders or severities, kinds no declaration of the manifest defines, duplicate ids.
ActivityDeclarations parseActivityDeclarations(const nlohmann::json& manifest);

}  // namespace bulwark
