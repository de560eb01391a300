#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli/commands.h"
#include "image/image_error.h"
#include "image/image_report.h"
#include "image/image_scan.h"
#include "image/sarif/image_sarif.h"
#include "image/sbom/sbom.h"
#include "image/scan_status.h"
#include "image/triage/triage.h"
#include "image/triage/triage_error.h"
#include "registry/pulled_layout.h"
#include "vuln/db/vuln_db.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using nlohmann::json;

namespace {

const char* kImagesUsage =
    "Usage: bulwark images scan IMAGE [--vulndb FILE] [--platform os/arch[/variant]]\n"
    "                          [--store FILE] [--format table|json|sarif|cyclonedx|spdx]\n"
    "                          [--output FILE] [--ignore FILE] [--vex FILE]...\n"
    "       bulwark images list [--store FILE] [--vulndb FILE] [--format table|json]\n"
    "       bulwark images show DIGEST [--store FILE] [--format table|json]\n\n"
    "IMAGE is docker-archive:PATH (a `docker save` tarball), oci:PATH[:TAG] (an OCI layout\n"
    "folder or tar), rootfs:PATH (a root filesystem folder) or registry:HOST/REPO[:TAG|@DIGEST]\n"
    "(pulled over the Registry HTTP API v2; credentials from BULWARK_REGISTRY_USERNAME and\n"
    "BULWARK_REGISTRY_PASSWORD). scan lists the image's packages\n"
    "and, with a vulnerability database (--vulndb, else the configuration's vulndb.path, else\n"
    "var/vulndb.sqlite when it exists), their known vulnerabilities; the scan status of each\n"
    "image digest is kept in the store. --format cyclonedx or spdx writes the scan as a\n"
    "CycloneDX 1.5 or SPDX 2.3 JSON SBOM, sarif as SARIF 2.1.0. --ignore (YAML: id, package,\n"
    "expires, reason) and --vex (OpenVEX JSON, repeatable) set findings aside: they are reported\n"
    "as ignored or not affected, with the reason, and not counted. list flags images matched "
    "against an older database\n"
    "than the current one as needing a rescan. DIGEST may be a unique prefix.\n\n"
    "Options";

struct TriageFiles {
  std::string ignore;
  std::vector<std::string> vex;
};

image::Triage loadTriage(const TriageFiles& files) {
  image::Triage triage;
  if (!files.ignore.empty()) triage.ignores = image::loadIgnoreFile(files.ignore);
  for (const auto& path : files.vex) {
    auto statements = image::loadOpenVex(path);
    triage.vex.insert(triage.vex.end(), statements.begin(), statements.end());
  }
  return triage;
}

struct Paths {
  std::string store;
  std::string vulndb;  // empty: no database
};

std::string shortDigest(const std::string& digest) {
  return digest.rfind("sha256:", 0) == 0 ? digest.substr(7, 12) : digest;
}

std::string currentImportTime(const std::string& vulndb) {
  if (vulndb.empty() || !std::filesystem::exists(vulndb)) return {};
  return vuln::VulnDb(vulndb, false).status().lastImportAt;
}

int scanVerb(const std::string& imageText, const std::string& platform, const Paths& paths,
             const std::string& format, const std::string& output, const TriageFiles& files) {
  image::ImageReference ref;
  image::ScanOptions options;
  image::Triage triage;
  // registry:HOST/REPO[:TAG|@DIGEST] is pulled (digests verified) into a private OCI layout
  // that is scanned and removed; statuses and reports name the registry image.
  std::unique_ptr<registry::PulledLayout> pulled;
  if (imageText.rfind("registry:", 0) == 0) {
    try {
      registry::RegistryOptions pull;
      if (!platform.empty()) pull.platform = platform;
      const char* user = std::getenv("BULWARK_REGISTRY_USERNAME");
      const char* password = std::getenv("BULWARK_REGISTRY_PASSWORD");
      pulled = std::make_unique<registry::PulledLayout>(
          imageText.substr(9), pull,
          registry::RegistryCredentials{user ? user : "", password ? password : ""});
    } catch (const std::exception& e) {
      std::cerr << "bulwark images: cannot pull " << imageText.substr(9) << ": " << e.what()
                << "\n";
      return kExitRuntime;
    }
  }
  try {
    ref = image::parseImageReference(pulled ? "oci:" + pulled->path().string() : imageText);
    if (pulled) ref.text = imageText;
    if (!platform.empty()) options.platform = image::parsePlatform(platform);
    triage = loadTriage(files);
  } catch (const std::runtime_error& e) {
    std::cerr << "bulwark images: " << e.what() << "\n";
    return kExitUsage;
  }
  std::unique_ptr<vuln::VulnDb> db;
  std::string importedAt;
  if (!paths.vulndb.empty()) {
    db = std::make_unique<vuln::VulnDb>(paths.vulndb, false);
    importedAt = db->status().lastImportAt;
  }
  image::ScanStatusStore statuses(paths.store);
  std::string digest;
  options.onResolved = [&](const std::string& resolved) {
    digest = resolved;
    statuses.markInProgress(digest, ref.text);
  };
  image::ImageScanResult result;
  try {
    result = image::scanImage(ref, options, db.get());
  } catch (const std::exception& e) {
    statuses.markError(digest.empty() ? "unresolved:" + ref.text : digest, ref.text, e.what());
    std::cerr << "bulwark images: scan error: " << e.what() << "\n";
    return kExitRuntime;
  }
  image::applyTriage(result, triage, image::utcToday());
  json out = image::scanResultJson(result);
  statuses.markCompleted(result.digest, ref.text, importedAt,
                         static_cast<int64_t>(result.packages.size()),
                         static_cast<int64_t>(result.findings.size()), out.dump());
  std::string text;
  if (format == "cyclonedx")
    text = image::cycloneDxSbom(result, image::currentSbomContext()).dump(2) + "\n";
  else if (format == "spdx")
    text = image::spdxSbom(result, image::currentSbomContext()).dump(2) + "\n";
  else if (format == "sarif")
    text = image::imageScanSarif(result, image::currentSbomContext().toolVersion).dump(2) + "\n";
  else if (format == "json")
    text = out.dump(2) + "\n";
  else
    text = image::renderScanTable(out);
  writeOutput(text, output);
  return kExitOk;
}

int listVerb(const Paths& paths, const std::string& format) {
  image::ScanStatusStore statuses(paths.store);
  std::string importedAt = currentImportTime(paths.vulndb);
  auto rows = statuses.list();
  if (format == "json") {
    json out = json::array();
    for (const auto& s : rows)
      out.push_back({{"digest", s.digest},
                     {"reference", s.reference},
                     {"status", image::scanStateName(s.state)},
                     {"reason", s.reason},
                     {"updated_at", s.updatedAt},
                     {"scanned_at", s.scannedAt},
                     {"vulndb_imported_at", s.vulndbImportedAt},
                     {"packages", s.packages},
                     {"findings", s.findings},
                     {"rescan_needed", s.rescanNeeded(importedAt)}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << std::left << std::setw(14) << "DIGEST" << std::setw(18) << "STATUS" << std::setw(10)
            << "PACKAGES" << std::setw(10) << "FINDINGS" << std::setw(22) << "SCANNED"
            << "REFERENCE\n";
  for (const auto& s : rows) {
    std::cout << std::setw(13) << shortDigest(s.digest) << " " << std::setw(18)
              << image::scanStateName(s.state) << std::setw(10) << s.packages << std::setw(10)
              << s.findings << std::setw(22) << (s.scannedAt.empty() ? "-" : s.scannedAt)
              << s.reference << (s.rescanNeeded(importedAt) ? "  (rescan needed)" : "")
              << (s.state == image::ScanState::Error ? "  reason: " + s.reason : "") << "\n";
  }
  return kExitOk;
}

int showVerb(const std::string& digest, const Paths& paths, const std::string& format) {
  image::ScanStatusStore statuses(paths.store);
  auto status = statuses.find(digest);
  if (!status) {
    std::cerr << "bulwark images: no image (or more than one) matches '" << digest << "' in "
              << paths.store << "\n";
    return kExitRuntime;
  }
  if (format == "json") {
    json out = {
        {"digest", status->digest},
        {"reference", status->reference},
        {"status", image::scanStateName(status->state)},
        {"reason", status->reason},
        {"scanned_at", status->scannedAt},
        {"rescan_needed", status->rescanNeeded(currentImportTime(paths.vulndb))},
        {"result", status->resultJson.empty() ? json(nullptr) : json::parse(status->resultJson)}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "status    " << image::scanStateName(status->state)
            << (status->reason.empty() ? "" : ": " + status->reason) << "\n";
  if (!status->resultJson.empty())
    std::cout << "scanned   " << status->scannedAt << "\n"
              << image::renderScanTable(json::parse(status->resultJson));
  return kExitOk;
}

}  // namespace

int imagesCommand(const Args& args) {
  po::options_description opts(kImagesUsage);
  std::string verb, target, store, vulndb, platform, output, format = "table";
  std::string configPath = "config/bulwark.yaml";
  TriageFiles triageFiles;
  opts.add_options()("help,h", "show this help")("store", po::value(&store),
                                                 "SQLite store file (overrides the config)")(
      "vulndb", po::value(&vulndb), "vulnerability database file")(
      "config,c", po::value(&configPath), "configuration file (store and vulndb paths)")(
      "platform", po::value(&platform), "os/arch[/variant] for multi-platform images")(
      "format,f", po::value(&format), "table or json")("output,o", po::value(&output),
                                                       "write the scan report to FILE")(
      "ignore", po::value(&triageFiles.ignore), "YAML file of findings to ignore (scan)")(
      "vex", po::value(&triageFiles.vex), "OpenVEX JSON document (scan; repeatable)");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("target", po::value(&target));
  po::positional_options_description pos;
  pos.add("verb", 1).add("target", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("images", args, opts, hidden, pos, vm)) return *exit;
  bool needsTarget = verb == "scan" || verb == "show";
  bool sbom = format == "cyclonedx" || format == "spdx" || format == "sarif";
  if ((verb != "list" && !needsTarget) || (needsTarget && target.empty()) ||
      (format != "table" && format != "json" && !(sbom && verb == "scan"))) {
    std::cerr << "bulwark images: expected list, scan IMAGE or show DIGEST, and --format "
                 "table|json (scan also sarif|cyclonedx|spdx)\n"
              << opts << "\n";
    return kExitUsage;
  }
  if (verb != "scan" && (!triageFiles.ignore.empty() || !triageFiles.vex.empty())) {
    std::cerr << "bulwark images: --ignore and --vex apply to scan only\n";
    return kExitUsage;
  }
  Paths paths{store, vulndb};
  try {
    if (store.empty() || vulndb.empty()) {
      std::error_code ec;
      if (vm.count("config") || std::filesystem::exists(configPath, ec)) {
        Config config = loadConfig(configPath);
        if (paths.store.empty()) paths.store = config.storePath;
        if (paths.vulndb.empty()) paths.vulndb = config.vulndbPath;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "bulwark images: " << e.what() << "\n";
    return kExitUsage;
  }
  if (paths.store.empty()) paths.store = "var/bulwark.db";
  if (paths.vulndb.empty()) paths.vulndb = "var/vulndb.sqlite";
  // Only a database named with --vulndb must exist; the defaults are used when present.
  if (vulndb.empty() && !std::filesystem::exists(paths.vulndb)) paths.vulndb.clear();
  try {
    if (verb == "scan") return scanVerb(target, platform, paths, format, output, triageFiles);
    if (verb == "list") return listVerb(paths, format);
    return showVerb(target, paths, format);
  } catch (const std::exception& e) {
    std::cerr << "bulwark images: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
