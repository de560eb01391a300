#include "support/test_support.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>

namespace bulwark::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() /
          ("bulwark-test-" + std::to_string(rd()) + "-" + std::to_string(::getpid()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult runBulwark(const std::vector<std::string>& args) {
  TempDir tmp;
  fs::path outFile = tmp / "stdout", errFile = tmp / "stderr";
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv;
    std::string binary = BULWARK_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  RunResult r;
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = readFile(outFile);
  r.err = readFile(errFile);
  return r;
}

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

RunResult runShell(const std::string& command) {
  RunResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    r.out.append(buffer, n);
  int status = ::pclose(pipe);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string coreutilsBase64(const std::string& text) {
  TempDir dir;
  writeFile(dir / "payload", text);
  RunResult r = runShell("base64 -w0 '" + (dir / "payload").string() + "'");
  if (r.exitCode != 0) throw std::runtime_error("base64 -w0 failed");
  return r.out;
}

size_t countResourcesWithJq(const fs::path& dir, const std::string& type,
                            const std::string& where) {
  // The filter goes to the shell in single quotes, so it holds only double quotes.
  std::string filter =
      ".. | objects | select((.type | type) == \"string\" and (.id | type) == \"string\") | "
      "select((.type | ascii_downcase) == (\"" +
      type + "\" | ascii_downcase)) | select(" + where + ") | .id | ascii_downcase";
  RunResult r = runShell("find '" + dir.string() + "' -type f -name '*.json' -exec jq -r '" +
                         filter + "' {} +");
  if (r.exitCode != 0) throw std::runtime_error("jq over " + dir.string() + " failed");
  std::set<std::string> ids;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ids.insert(line);
  return ids.size();
}

fs::path sourceDir() {
  return BULWARK_SOURCE_DIR;
}
fs::path sshRulePack() {
  return sourceDir() / "plugins" / "vm" / "rules" / "ssh.yaml";
}
fs::path pluginDir() {
  return BULWARK_PLUGIN_DIR;
}
fs::path testPluginDir() {
  return BULWARK_TEST_PLUGIN_DIR;
}

fs::path corpusDir() {
  const char* env = std::getenv("BULWARK_CORPUS");
  fs::path p = env != nullptr ? fs::path(env) : fs::path(BULWARK_DEFAULT_CORPUS);
  std::error_code ec;
  return fs::is_directory(p, ec) ? fs::canonical(p) : fs::path();
}

bool requireEverything() {
  const char* env = std::getenv("BULWARK_REQUIRE_CORPUS");
  return env != nullptr && std::string(env) == "1";
}

fs::path corpusOrSkip(const std::string& test) {
  fs::path corpus = corpusDir();
  if (!corpus.empty()) return corpus;
  std::string message = "../shared/corpus is absent (or $BULWARK_CORPUS): " + test;
  if (requireEverything()) FAIL(message + " cannot run, and BULWARK_REQUIRE_CORPUS=1");
  WARN(message + " is skipped");
  return {};
}

std::string programOrSkip(const std::string& program, const std::string& test) {
  std::string found;
  if (program.find('/') != std::string::npos) {
    std::error_code ec;
    if (fs::exists(program, ec)) found = program;
  } else {
    RunResult r = runShell("command -v " + program);
    if (r.exitCode == 0 && !r.out.empty()) found = r.out.substr(0, r.out.find('\n'));
  }
  if (!found.empty()) return found;
  std::string message = program + " is not installed: " + test;
  if (requireEverything()) FAIL(message + " cannot run, and BULWARK_REQUIRE_CORPUS=1");
  WARN(message + " is skipped");
  return {};
}

fs::path writeConfig(const TempDir& dir,
                     const std::vector<std::pair<std::string, std::string>>& plugins,
                     const std::vector<fs::path>& inventory,
                     const std::vector<fs::path>& pluginDirs) {
  std::ostringstream y;
  y << "version: 1\nplugin_dirs:\n";
  if (pluginDirs.empty()) {
    y << "  - " << pluginDir().string() << "\n  - " << testPluginDir().string() << "\n";
  }
  for (const auto& d : pluginDirs)
    y << "  - " << d.string() << "\n";
  y << "plugins:\n";
  for (const auto& [id, settings] : plugins) {
    y << "  " << id << ":\n    enabled: true\n";
    if (!settings.empty()) y << "    settings: " << settings << "\n";
  }
  y << "inventory:\n";
  for (const auto& p : inventory)
    y << "  - type: arm-snapshot\n    path: " << p.string() << "\n";
  y << "store:\n  path: " << (dir / "store.db").string() << "\n";
  fs::path file = dir / "bulwark.yaml";
  writeFile(file, y.str());
  return file;
}

}  // namespace bulwark::test
