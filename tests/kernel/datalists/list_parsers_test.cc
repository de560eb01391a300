// The Tor exit list and MD5 list parsers, on both Tor formats and on broken files, and the
// atomic list writer.
#include <catch2/catch.hpp>
#include <sstream>

#include "datalists/list_parsers.h"
#include "detect/rules/rule_lists.h"
#include "support/test_support.h"

using namespace bulwark::datalists;

namespace {

ParsedList tor(const std::string& text) {
  std::istringstream in(text);
  return parseTorExitList(in, "exits.txt");
}

ParsedList md5(const std::string& text) {
  std::istringstream in(text);
  return parseMd5List(in, "hashes.txt");
}

std::string torError(const std::string& text) {
  try {
    tor(text);
  } catch (const ListFileError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the bulk exit list gives sorted unique blocks with one spelling per address",
          "[datalists]") {
  ParsedList list =
      tor("185.220.101.1\n\n# a comment\n2001:DB8:0::1\n185.220.101.1\r\n"
          "2001:db8::1\n100.10.20.30\n");
  CHECK(list.entries ==
        std::vector<std::string>{"100.10.20.30/32", "185.220.101.1/32", "2001:db8::1/128"});
  CHECK(list.lines == 5);
  CHECK(list.duplicates == 2);
  CHECK(list.ipv4 == 2);
  CHECK(list.ipv6 == 1);
}

TEST_CASE("the exit-addresses format gives its ExitAddress lines", "[datalists]") {
  ParsedList list =
      tor("ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\n"
          "Published 2026-11-28 14:45:33\n"
          "LastStatus 2026-11-28 15:00:00\n"
          "ExitAddress 162.247.74.201 2026-11-28 15:07:41\n"
          "ExitNode 0091174DE56EA4E0E5D6AB0E2A5D7F2A8E0AF8F4\n"
          "Published 2026-11-28 09:12:02\n"
          "LastStatus 2026-11-28 10:00:00\n"
          "ExitAddress 192.42.116.16 2026-11-28 10:03:56\n"
          "ExitAddress 192.42.116.17 2026-11-28 10:03:56\n");
  CHECK(list.entries ==
        std::vector<std::string>{"162.247.74.201/32", "192.42.116.16/32", "192.42.116.17/32"});
}

TEST_CASE("a broken Tor list is refused with the file and line", "[datalists]") {
  CHECK(torError("1.2.3.4\n300.1.2.3\n") ==
        "exits.txt:2: '300.1.2.3' is not an IPv4 or IPv6 address");
  CHECK(torError("1.2.3.4\n<html><body>Too many requests</body></html>\n") ==
        "exits.txt:2: expected an address or an exit-addresses line, got "
        "'<html><body>Too many requests</body></html>'");
  CHECK(torError("ExitNode AB\nExitAddress\n") == "exits.txt:2: ExitAddress without an address");
  CHECK(torError("") == "exits.txt: no exit addresses in the file");
  CHECK(torError("# only comments\n\n") == "exits.txt: no exit addresses in the file");
  CHECK_THAT(torError(std::string("1.2.3.4\n\x01\xff\xfe\x00zz\n", 15)),
             Catch::StartsWith("exits.txt:2: "));
  CHECK_THAT(torError("1.2.3.4\n185.220.101\n"), Catch::StartsWith("exits.txt:2: "));
}

TEST_CASE("MD5 lists take md5sum output and refuse anything else", "[datalists]") {
  ParsedList list =
      md5("44D88612FEA8A8F36DE82E1278ABB02F  eicar.com\n"
          "e99a18c428cb38d5f260853678922e03 *abc.bin\n"
          "44d88612fea8a8f36de82e1278abb02f\n");
  CHECK(list.entries == std::vector<std::string>{"44d88612fea8a8f36de82e1278abb02f",
                                                 "e99a18c428cb38d5f260853678922e03"});
  CHECK(list.duplicates == 1);
  try {
    md5("44d88612fea8a8f36de82e1278abb02f\n44d88612fea8a8f36de82e1278abb0\n");
    FAIL("a short hash was accepted");
  } catch (const ListFileError& e) {
    CHECK(std::string(e.what()) ==
          "hashes.txt:2: '44d88612fea8a8f36de82e1278abb0' is not an MD5 hash (32 hex digits)");
  }
  // A SHA-256 is not an MD5: the rules compare RequestMd5, so it would never match.
  CHECK_THROWS_AS(
      md5("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f  eicar.com\n"),
      ListFileError);
}

TEST_CASE("lists are written whole under the data folder and read back", "[datalists]") {
  bulwark::test::TempDir dir;
  std::string path = writeListAtomically(dir.path().string(), "tor-exits",
                                         {"1.2.3.4/32", "2001:db8::1/128"}, "test list");
  CHECK(path == bulwark::detect::ruleListPath(dir.path().string(), "tor-exits"));
  CHECK(bulwark::detect::readRuleListFile(path) ==
        std::vector<std::string>{"1.2.3.4/32", "2001:db8::1/128"});
  writeListAtomically(dir.path().string(), "tor-exits", {"5.6.7.8/32"}, "second");
  CHECK(bulwark::detect::readRuleListFile(path) == std::vector<std::string>{"5.6.7.8/32"});
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir / "lists")) {
    (void)e;
    ++files;
  }
  CHECK(files == 1);  // no temporary left behind
}
