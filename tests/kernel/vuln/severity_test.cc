#include <catch2/catch.hpp>

#include "vuln/severity.h"

// Scores published by NVD for these vectors (e.g. CVE-2021-44228 is 10.0, CVE-2019-10744 9.1).
TEST_CASE("CVSS vectors score per the specification and map to levels", "[vuln][severity]") {
  using bulwark::vuln::cvssBaseScore;
  using bulwark::vuln::severityFromCvss;
  CHECK(*cvssBaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H") == Approx(10.0));
  CHECK(*cvssBaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H") == Approx(9.1));
  CHECK(*cvssBaseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == Approx(6.1));
  CHECK(*cvssBaseScore("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == Approx(7.8));
  CHECK(*cvssBaseScore("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N") == Approx(3.7));
  CHECK(*cvssBaseScore("AV:N/AC:L/Au:N/C:P/I:P/A:P") == Approx(7.5));
  CHECK(*cvssBaseScore("AV:N/AC:M/Au:N/C:N/I:P/A:N") == Approx(4.3));
  CHECK(severityFromCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H") == "Critical");
  CHECK(severityFromCvss("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == "High");
  CHECK(severityFromCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == "Medium");
  CHECK(severityFromCvss("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N") == "Low");
  CHECK(severityFromCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == "");
  CHECK(severityFromCvss("5.3") == "Medium");
  CHECK(severityFromCvss("CVSS:3.1/AV:X/garbage") == "");
  CHECK(severityFromCvss("") == "");
  CHECK_FALSE(cvssBaseScore("not a vector").has_value());
}

TEST_CASE("source severity labels map to four levels", "[vuln][severity]") {
  using bulwark::vuln::severityFromLabel;
  CHECK(severityFromLabel("CRITICAL") == "Critical");
  CHECK(severityFromLabel("MODERATE") == "Medium");
  CHECK(severityFromLabel("important") == "High");
  CHECK(severityFromLabel("unimportant") == "Low");
  CHECK(severityFromLabel("not yet assigned") == "");
}
