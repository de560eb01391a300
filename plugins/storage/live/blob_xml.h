// Reads the Blob service's XML responses into the JSON shapes of the ARM API, so assessments
// see live data exactly as they see an ARM snapshot. Parsers throw std::runtime_error with
// the parser's line and column on malformed XML; external entities are never loaded.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark::storage::live {

struct ServiceError {
  std::string code;
  std::string message;
};

// The <Error><Code/><Message/></Error> body of a failed request; empty fields when the body
// is not that document. Never throws.
ServiceError parseServiceError(const std::string& body);

struct ContainerEntry {
  std::string name;
  nlohmann::json properties;  // ARM container properties: publicAccess, leaseState, metadata...
  std::string etag;
};

struct ContainerPage {
  std::vector<ContainerEntry> containers;
  std::string nextMarker;  // empty on the last page
};

// A "List Containers" (comp=list&include=metadata) response.
ContainerPage parseContainerList(const std::string& xml);

// A "Get Blob Service Properties" response as ARM blobServices properties: cors.corsRules,
// deleteRetentionPolicy, defaultServiceVersion, isVersioningEnabled (when the service
// reports it), plus the data-plane-only logging, hourMetrics, minuteMetrics, staticWebsite.
nlohmann::json parseServiceProperties(const std::string& xml);

// The number of stored access policies in a "Get Container ACL" response body.
size_t countSignedIdentifiers(const std::string& xml);

// The ARM spelling of an x-ms-blob-public-access value: "Container", "Blob" or "None".
std::string armPublicAccess(const std::string& headerValue);

// RFC 1123 (HTTP) date to ISO 8601 UTC; the input unchanged when it does not parse.
std::string isoFromHttpDate(const std::string& httpDate);

}  // namespace bulwark::storage::live
