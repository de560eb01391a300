// Helpers shared by the tests: temporary folders, files, running the bulwark binary.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bulwark::test {

namespace fs = std::filesystem;

// A fresh folder under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

void writeFile(const fs::path& path, const std::string& text);
std::string readFile(const fs::path& path);

struct RunResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs the bulwark binary with `args` (no shell), capturing stdout and stderr.
RunResult runBulwark(const std::vector<std::string>& args);
// Runs `command` with /bin/sh, capturing stdout (add "2>&1" to the command for stderr).
// exitCode is -1 when the shell could not start or the command did not exit normally.
RunResult runShell(const std::string& command);
// `text` as one single-quoted word of sh.
std::string shellQuote(const std::string& text);
// `base64 -w0` of coreutils over `text`: payloads encoded by the real tool.
std::string coreutilsBase64(const std::string& text);
// How many distinct ids (case-insensitive) the JSON objects of type `type` anywhere in the .json
// files under `dir` have, among those passing the jq condition `where`; counted by jq from the
// raw files, so corpus tests need not write the corpus's size down nor ask Bulwark's reader.
// Throws when jq fails.
size_t countResourcesWithJq(const fs::path& dir, const std::string& type,
                            const std::string& where = "true");

fs::path sourceDir();
// The vm plugin's SSH rule pack, for `bulwark detect --rules` without enabling the plugin.
fs::path sshRulePack();
fs::path pluginDir();      // the real plugins of the build
fs::path testPluginDir();  // the deliberately broken ones
// ../shared/corpus (or $BULWARK_CORPUS); empty when absent, so tests can skip with a message.
fs::path corpusDir();
// True when BULWARK_REQUIRE_CORPUS=1: what a test needs (the corpus, a tool, a service) must be
// there, and its absence fails the test instead of skipping it (CI sets it).
bool requireEverything();
// Skips the rest of a test whose corpus, tool or service is missing: WARNs `message` (a
// Catch2 message stream), or FAILs when requireEverything(). The caller returns after it.
#define BULWARK_SKIP(message)                                                                 \
  do {                                                                                        \
    if (::bulwark::test::requireEverything()) FAIL(message << " (BULWARK_REQUIRE_CORPUS=1)"); \
    WARN(message);                                                                            \
  } while (false)
// The corpus; when it is absent, WARNs that `test` is skipped (or FAILs, see
// requireEverything) and returns an empty path the caller returns on.
fs::path corpusOrSkip(const std::string& test);
// The same for a program (on PATH or an absolute path): "" after the WARN or FAIL.
std::string programOrSkip(const std::string& program, const std::string& test);

// A config file in `dir` enabling `plugins` (id -> settings JSON text) over `inventory`.
fs::path writeConfig(const TempDir& dir,
                     const std::vector<std::pair<std::string, std::string>>& plugins,
                     const std::vector<fs::path>& inventory,
                     const std::vector<fs::path>& pluginDirs = {});

}  // namespace bulwark::test
