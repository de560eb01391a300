#include "kubernetes/secret_activity.h"

#include "kubernetes/audit_source.h"

namespace bulwark::containers::kubernetes {

sdk::ActivityDef secretReadActivity() {
  sdk::ActivityDef a;
  a.id = "kubernetes-secret-reads";
  a.description = "Kubernetes Secrets read or listed (get, list, watch), per user";
  a.types = {sdk::TextMatch::equals(std::string(kAuditEventType))};
  a.principalField = "user";
  a.principalPrefix = "kubernetes-user/";
  a.addressField = "ip";
  a.operationFrom = sdk::ActivityDef::OperationFrom::Field;
  a.operationField = "secret_access";  // absent on other audit events: they are not analysed
  a.successField = "status";
  a.successHttpStatus = true;
  a.checks = {{"new-operation", "ueba.k8s.secrets-unusual-reader"},
              {"new-address", "ueba.k8s.secrets-read-new-address"}};
  return a;
}

std::vector<sdk::AnomalyKindDef> secretReadAnomalyKinds() {
  return {
      {"ueba.k8s.secrets-unusual-reader", "Secrets read by a principal that does not read them",
       sdk::Severity::Medium, "Credential Access", "T1552.007",
       "Check with the owner of the principal why it read these secrets; if it should not, "
       "rotate them, revoke the principal's credentials and narrow its RBAC role.",
       "{principal} did {operation}, never seen for this principal; baseline: "
       "{known_operations_count} secret reads ({known_operations}) over {days} days."},
      {"ueba.k8s.secrets-read-new-address", "Secrets read from an unusual address",
       sdk::Severity::Medium, "Credential Access", "T1552.007",
       "Confirm the principal's credentials are not used by someone else; if they are, revoke "
       "them and rotate the secrets read.",
       "{principal} read Kubernetes secrets from {address}, an address never seen for this "
       "principal; baseline: {known_addresses_count} known addresses ({known_addresses}) over "
       "{days} days."},
  };
}

}  // namespace bulwark::containers::kubernetes
