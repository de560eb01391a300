#include "test_certificates.h"

#include <ctime>
#include <stdexcept>

namespace bulwark::test {
namespace {

RunResult run(const std::string& command) {
  return runShell("(" + command + ") 2>&1");
}

std::string stamp(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%SZ", &tm);
  return text;
}

}  // namespace

TestCertificates::TestCertificates() {
  const std::string d = shellQuote(dir_.path().string());
  writeFile(dir_ / "index.txt", "");
  writeFile(dir_ / "serial", "1000\n");
  writeFile(dir_ / "ca.cnf",
            "[ca]\ndefault_ca = test\n"
            "[test]\ndir = " +
                dir_.path().string() +
                "\n"
                "database = $dir/index.txt\nserial = $dir/serial\nnew_certs_dir = $dir\n"
                "certificate = $dir/ca.crt\nprivate_key = $dir/ca.key\ndefault_md = sha256\n"
                "policy = any\nunique_subject = no\ncopy_extensions = copy\n"
                "[any]\ncommonName = supplied\n");
  RunResult ca = run("cd " + d +
                     " && openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "
                     "'/CN=Bulwark Test CA' -keyout ca.key -out ca.crt");
  if (ca.exitCode != 0) why_ = "openssl could not make the test CA: " + ca.out;
}

TestCertificates::Pair TestCertificates::issue(const std::string& file, const std::string& dnsName,
                                               const std::string& notBefore,
                                               const std::string& notAfter) {
  const std::string d = shellQuote(dir_.path().string());
  RunResult r =
      run("cd " + d + " && openssl req -new -newkey rsa:2048 -nodes -subj " +
          shellQuote("/CN=" + dnsName) + " -addext " + shellQuote("subjectAltName=DNS:" + dnsName) +
          " -keyout " + file + ".key -out " + file +
          ".csr && openssl ca -batch -notext -config ca.cnf" + " -startdate " + notBefore +
          " -enddate " + notAfter + " -in " + file + ".csr -out " + file + ".crt");
  if (r.exitCode != 0) throw std::runtime_error("openssl could not issue " + file + ": " + r.out);
  return {dir_ / (file + ".crt"), dir_ / (file + ".key")};
}

TestCertificates::Pair TestCertificates::issueForDays(const std::string& file,
                                                      const std::string& dnsName, int days) {
  std::time_t now = std::time(nullptr);
  return issue(file, dnsName, stamp(now - 3600), stamp(now + days * 86400L));
}

TestCertificates::Pair TestCertificates::selfSigned(const std::string& file,
                                                    const std::string& dnsName, int days) {
  const std::string d = shellQuote(dir_.path().string());
  RunResult r = run("cd " + d + " && openssl req -x509 -newkey rsa:2048 -nodes -days " +
                    std::to_string(days) + " -subj " + shellQuote("/CN=" + dnsName) + " -addext " +
                    shellQuote("subjectAltName=DNS:" + dnsName) + " -keyout " + file +
                    ".key -out " + file + ".crt");
  if (r.exitCode != 0) throw std::runtime_error("openssl could not make " + file + ": " + r.out);
  return {dir_ / (file + ".crt"), dir_ / (file + ".key")};
}

}  // namespace bulwark::test
