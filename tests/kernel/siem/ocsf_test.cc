// OCSF Detection Finding: the class's required attributes, MITRE attacks[], enumerations.
#include <catch2/catch.hpp>
#include <sstream>

#include "alert_samples.h"
#include "siem/ocsf_finding.h"
#include "siem/siem_format.h"

using namespace bulwark;
using nlohmann::json;

TEST_CASE("an alert becomes an OCSF Detection Finding with its required attributes",
          "[siem][ocsf]") {
  json f = siem::ocsfDetectionFinding(test::sampleAlert());
  // Required by class 2004 in OCSF 1.1.
  for (const char* key : {"activity_id", "category_uid", "class_uid", "finding_info", "metadata",
                          "severity_id", "time", "type_uid"})
    CHECK(f.contains(key));
  CHECK(f["class_uid"] == 2004);
  CHECK(f["category_uid"] == 2);
  CHECK(f["activity_id"] == 1);
  CHECK(f["type_uid"] == 200401);
  CHECK(f["severity_id"] == 4);
  CHECK(f["status_id"] == 1);
  CHECK(f["time"] == 1790812800LL * 1000 + 300 * 1000 + 123);
  CHECK(f["metadata"]["version"] == "1.1.0");
  CHECK(f["metadata"]["product"]["name"] == "Bulwark");
  CHECK(f["finding_info"]["uid"] == "ssh.bruteforce|203.0.113.7|1790812800");
  CHECK(f["finding_info"]["title"] == "SSH brute force");
  CHECK(f["finding_info"]["first_seen_time"] == 1790812800LL * 1000 + 123);
  CHECK(f["finding_info"]["analytic"]["uid"] == "ssh.bruteforce");
  const json& attack = f["finding_info"]["attacks"].at(0);
  CHECK(attack["tactic"]["name"] == "Credential Access");
  CHECK(attack["tactic"]["uid"] == "TA0006");
  CHECK(attack["technique"]["uid"] == "T1110.001");
  CHECK(f["observables"].size() == 3);
  CHECK(f["observables"][0]["type_id"] == 2);  // IP Address
  CHECK(f["observables"][1]["type_id"] == 4);  // User Name
  CHECK(f["resources"][0]["uid"] == test::sampleAlert().resourceId);
  CHECK(f["remediation"]["desc"] == "Block the address.");
  CHECK(f["evidences"].size() == 1);
}

TEST_CASE("OCSF maps severities, statuses and alerts without MITRE", "[siem][ocsf]") {
  auto a = test::sampleAlert();
  a.severity = "Informational";
  a.status = "suppressed";
  a.tactic.clear();
  a.technique.clear();
  json f = siem::ocsfDetectionFinding(a);
  CHECK(f["severity_id"] == 1);
  CHECK(f["status_id"] == 3);
  CHECK(f["finding_info"]["attacks"].empty());
  a.status = "resolved";
  a.severity = "Medium";
  f = siem::ocsfDetectionFinding(a);
  CHECK(f["status_id"] == 4);
  CHECK(f["severity_id"] == 3);
}

TEST_CASE("the ocsf format writes one finding per line", "[siem][ocsf]") {
  std::ostringstream out;
  siem::writeAlertsAs({test::sampleAlert(), test::hostileAlert()}, "ocsf", out);
  std::istringstream lines(out.str());
  std::string line;
  size_t n = 0;
  while (std::getline(lines, line)) {
    json f = json::parse(line);  // throws on anything but one JSON object per line
    CHECK(f["class_uid"] == 2004);
    ++n;
  }
  CHECK(n == 2);
  CHECK(siem::isOutputFormat("ocsf"));
  CHECK(siem::isOutputFormat("cef"));
  CHECK(siem::isOutputFormat("jsonl"));
  CHECK_FALSE(siem::isOutputFormat("xml"));
}
