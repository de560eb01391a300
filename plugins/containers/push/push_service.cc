#include "push/push_service.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "host_status_state.h"
#include "host_vulnerabilities.h"
#include "image/scan_status.h"
#include "push/image_status_board.h"
#include "push/push_endpoints.h"
#include "push/pushed_image_scan.h"
#include "push/scan_queue.h"

namespace bulwark::containers {
namespace {

namespace fs = std::filesystem;

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::vector<std::string> registriesOf(const sdk::Json& settings) {
  std::vector<std::string> out;
  auto it = settings.find("registries");
  if (it != settings.end() && it->is_array())
    for (const auto& r : *it)
      if (r.is_string() && !r.get<std::string>().empty()) out.push_back(r.get<std::string>());
  return out;
}

Logger hostLogger(sdk::Host host) {
  return [host](LogLevel level, const std::string& text) {
    host.log(level == LogLevel::Info      ? BW_LOG_INFO
             : level == LogLevel::Warning ? BW_LOG_WARNING
                                          : BW_LOG_ERROR,
             text);
  };
}

class PushService : public sdk::Service {
 public:
  explicit PushService(const sdk::Context& ctx)
      : host_(ctx.host),
        log_(hostLogger(ctx.host)),
        vulndb_(ctx.host.vulnDb()),
        state_(ctx.host.state()),
        results_(state_),
        transitions_(state_) {
    const sdk::Json& settings = ctx.settings;
    std::vector<std::string> registries = registriesOf(settings);
    if (registries.empty())
      throw std::invalid_argument("name the registries to trust with --registry HOST:PORT");
    rescanSeconds_ = std::max<int64_t>(1, settings.value("rescanCheckSeconds", int64_t{60}));
    if (settings.value("https", false)) scan_.registry.plainHttp = false;
    scan_.registry.platform = settings.value("platform", std::string("linux/amd64"));
    scan_.credentials.username = environment("BULWARK_REGISTRY_USERNAME");
    scan_.credentials.password = environment("BULWARK_REGISTRY_PASSWORD");
    std::string workDir = settings.value("workDir", std::string());
    ownWorkDir_ = workDir.empty();
    scan_.workDir =
        ownWorkDir_ ? fs::temp_directory_path() / ("bulwark-server-" + std::to_string(::getpid()))
                    : fs::path(workDir);
    fs::create_directories(scan_.workDir);
    fs::permissions(scan_.workDir, fs::perms::owner_all, fs::perm_options::replace);
    scan_.statuses = &results_;
    scan_.vulndb = [this] {
      sdk::VulnDbInfo info = vulndb_.info();
      return VulnerabilitySnapshot{hostMatcher(vulndb_, info), info.importedAt};
    };
    lastVersion_ = vulndb_.info().version;

    board_.setListener([this](const ImageStatus& image) { recordTransition(image); });
    queue_ = std::make_unique<ScanQueue>(
        board_, [this](const ManifestPush& push) { return scanPushedImage(push, scan_); }, 1000,
        log_);
    endpoints_ = std::make_unique<PushEndpoints>(registries, board_, *queue_, log_);
    rescanner_ = std::thread([this] { watchVulnDb(); });
  }

  ~PushService() override { stop(); }

  void stop() override {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    wake_.notify_all();
    if (rescanner_.joinable()) rescanner_.join();
    queue_.reset();  // finishes the scan in progress
    if (ownWorkDir_) {
      std::error_code ignored;
      fs::remove_all(scan_.workDir, ignored);
    }
  }

  sdk::HttpResponse handle(const std::string& routeId, const sdk::HttpRequest& request) override {
    if (routeId == "registry-events") return endpoints_->events(request);
    if (routeId == "images") return endpoints_->images(request);
    return sdk::Service::handle(routeId, request);
  }

 private:
  void recordTransition(const ImageStatus& image) {
    ManifestPush push{"", image.registry, image.repository, image.digest, "", ""};
    std::string reference = pushedImageReference(push);
    try {
      switch (image.status) {
        case ScanStatus::Unscanned:
          transitions_.markUnscanned(image.digest, reference);
          break;
        case ScanStatus::InProgress:
          transitions_.markInProgress(image.digest, reference);
          break;
        case ScanStatus::Error:
          transitions_.markError(image.digest, reference, image.reason);
          break;
        case ScanStatus::Completed:
          break;  // written with its result by the scan itself
      }
    } catch (const std::exception& e) {
      log_(LogLevel::Error, std::string("cannot record scan status: ") + e.what());
    }
  }

  // When the vulnerability database has been re-imported, rescans every image already scanned
  // so its findings match the new advisories.
  void watchVulnDb() {
    std::unique_lock lock(mutex_);
    while (
        !wake_.wait_for(lock, std::chrono::seconds(rescanSeconds_), [this] { return stopped_; })) {
      lock.unlock();
      rescanIfReimported();
      lock.lock();
    }
  }

  void rescanIfReimported() {
    sdk::VulnDbInfo info;
    try {
      info = vulndb_.info();
    } catch (const std::exception& e) {
      log_(LogLevel::Warning, std::string("vulnerability database: ") + e.what());
      return;
    }
    if (!info.available || info.version == lastVersion_) return;
    lastVersion_ = info.version;
    size_t queued = 0;
    for (const auto& image : board_.list()) {
      if (image.status != ScanStatus::Completed) continue;
      ManifestPush push{"", image.registry, image.repository, image.digest, "", ""};
      if (queue_->rescan(push) == ScanQueue::Offer::Queued) ++queued;
    }
    log_(LogLevel::Info, "vulnerability database re-imported (" + info.importedAt +
                             "): " + std::to_string(queued) + " images queued for rescan");
  }

  sdk::Host host_;  // a copy: the context outlives only the start call
  Logger log_;
  sdk::VulnDbClient vulndb_;
  HostStatusState state_;
  image::ScanStatusStore results_;
  image::ScanStatusStore transitions_;
  PushedImageScanSettings scan_;
  bool ownWorkDir_ = true;
  int64_t rescanSeconds_ = 60;
  std::string lastVersion_;
  ImageStatusBoard board_;
  std::unique_ptr<ScanQueue> queue_;
  std::unique_ptr<PushEndpoints> endpoints_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopped_ = false;
  std::thread rescanner_;
};

}  // namespace

std::unique_ptr<sdk::Service> startPushService(const sdk::Context& ctx) {
  return std::make_unique<PushService>(ctx);
}

}  // namespace bulwark::containers
