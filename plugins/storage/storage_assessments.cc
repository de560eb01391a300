#include "storage_assessments.h"

#include <array>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>

namespace bulwark::storage {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Verdict;

constexpr std::array<const char*, 3> kTlsVersions = {"TLS1_0", "TLS1_1", "TLS1_2"};

int tlsRank(const std::string& version) {
  for (size_t i = 0; i < kTlsVersions.size(); ++i) {
    if (version == kTlsVersions[i])
      return static_cast<int>(i);
  }
  return -1;
}

std::string requiredTls(const Json& settings) {
  auto it = settings.find("minimum_tls_version");
  return it != settings.end() && it->is_string() ? it->get<std::string>() : "TLS1_2";
}

// ARM serialises booleans as JSON booleans, but hand-written and older tooling output uses
// strings; Azure Policy compares them as text, so accept both.
std::optional<bool> asBool(const Json* v) {
  if (v == nullptr || v->is_null())
    return std::nullopt;
  if (v->is_boolean())
    return v->get<bool>();
  if (v->is_string()) {
    std::string s = v->get<std::string>();
    for (auto& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (s == "true")
      return true;
    if (s == "false")
      return false;
  }
  throw std::runtime_error("expected a boolean, got " + v->dump());
}

}  // namespace

sdk::AssessmentDef secureTransferAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.secure-transfer";
  a.title = "Secure transfer to storage accounts should be enabled";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::High;
  a.control = "Encrypt data in transit";
  a.description =
      "Secure transfer forces the storage account to accept requests only over HTTPS, which "
      "protects data in transit from eavesdropping, man-in-the-middle and session hijacking.";
  a.remediation =
      "Set 'Secure transfer required' to Enabled on the storage account (Configuration blade), "
      "or: az storage account update --ids <resource id> --https-only true";
  a.policyDefinitionId = "404c3081-a854-4457-ae30-26a93ef643f9";
  a.quickFix = "az storage account update --ids {id} --https-only true";
  a.check = [](const Resource& r, const sdk::Context&) {
    // Since API version 2019-04-01 the property defaults to true when absent.
    std::optional<bool> httpsOnly = asBool(r.find("properties.supportsHttpsTrafficOnly"));
    if (!httpsOnly.has_value()) {
      return Verdict::healthy("supportsHttpsTrafficOnly is not set; the service default is true");
    }
    Json evidence = {{"supportsHttpsTrafficOnly", *httpsOnly}};
    return *httpsOnly ? Verdict::healthy("secure transfer is required", evidence)
                      : Verdict::unhealthy(
                            "supportsHttpsTrafficOnly is false: plain HTTP "
                            "requests are accepted",
                            evidence);
  };
  return a;
}

sdk::AssessmentDef publicBlobAccessAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.public-blob-access";
  a.title = "Storage account public access should be disallowed";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::Medium;
  a.control = "Restrict unauthorized network access";
  a.description =
      "Anonymous public read access to containers and blobs is a convenient way to share data "
      "but risks data breaches. Disallow it at the account level unless the scenario needs it.";
  a.remediation =
      "Set 'Allow Blob anonymous access' to Disabled on the storage account, or: az storage "
      "account update --ids <resource id> --allow-blob-public-access false";
  a.policyDefinitionId = "4fa4b6c0-31ca-4c0d-b10d-24b96f62a751";
  a.quickFix = "az storage account update --ids {id} --allow-blob-public-access false";
  a.check = [](const Resource& r, const sdk::Context&) {
    // The built-in policy only accepts an explicit false: older accounts without the property
    // allow public access.
    std::optional<bool> allow = asBool(r.find("properties.allowBlobPublicAccess"));
    if (allow == std::optional<bool>(false)) {
      return Verdict::healthy("allowBlobPublicAccess is false", {{"allowBlobPublicAccess", false}});
    }
    Json evidence = {{"allowBlobPublicAccess", allow.has_value() ? Json(*allow) : Json()}};
    std::vector<std::string> publicContainers;
    for (const Resource& blobService : r.children("blobServices")) {
      for (const Resource& container : blobService.children("containers")) {
        const Json* access = container.find("properties.publicAccess");
        if (access != nullptr && access->is_string() && *access != "None") {
          publicContainers.push_back(container.name());
        }
      }
    }
    if (!publicContainers.empty())
      evidence["publicContainers"] = publicContainers;
    return Verdict::unhealthy(allow.has_value() ? "allowBlobPublicAccess is true"
                                                : "allowBlobPublicAccess is not set to false",
                              evidence);
  };
  return a;
}

sdk::AssessmentDef minimumTlsAssessment() {
  sdk::AssessmentDef a;
  a.id = "storage.minimum-tls";
  a.title = "Storage accounts should have the specified minimum TLS version";
  a.resourceType = kStorageAccountType;
  a.severity = sdk::Severity::Low;
  a.control = "Encrypt data in transit";
  a.description =
      "A minimum TLS version for client connections keeps clients off protocol versions with "
      "known weaknesses. The recommended minimum is TLS 1.2.";
  a.remediation =
      "Set 'Minimum TLS version' to Version 1.2 on the storage account, or: az storage account "
      "update --ids <resource id> --min-tls-version TLS1_2";
  a.policyDefinitionId = "fe83a0eb-a853-422d-aac2-1bffd182c5d0";
  a.quickFix = "az storage account update --ids {id} --min-tls-version TLS1_2";
  a.check = [](const Resource& r, const sdk::Context& ctx) {
    std::string required = requiredTls(ctx.settings);
    const Json* v = r.find("properties.minimumTlsVersion");
    if (v == nullptr || !v->is_string()) {
      return Verdict::unhealthy("minimumTlsVersion is not set (clients may use TLS 1.0)",
                                {{"required", required}});
    }
    std::string actual = v->get<std::string>();
    Json evidence = {{"minimumTlsVersion", actual}, {"required", required}};
    if (tlsRank(actual) < tlsRank(required)) {
      return Verdict::unhealthy("minimumTlsVersion is " + actual + ", below " + required, evidence);
    }
    return Verdict::healthy("minimumTlsVersion is " + actual, evidence);
  };
  return a;
}

}  // namespace bulwark::storage
