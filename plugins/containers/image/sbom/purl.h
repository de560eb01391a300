// Package URLs (https://github.com/package-url/purl-spec) for the packages the analysers find:
// pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12, pkg:npm/%40scope/name@1.0.0,
// pkg:pypi/django@4.2, pkg:maven/org.apache/commons@1.0, pkg:golang/github.com/x/y@v1.2.3, ...
// SBOMs carry them so other tools can match the same packages.
#pragma once

#include <optional>
#include <string>

#include "image/package.h"

namespace bulwark::image {

// "" when the package kind has no purl type.
std::string packageUrl(const Package& package, const std::optional<OsInfo>& os);

// Percent-encodes everything outside purl's unreserved set (letters, digits, . - _ ~).
std::string purlEncode(const std::string& text);

}  // namespace bulwark::image
