#include "images_command.h"

#include <bulwark/sdk/files.hpp>
#include <bulwark/sdk/time.hpp>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "host_status_state.h"
#include "host_vulnerabilities.h"
#include "image/image_error.h"
#include "image/image_report.h"
#include "image/image_scan.h"
#include "image/sarif/image_sarif.h"
#include "image/sbom/sbom.h"
#include "image/scan_status.h"
#include "image/triage/triage.h"
#include "image/triage/triage_error.h"
#include "registry/pulled_layout.h"

namespace bulwark::containers {
namespace po = boost::program_options;
using nlohmann::json;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitRuntime = 3;

const char* kImagesUsage =
    "Usage: bulwark images scan IMAGE [--vulndb FILE] [--platform os/arch[/variant]]\n"
    "                          [--store FILE] [--format table|json|sarif|cyclonedx|spdx]\n"
    "                          [--output FILE] [--ignore FILE] [--vex FILE]...\n"
    "       bulwark images list [--store FILE] [--vulndb FILE] [--format table|json]\n"
    "       bulwark images show DIGEST [--store FILE] [--format table|json]\n\n"
    "(the containers plugin's command; --store, --vulndb and --config are the kernel's host\n"
    "options).\n"
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

// What one run of the command works with: its output, the plugin's state (the statuses) and
// the host's vulnerability database.
struct Session {
  std::ostream& out;
  std::ostream& err;
  sdk::VulnDbClient vulndb;
  HostStatusState state;
};

// Standard output, or the file named, written whole or not at all.
void writeOutput(const std::string& text, const std::string& file, std::ostream& out) {
  if (file.empty()) {
    out << text;
    out.flush();
    return;
  }
  try {
    sdk::writeFileAtomically(file, text);
  } catch (const std::runtime_error&) {
    throw std::runtime_error(file + ": cannot write report");
  }
}

// The last completed result, or null when there is none or what is stored does not parse.
json storedResult(const image::ImageStatus& status) {
  if (status.resultJson.empty()) return nullptr;
  json result = json::parse(status.resultJson, nullptr, false);
  return result.is_discarded() ? json(nullptr) : result;
}

std::string shortDigest(const std::string& digest) {
  return digest.rfind("sha256:", 0) == 0 ? digest.substr(7, 12) : digest;
}

std::string currentImportTime(const Session& session) {
  sdk::VulnDbInfo info = session.vulndb.info();
  return info.available ? info.importedAt : std::string();
}

int scanVerb(const std::string& imageText, const std::string& platform, Session& session,
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
      session.err << "bulwark images: cannot pull " << imageText.substr(9) << ": " << e.what()
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
    session.err << "bulwark images: " << e.what() << "\n";
    return kExitUsage;
  }
  sdk::VulnDbInfo info = session.vulndb.info();
  image::PackageMatcher match = hostMatcher(session.vulndb, info);
  std::string importedAt = info.available ? info.importedAt : std::string();
  image::ScanStatusStore statuses(session.state);
  std::string digest;
  options.onResolved = [&](const std::string& resolved) {
    digest = resolved;
    statuses.markInProgress(digest, ref.text);
  };
  image::ImageScanResult result;
  try {
    result = image::scanImage(ref, options, match);
  } catch (const std::exception& e) {
    statuses.markError(digest.empty() ? "unresolved:" + ref.text : digest, ref.text, e.what());
    session.err << "bulwark images: scan error: " << e.what() << "\n";
    return kExitRuntime;
  }
  image::applyTriage(result, triage, sdk::utcToday());
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
  writeOutput(text, output, session.out);
  return kExitOk;
}

