// Certificates for the live endpoint tests, made by the openssl command line in a temporary
// folder: one test CA, and leaf certificates it issues for a DNS name with chosen validity
// dates (openssl ca, so that a certificate can be expired already), or self-signed.
#pragma once

#include <string>

#include "support/test_support.h"

namespace bulwark::test {

class TestCertificates {
 public:
  TestCertificates();

  // "" when openssl made the CA, else its output.
  const std::string& whyUnavailable() const { return why_; }
  fs::path caFile() const { return dir_ / "ca.crt"; }

  struct Pair {
    fs::path certificate;
    fs::path key;
  };
  // Issued by the CA for `dnsName`, valid from `notBefore` to `notAfter`
  // (YYYYMMDDHHMMSSZ); throws std::runtime_error with openssl's output when it fails.
  Pair issue(const std::string& file, const std::string& dnsName, const std::string& notBefore,
             const std::string& notAfter);
  // Valid `days` from now for `dnsName`, issued by the CA.
  Pair issueForDays(const std::string& file, const std::string& dnsName, int days);
  // Self-signed for `dnsName`, valid `days` from now.
  Pair selfSigned(const std::string& file, const std::string& dnsName, int days);

 private:
  TempDir dir_;
  std::string why_;
};

}  // namespace bulwark::test
