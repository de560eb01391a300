#include <signal.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "image/scan_status.h"
#include "server/image_status_board.h"
#include "server/notification_server.h"
#include "server/pushed_image_scan.h"
#include "server/scan_queue.h"
#include "util/log.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::cli {
namespace po = boost::program_options;

namespace {

const char* kServerUsage =
    "Usage: bulwark server [--listen HOST:PORT] --registry HOST:PORT... [options]\n\n"
    "Receives Docker registry push notifications (POST /v1/registry/events), answers 202 at\n"
    "once, pulls each pushed repository@digest from its registry and scans it; the status of\n"
    "every image (Unscanned, Scan in progress, Scan error, Completed) is served at\n"
    "GET /v1/images[/DIGEST]. Secrets come from the environment, never the command line:\n"
    "  BULWARK_NOTIFICATION_SECRET  the registry sends it as 'Authorization: Bearer <secret>'\n"
    "  BULWARK_API_TOKEN            clients of /v1/images send it the same way\n"
    "  BULWARK_REGISTRY_USERNAME / BULWARK_REGISTRY_PASSWORD  pull credentials, if needed\n"
    "Scan statuses and results are kept in the store (--store), where `bulwark images list|show`\n"
    "reads them; with --vulndb the packages are matched against the vulnerability database.\n"
    "The first line on stdout is 'listening on HOST:PORT'. SIGINT or SIGTERM stops the server.\n\n"
    "Options";

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

int imageServerCommand(const Args& args) {
  po::options_description opts(kServerUsage);
  std::string listen = "127.0.0.1:8480", workDir, platform = "linux/amd64";
  std::string storePath = "var/bulwark.db", vulndbPath;
  int rescanSeconds = 60;
  std::vector<std::string> registries;
  bool httpsRegistries = false;
  opts.add_options()("help,h", "show this help")("listen", po::value(&listen),
                                                 "address to listen on (default 127.0.0.1:8480)")(
      "registry", po::value(&registries), "a trusted registry HOST:PORT (repeatable)")(
      "platform", po::value(&platform), "platform chosen from manifest lists (os/arch)")(
      "work-dir", po::value(&workDir), "where pulled images are held while scanned")(
      "https", po::bool_switch(&httpsRegistries), "use https even for loopback registries")(
      "store", po::value(&storePath), "the store for scan statuses (default var/bulwark.db)")(
      "vulndb", po::value(&vulndbPath), "vulnerability database to match packages against")(
      "rescan-check", po::value(&rescanSeconds),
      "seconds between checks for a re-imported vulnerability database (default 60); scanned "
      "images are then rescanned")("verbose,v", "log each queued, scanned and rescanned image");
  po::options_description hidden;
  po::positional_options_description positional;
  po::variables_map vm;
  if (auto stop = parseArguments("server", args, opts, hidden, positional, vm)) return *stop;

  if (vm.count("verbose")) setLogLevel(LogLevel::Info);
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) {
    std::cerr << "bulwark server: --listen must be HOST:PORT, got '" << listen << "'\n";
    return kExitUsage;
  }
  if (registries.empty()) {
    std::cerr << "bulwark server: name the registries to trust with --registry HOST:PORT\n";
    return kExitUsage;
  }
  server::ServerOptions options;
  options.host = listen.substr(0, colon);
  try {
    int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    options.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    std::cerr << "bulwark server: bad port in --listen '" << listen << "'\n";
    return kExitUsage;
  }
  options.notificationSecret = environment("BULWARK_NOTIFICATION_SECRET");
  options.apiToken = environment("BULWARK_API_TOKEN");
  if (options.notificationSecret.empty() || options.apiToken.empty()) {
    std::cerr << "bulwark server: set BULWARK_NOTIFICATION_SECRET and BULWARK_API_TOKEN\n";
    return kExitUsage;
  }
  options.trustedRegistries = registries;

  server::PushedImageScanSettings scan;
  if (httpsRegistries) scan.registry.plainHttp = false;
  scan.registry.platform = platform;
  scan.credentials.username = environment("BULWARK_REGISTRY_USERNAME");
  scan.credentials.password = environment("BULWARK_REGISTRY_PASSWORD");
  scan.workDir = workDir.empty() ? std::filesystem::temp_directory_path() /
                                       ("bulwark-server-" + std::to_string(::getpid()))
                                 : std::filesystem::path(workDir);
  std::filesystem::create_directories(scan.workDir);
  std::unique_ptr<vuln::VulnDbService> vulndb;
  if (!vulndbPath.empty()) {
    vulndb = std::make_unique<vuln::VulnDbService>(vulndbPath);
    scan.vulndb = vulndb.get();
  }
  if (auto parent = std::filesystem::path(storePath).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent);
  // Two connections: the worker writes results through one, the board's listener (called from
  // the HTTP threads and the worker, under the board's lock) writes statuses through the other.
  image::ScanStatusStore results(storePath);
  image::ScanStatusStore transitions(storePath);
  scan.statuses = &results;
  std::filesystem::permissions(scan.workDir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);

  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  server::ImageStatusBoard board;
  board.setListener([&transitions](const server::ImageStatus& image) {
    server::ManifestPush push{"", image.registry, image.repository, image.digest, "", ""};
    std::string reference = server::pushedImageReference(push);
    try {
      switch (image.status) {
        case server::ScanStatus::Unscanned:
          transitions.markUnscanned(image.digest, reference);
          break;
        case server::ScanStatus::InProgress:
          transitions.markInProgress(image.digest, reference);
          break;
        case server::ScanStatus::Error:
          transitions.markError(image.digest, reference, image.reason);
          break;
        case server::ScanStatus::Completed:
          break;  // written with its result by the scan itself
      }
    } catch (const std::exception& e) {
      logLine(LogLevel::Error, "server", std::string("cannot record scan status: ") + e.what());
    }
  });
  server::ScanQueue queue(board, [&scan](const server::ManifestPush& push) {
    return server::scanPushedImage(push, scan);
  });
  server::NotificationServer http(options, board, queue);
  std::cout << "listening on " << options.host << ":" << http.port() << std::endl;
  logLine(LogLevel::Info, "server",
          "accepting registry notifications at http://" + options.host + ":" +
              std::to_string(http.port()) + "/v1/registry/events");
  // Wait for a stop signal; meanwhile, when the vulnerability database has been re-imported,
  // rescan every image already scanned so its findings match the new advisories.
  int received = 0;
  const timespec interval{std::max(rescanSeconds, 1), 0};
  while ((received = sigtimedwait(&stopSignals, nullptr, &interval)) < 0) {
    if (!vulndb) continue;
    try {
      if (!vulndb->refresh()) continue;
    } catch (const std::exception& e) {
      logLine(LogLevel::Warning, "server", std::string("vulnerability database: ") + e.what());
      continue;
    }
    size_t queued = 0;
    for (const auto& image : board.list()) {
      if (image.status != server::ScanStatus::Completed) continue;
      server::ManifestPush push{"", image.registry, image.repository, image.digest, "", ""};
      if (queue.rescan(push) == server::ScanQueue::Offer::Queued) ++queued;
    }
    logLine(LogLevel::Info, "server",
            "vulnerability database re-imported (" + vulndb->current().importedAt +
                "): " + std::to_string(queued) + " images queued for rescan");
  }
  logLine(LogLevel::Info, "server", "stopping on signal " + std::to_string(received));
  if (workDir.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(scan.workDir, ignored);
  }
  return kExitOk;
}

}  // namespace bulwark::cli