int listVerb(Session& session, const std::string& format) {
  image::ScanStatusStore statuses(session.state);
  std::string importedAt = currentImportTime(session);
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
    session.out << out.dump(2) << "\n";
    return kExitOk;
  }
  session.out << std::left << std::setw(14) << "DIGEST" << std::setw(18) << "STATUS"
              << std::setw(10) << "PACKAGES" << std::setw(10) << "FINDINGS" << std::setw(22)
              << "SCANNED"
              << "REFERENCE\n";
  for (const auto& s : rows) {
    session.out << std::setw(13) << shortDigest(s.digest) << " " << std::setw(18)
                << image::scanStateName(s.state) << std::setw(10) << s.packages << std::setw(10)
                << s.findings << std::setw(22) << (s.scannedAt.empty() ? "-" : s.scannedAt)
                << s.reference << (s.rescanNeeded(importedAt) ? "  (rescan needed)" : "")
                << (s.state == image::ScanState::Error ? "  reason: " + s.reason : "") << "\n";
  }
  return kExitOk;
}

int showVerb(const std::string& digest, Session& session, const std::string& format) {
  image::ScanStatusStore statuses(session.state);
  auto status = statuses.find(digest);
  if (!status) {
    session.err << "bulwark images: no image (or more than one) matches '" << digest
                << "' in the store\n";
    return kExitRuntime;
  }
  if (format == "json") {
    json out = {{"digest", status->digest},
                {"reference", status->reference},
                {"status", image::scanStateName(status->state)},
                {"reason", status->reason},
                {"scanned_at", status->scannedAt},
                {"rescan_needed", status->rescanNeeded(currentImportTime(session))},
                {"result", storedResult(*status)}};
    session.out << out.dump(2) << "\n";
    return kExitOk;
  }
  session.out << "status    " << image::scanStateName(status->state)
              << (status->reason.empty() ? "" : ": " + status->reason) << "\n";
  if (json result = storedResult(*status); result.is_object())
    session.out << "scanned   " << status->scannedAt << "\n" << image::renderScanTable(result);
  return kExitOk;
}

}  // namespace

int imagesCommand(const std::vector<std::string>& args, sdk::CommandIo& io,
                  const sdk::Context& ctx) {
  Session session{io.out, io.err, ctx.host.vulnDb(), HostStatusState(ctx.host.state())};
  po::options_description opts(kImagesUsage);
  std::string verb, target, platform, output, format = "table";
  TriageFiles triageFiles;
  opts.add_options()("help,h", "show this help")("platform", po::value(&platform),
                                                 "os/arch[/variant] for multi-platform images")(
      "format,f", po::value(&format), "table or json")("output,o", po::value(&output),
                                                       "write the scan report to FILE")(
      "ignore", po::value(&triageFiles.ignore), "YAML file of findings to ignore (scan)")(
      "vex", po::value(&triageFiles.vex), "OpenVEX JSON document (scan; repeatable)");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("target", po::value(&target));
  po::positional_options_description pos;
  pos.add("verb", 1).add("target", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    io.err << "bulwark images: " << e.what() << "\n" << opts << "\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    io.out << opts << "\n";
    return kExitOk;
  }
  bool needsTarget = verb == "scan" || verb == "show";
  bool sbom = format == "cyclonedx" || format == "spdx" || format == "sarif";
  if ((verb != "list" && !needsTarget) || (needsTarget && target.empty()) ||
      (format != "table" && format != "json" && !(sbom && verb == "scan"))) {
    io.err << "bulwark images: expected list, scan IMAGE or show DIGEST, and --format "
              "table|json (scan also sarif|cyclonedx|spdx)\n"
           << opts << "\n";
    return kExitUsage;
  }
  if (verb != "scan" && (!triageFiles.ignore.empty() || !triageFiles.vex.empty())) {
    io.err << "bulwark images: --ignore and --vex apply to scan only\n";
    return kExitUsage;
  }
  try {
    if (verb == "scan") return scanVerb(target, platform, session, format, output, triageFiles);
    if (verb == "list") return listVerb(session, format);
    return showVerb(target, session, format);
  } catch (const std::exception& e) {
    io.err << "bulwark images: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::containers
