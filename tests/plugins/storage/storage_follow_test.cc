// The storage plugin's log sources through `bulwark detect`: followed across appends, partial
// lines, a last line written without its newline, rotation and restarts, with the read
// positions in the store; read with no configuration at all (the plugin is found in the plugin
// folders); and compared record by record with what the engine is given in-process.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "logs/blob_log_generator.h"
#include "logs/storage_analytics_lines.h"
#include "support/test_support.h"

using namespace bulwark::storage::logs;
using bulwark::test::runBulwark;
using bulwark::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string statsLine(const std::string& err) {
  std::smatch m;
  std::regex line(R"((\d+) lines, (\d+) events, (\d+) unparsed)");
  return std::regex_search(err, m, line) ? m.str(0) : "";
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& records, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i)
    out += records[i] + "\n";
  return out;
}

}  // namespace

TEST_CASE("storage-blob-logs is followed: appends, partial and unterminated lines, rotation",
          "[storage][follow][cli]") {
  GeneratorOptions o;
  o.cleanRecords = 12;
  auto records = lines(toJsonLines(generateBlobLogs(o, {})));
  REQUIRE(records.size() == 12);
  TempDir dir;
  fs::path log = dir / "StorageBlobLogs.jsonl";
  auto config = bulwark::test::writeConfig(dir, {{"storage", ""}}, {});
  auto follow = [&] {
    auto r =
        runBulwark({"detect", "--follow", "--max-polls", "1", "--poll-ms", "10", "--source",
                    "storage-blob-logs:" + log.string(), "--config", config.string(), "--no-ueba"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return r;
  };
  bulwark::test::writeFile(log, joined(records, 0, 3));
  CHECK(statsLine(follow().err) == "3 lines, 3 events, 0 unparsed");
  // Two more records and half of a third: the half waits for the rest.
  std::string text = joined(records, 0, 5) + records[5].substr(0, records[5].size() / 2);
  bulwark::test::writeFile(log, text);
  CHECK(statsLine(follow().err) == "2 lines, 2 events, 0 unparsed");
  bulwark::test::writeFile(log, text = joined(records, 0, 6));
  CHECK(statsLine(follow().err) == "1 lines, 1 events, 0 unparsed");
  CHECK(statsLine(follow().err) == "0 lines, 0 events, 0 unparsed");
  // A whole record without its newline is read; the newline that follows is not a new line,
  // so the garbage after it is line 9.
  bulwark::test::writeFile(log, text += records[6] + "\n" + records[7]);
  CHECK(statsLine(follow().err) == "2 lines, 2 events, 0 unparsed");
  bulwark::test::writeFile(log, text += "\nnot json\n");
  auto garbage = follow();
  CHECK(statsLine(garbage.err) == "1 lines, 0 events, 1 unparsed");
  CHECK_THAT(garbage.err, Catch::Contains(log.string() + ":9: skipped: not valid JSON"));
  // Rotated: one record was appended to the old file before it moved; the new file has two.
  bulwark::test::writeFile(log, text += records[8] + "\n");
  fs::rename(log, dir / "StorageBlobLogs.jsonl.1");
  bulwark::test::writeFile(log, joined(records, 9, 11));
  CHECK(statsLine(follow().err) == "3 lines, 3 events, 0 unparsed");
}

TEST_CASE("storage sources are found in the plugin folders when no configuration enables them",
          "[storage][cli]") {
  GeneratorOptions o;
  o.cleanRecords = 50;
  auto logs = generateBlobLogs(o, {{AttackKind::MalwareUpload, o.startUnixSeconds + 60, "", 0}});
  TempDir dir;
  bulwark::test::writeFile(dir / "blob.jsonl", toJsonLines(logs));
  bulwark::test::writeFile(dir / "analytics.log", toStorageAnalyticsLines(logs));
  fs::path rules = bulwark::test::sourceDir() / "plugins" / "storage" / "rules";
  for (std::string source : {"storage-blob-logs:" + (dir / "blob.jsonl").string(),
                             "storage-analytics:" + (dir / "analytics.log").string()}) {
    auto r = runBulwark({"detect", "--config", "", "--no-store", "--rules", rules.string(),
                         "--source", source, "--format", "jsonl"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    CHECK(statsLine(r.err) == std::to_string(logs.records.size()) + " lines, " +
                                  std::to_string(logs.records.size()) + " events, 0 unparsed");
    CHECK_THAT(r.out, Catch::Contains("\"rule\":\"storage.blob.malware-upload\""));
  }
  // A file ending without its newline: the last record is read, as kernel readers read it.
  std::string text = toJsonLines(logs);
  bulwark::test::writeFile(dir / "unterminated.jsonl", text.substr(0, text.size() - 1));
  auto r = runBulwark({"detect", "--config", "", "--no-store", "--rules", rules.string(),
                       "--source", "storage-blob-logs:" + (dir / "unterminated.jsonl").string()});
  CHECK(statsLine(r.err) == std::to_string(logs.records.size()) + " lines, " +
                                std::to_string(logs.records.size()) + " events, 0 unparsed");
  // An unknown type names what the kernel and the plugins in the folders read.
  auto unknown = runBulwark({"detect", "--config", "", "--no-store", "--rules", rules.string(),
                             "--source", "storage-queue-logs:" + (dir / "blob.jsonl").string()});
  CHECK(unknown.exitCode == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown source type 'storage-queue-logs'") &&
                              Catch::Contains("syslog") &&
                              Catch::Contains("plugins in the plugin folders read: ") &&
                              Catch::Contains("storage-blob-logs (plugin storage)") &&
                              Catch::Contains("storage-analytics (plugin storage)"));
  // A plugin the configuration disables is not brought in.
  bulwark::test::writeFile(dir / "disabled.yaml",
                           "version: 1\nplugin_dirs: [" + bulwark::test::pluginDir().string() +
                               "]\nplugins:\n  storage: {enabled: false}\nstore: {path: " +
                               (dir / "store.db").string() + "}\n");
  auto disabled = runBulwark({"detect", "--config", (dir / "disabled.yaml").string(), "--no-store",
                              "--rules", rules.string(), "--source",
                              "storage-blob-logs:" + (dir / "blob.jsonl").string()});
  CHECK(disabled.exitCode == 2);
  CHECK_THAT(disabled.err, Catch::Contains("unknown source type 'storage-blob-logs'") &&
                               !Catch::Contains("(plugin storage)"));
}
