#include "registry/registry_fixture.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "registry/sha256_stream.h"

namespace bulwark::test {

int runProgram(const std::vector<std::string>& argv, std::string& output) {
  TempDir tmp;
  fs::path log = tmp / "output";
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
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
  output = readFile(log);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

RegistryFixture::RegistryFixture(RegistryFixtureOptions options) {
  std::string binary = findProgram("docker-registry");
  if (binary.empty()) {
    why_ = "docker-registry not installed (run scripts/install-deps)";
    return;
  }
  storage_ = dir_ / "storage";
  port_ = freeLoopbackPort();
  std::string config =
      "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n"
      "    rootdirectory: " +
      storage_.string() + "\n  delete:\n    enabled: true\n" +
      "http:\n  addr: 127.0.0.1:" + std::to_string(port_) + "\n";
  if (!options.username.empty()) {
    std::string output;
    if (runProgram({"htpasswd", "-nbB", options.username, options.password}, output) != 0) {
      why_ = "htpasswd (apache2-utils) failed: " + output;
      return;
    }
    writeFile(dir_ / "htpasswd", output.substr(0, output.find('\n')) + "\n");
    config +=
        "auth:\n  htpasswd:\n    realm: bulwark-test\n    path: " + (dir_ / "htpasswd").string() +
        "\n";
  }
  if (!options.tokenRealm.empty()) {
    config += "auth:\n  token:\n    realm: " + options.tokenRealm +
              "\n    service: " + options.tokenService + "\n    issuer: " + options.tokenIssuer +
              "\n    rootcertbundle: " + options.tokenRootCertificate + "\n";
  }
  if (!options.notifyUrl.empty()) {
    config += "notifications:\n  endpoints:\n    - name: bulwark\n      url: " + options.notifyUrl +
              "\n      headers:\n        Authorization: [\"Bearer " + options.notifySecret +
              "\"]\n      timeout: 2s\n      threshold: 3\n" + "      backoff: 1s\n";
  }
  writeFile(dir_ / "config.yml", config);
  process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{binary, "serve", (dir_ / "config.yml").string()},
      dir_ / "registry.log");
  if (!process_->waitForPort(port_, 20, why_)) {
    why_ = "docker-registry " + why_;
    process_.reset();
  }
}

std::string imageToolsMissing() {
  for (const char* tool : {"umoci", "skopeo"})
    if (findProgram(tool).empty())
      return std::string(tool) + " not installed (run scripts/install-deps)";
  return {};
}

void makeOciImage(const fs::path& layout, const std::string& tag,
                  const std::vector<std::pair<std::string, std::string>>& files) {
  std::string output;
  fs::path bundle = layout.string() + ".bundle";
  auto run = [&](const std::vector<std::string>& argv) {
    if (runProgram(argv, output) != 0)
      throw std::runtime_error(argv[0] + " " + argv[1] + " failed: " + output);
  };
  if (!fs::exists(layout / "index.json")) run({"umoci", "init", "--layout", layout.string()});
  run({"umoci", "new", "--image", layout.string() + ":" + tag});
  run({"umoci", "unpack", "--image", layout.string() + ":" + tag, bundle.string()});
  for (const auto& [path, content] : files)
    writeFile(bundle / "rootfs" / path, content);
  run({"umoci", "repack", "--image", layout.string() + ":" + tag, bundle.string()});
  fs::remove_all(bundle);
}

void makeCorruptOciImage(const fs::path& layout, const std::string& tag) {
  using nlohmann::json;
  fs::create_directories(layout / "blobs" / "sha256");
  auto blob = [&](const std::string& bytes) {
    std::string digest = registry::sha256Digest(bytes);
    writeFile(layout / "blobs" / "sha256" / digest.substr(7), bytes);
    return json{{"digest", digest}, {"size", bytes.size()}};
  };
  std::string garbage;
  for (int i = 0; i < 64; ++i)
    garbage += "\x1f\x8b\x08 this is not a gzip stream nor a tar archive ";
  json layer = blob(garbage);
  layer["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip";
  json config = blob(json{
      {"architecture", "amd64"},
      {"os", "linux"},
      {"rootfs", {{"type", "layers"}, {"diff_ids", {layer["digest"]}}}},
      {"config",
       json::object()}}.dump());
  config["mediaType"] = "application/vnd.oci.image.config.v1+json";
  json manifest = blob(json{
      {"schemaVersion", 2},
      {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
      {"config", config},
      {"layers", {layer}}}.dump());
  manifest["mediaType"] = "application/vnd.oci.image.manifest.v1+json";
  manifest["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
  writeFile(layout / "index.json", json{{"schemaVersion", 2}, {"manifests", {manifest}}}.dump());
  writeFile(layout / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
}

std::string pushImage(const fs::path& layout, const std::string& tag,
                      const std::string& registryHost, const std::string& repositoryAndTag,
                      const std::string& username, const std::string& password) {
  fs::path digestFile = layout.string() + ".digest";
  std::vector<std::string> argv = {
      "skopeo", "copy", "--quiet", "--dest-tls-verify=false", "--digestfile", digestFile.string()};
  if (!username.empty()) {
    argv.push_back("--dest-creds");
    argv.push_back(username + ":" + password);
  }
  argv.push_back("oci:" + layout.string() + ":" + tag);
  argv.push_back("docker://" + registryHost + "/" + repositoryAndTag);
  std::string output;
  if (runProgram(argv, output) != 0) throw std::runtime_error("skopeo copy failed: " + output);
  std::string digest = readFile(digestFile);
  while (!digest.empty() && (digest.back() == '\n' || digest.back() == ' '))
    digest.pop_back();
  return digest;
}

}  // namespace bulwark::test
