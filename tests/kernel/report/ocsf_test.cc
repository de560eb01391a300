// OCSF 1.3.0 Compliance Finding (class_uid 2003): one event per result with the attributes the
// class requires (activity_id, category_uid, class_uid, type_uid, time, severity_id, metadata
// with version and product, finding_info with uid and title, compliance with standards) and
// the recommended ones Bulwark can fill (status_id, compliance.status_id and control,
// resources, message). No copy of the OCSF schema is installable offline, so the class's
// documented requirements are checked here attribute by attribute.
#include <catch2/catch.hpp>
#include <set>

#include "kernel/report/report_test_support.h"
#include "report/formats.h"
#include "report/scan_diff.h"

namespace test = bulwark::test;
using bulwark::AssessmentState;
using nlohmann::json;

TEST_CASE("OCSF: one Compliance Finding per result with the required attributes",
          "[report][ocsf]") {
  bulwark::ScanRecord scan = test::sampleScan();
  json findings = bulwark::ocsfFindings(scan);
  REQUIRE(findings.is_array());
  REQUIRE(findings.size() == scan.results.size());
  std::set<std::string> uids;
  for (size_t i = 0; i < findings.size(); ++i) {
    const json& f = findings[i];
    const auto& r = scan.results[i];
    const auto* a = scan.assessment(r.assessmentId);
    REQUIRE(a != nullptr);
    INFO(r.assessmentId << " on " << r.resourceId);
    CHECK(f["class_uid"] == 2003);
    CHECK(f["category_uid"] == 2);
    CHECK(f["activity_id"] == 1);
    CHECK(f["type_uid"] == 2003 * 100 + f["activity_id"].get<int>());
    CHECK(f["time"].is_number_integer());
    CHECK(f["time"].get<int64_t>() > 1'700'000'000'000);  // milliseconds, not seconds
    CHECK(f["metadata"]["version"].get<std::string>().rfind("1.", 0) == 0);
    CHECK(f["metadata"]["product"]["name"] == "Bulwark");
    CHECK(f["metadata"]["product"].contains("vendor_name"));
    CHECK(f["finding_info"]["uid"] == bulwark::findingId(r.assessmentId, r.resourceId));
    CHECK(f["finding_info"]["title"] == a->title);
    uids.insert(f["finding_info"]["uid"].get<std::string>());
    CHECK(f["compliance"]["control"] == a->control);
    CHECK(f["compliance"]["standards"].is_array());
    CHECK_FALSE(f["compliance"]["standards"].empty());
    CHECK(f["resources"][0]["uid"] == r.resourceId);
    CHECK(f["message"] == r.reason);
    int severityId = f["severity_id"].get<int>();
    CHECK(severityId == static_cast<int>(a->severity) + 1);  // 1 Informational .. 4 High
    int complianceStatus = f["compliance"]["status_id"].get<int>();
    int status = f["status_id"].get<int>();
    switch (r.state) {
      case AssessmentState::Healthy:
        CHECK(complianceStatus == 1);  // Pass
        CHECK(status == 4);            // Resolved
        break;
      case AssessmentState::Unhealthy:
        CHECK(complianceStatus == 3);  // Fail
        CHECK(status == 1);            // New
        break;
      case AssessmentState::Exempt:
        CHECK(status == 3);  // Suppressed
        break;
      case AssessmentState::Error:
        CHECK(complianceStatus == 0);  // Unknown: the check could not decide
        break;
      case AssessmentState::NotApplicable:
        CHECK(complianceStatus == 99);
        break;
    }
  }
  CHECK(uids.size() == findings.size());
}

TEST_CASE("OCSF: mapped regulatory standards and the cloud account are carried", "[report][ocsf]") {
  bulwark::ScanRecord scan = test::sampleScan();
  json findings = bulwark::ocsfFindings(scan);
  const json& first = findings[0];  // storage.https-only, mapped to CIS 3.1
  CHECK(first["compliance"]["standards"][0] == scan.assessments[0].compliance[0].standard);
  CHECK_THAT(first["compliance"]["requirements"][0].get<std::string>(), Catch::EndsWith(" 3.1"));
  CHECK(first["cloud"]["provider"] == "Azure");
  CHECK(first["cloud"]["account"]["uid"] == scan.resources[0].subscription);
  CHECK(first["resources"][0]["region"] == "westeurope");
}
