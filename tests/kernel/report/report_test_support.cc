#include "kernel/report/report_test_support.h"

#include <fcntl.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace bulwark::test {
namespace {

const std::string kSubA = "11111111-1111-4111-8111-111111111111";
const std::string kSubB = "22222222-2222-4222-8222-222222222222";

ResourceRecord resource(const std::string& sub, const std::string& group, const std::string& name) {
  ResourceRecord r;
  r.subscription = sub;
  r.resourceGroup = group;
  r.name = name;
  r.type = "Microsoft.Storage/storageAccounts";
  r.location = "westeurope";
  r.pluginId = "storage";
  r.id = "/subscriptions/" + sub + "/resourceGroups/" + group +
         "/providers/Microsoft.Storage/storageAccounts/" + name;
  return r;
}

AssessmentInfo assessment(const std::string& id, const std::string& title, Severity severity,
                          const std::string& control) {
  AssessmentInfo a;
  a.id = id;
  a.pluginId = "storage";
  a.title = title;
  a.resourceType = "Microsoft.Storage/storageAccounts";
  a.severity = severity;
  a.control = control;
  a.description = "Checks that " + title + ".";
  a.remediation = "Change the setting in the portal or with the Azure CLI.";
  a.quickFix = "az storage account update --ids {id} --fix " + id;
  return a;
}

void setEnv(const std::map<std::string, std::string>& env) {
  for (const auto& [k, v] : env)
    ::setenv(k.c_str(), v.c_str(), 1);
}

}  // namespace

ScanRecord sampleScan() {
  ScanRecord s;
  s.id = 42;
  s.startedAt = "2026-11-29T01:50:12Z";
  s.finishedAt = "2026-11-29T01:50:14Z";
  s.status = "completed_with_errors";
  s.kernelVersion = "0.9.0";
  s.assessments = {
      assessment("storage.https-only", "Secure transfer to storage accounts should be enabled",
                 Severity::High, "Encrypt data in transit"),
      assessment("storage.min-tls", "Storage accounts should use TLS 1.2", Severity::Medium,
                 "Encrypt data in transit"),
      assessment("storage.network", "Storage accounts should restrict network access",
                 Severity::Low, "Restrict unauthorized network access"),
  };
  s.assessments[0].compliance = {{"CIS Microsoft Azure Foundations Benchmark 2.0.0", "3.1"}};
  s.resources = {resource(kSubA, "rg-prod", "prodlogs01"),
                 resource(kSubA, "rg-prod", "<script>alert('pwned')</script>"),
                 resource(kSubB, "rg-dev", "devshared01"), resource(kSubB, "rg-dev", "devtmp02")};
  auto result = [&](size_t res, size_t a, AssessmentState state, const std::string& reason,
                    nlohmann::json evidence = nlohmann::json::object()) {
    ResultRecord r;
    r.resourceId = s.resources[res].id;
    r.assessmentId = s.assessments[a].id;
    r.pluginId = "storage";
    r.state = state;
    r.reason = reason;
    r.evidence = std::move(evidence);
    s.results.push_back(r);
  };
  using St = AssessmentState;
  result(0, 0, St::Healthy, "supportsHttpsTrafficOnly is true");
  result(1, 0, St::Unhealthy, "supportsHttpsTrafficOnly is false <b>&</b>",
         {{"property", "properties.supportsHttpsTrafficOnly"}, {"value", false}});
  result(2, 0, St::Exempt, "waiver: legacy client until 2027 (ticket SEC-12)");
  result(3, 0, St::Unhealthy, "supportsHttpsTrafficOnly is false",
         {{"property", "properties.supportsHttpsTrafficOnly"}, {"value", false}});
  result(0, 1, St::Healthy, "minimumTlsVersion is TLS1_2");
  result(1, 1, St::Error, "could not read minimumTlsVersion: not a string");
  result(2, 1, St::Unhealthy, "minimumTlsVersion is TLS1_1",
         {{"property", "properties.minimumTlsVersion"}, {"value", "TLS1_1"}});
  result(3, 1, St::NotApplicable, "classic account");
  result(0, 2, St::Unhealthy, "defaultAction is Allow",
         {{"property", "properties.networkAcls.defaultAction"}, {"value", "Allow"}});
  result(1, 2, St::Healthy, "defaultAction is Deny");
  result(2, 2, St::Healthy, "defaultAction is Deny");
  result(3, 2, St::Healthy, "defaultAction is Deny");
  s.problems.push_back({"inventory", "estate/broken.json:3", "truncated <document>"});
  return s;
}

RunResult runProgram(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env) {
  TempDir tmp;
  fs::path outFile = tmp / "stdout", errFile = tmp / "stderr";
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    setEnv(env);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy)
      args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
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

RunResult runBulwarkOnTerminal(const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env) {
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    ::unsetenv("NO_COLOR");
    setEnv(env);
    std::string binary = BULWARK_BINARY;
    std::vector<std::string> copy = args;
    std::vector<char*> argv{binary.data()};
    for (auto& a : copy)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  RunResult r;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    r.out.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

bool programExists(const std::string& name) {
  return runProgram({"sh", "-c", "command -v " + name}).exitCode == 0;
}

fs::path scanSampleEstate(const TempDir& dir) {
  fs::path config =
      writeConfig(dir, {{"storage", ""}}, {sourceDir() / "config" / "samples" / "estate"});
  RunResult r =
      runBulwark({"scan", "-c", config.string(), "-f", "json", "-o", (dir / "scan.json").string()});
  if (r.exitCode != 0) throw std::runtime_error("scan of the sample estate failed: " + r.err);
  return config;
}

fs::path sarifSchemaPath() {
  fs::path p = sourceDir() / "tools" / "sarif-schema" / "node_modules" / "@microsoft" /
               "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json";
  return fs::exists(p) ? p : fs::path();
}

bool jsonSchemaValidatorAvailable() {
  return runProgram({kDebianPython, "-c", "import jsonschema"}).exitCode == 0;
}

RunResult validateJsonSchema(const fs::path& schema, const fs::path& document, bool closed) {
  std::vector<std::string> cmd = {
      kDebianPython,
      (sourceDir() / "tests" / "kernel" / "report" / "validate_json_schema.py").string()};
  if (closed) cmd.push_back("--closed");
  cmd.push_back(schema.string());
  cmd.push_back(document.string());
  return runProgram(cmd);
}

}  // namespace bulwark::test
