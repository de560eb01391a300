// OpenVEX documents (https://github.com/openvex/spec, v0.2.0) for `images scan --vex FILE`:
// statements that a vulnerability does or does not affect products. A product is a package
// URL (a package in the image, or the image itself as pkg:oci/...), an image reference or a
// digest; an image product may list the packages concerned as subcomponents.
#pragma once

#include <string>
#include <vector>

namespace bulwark::image {

struct VexProduct {
  std::vector<std::string> ids;  // @id and identifiers (purl, ...) naming the same product
  std::vector<std::vector<std::string>> subcomponents;  // the ids of each subcomponent
};

struct VexStatement {
  std::vector<std::string> vulnerabilityIds;  // name, @id and aliases
  std::vector<VexProduct> products;
  std::string status;  // not_affected, affected, fixed or under_investigation
  std::string justification;
  std::string impactStatement;
  std::string origin;  // FILE#/statements/N
};

// Reads one OpenVEX JSON document. Throws TriageError naming the file and the byte offset
// (bad JSON) or the JSON path of the bad field.
std::vector<VexStatement> loadOpenVex(const std::string& path);

// Whether the statement marks findings as not affecting the product (not_affected, fixed).
bool vexSetsAside(const VexStatement& statement);

}  // namespace bulwark::image
