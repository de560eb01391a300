#include <boost/program_options.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "vuln/db/importer.h"
#include "vuln/db/vuln_db.h"
#include "vuln/match/matcher.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using nlohmann::json;

namespace {

const char* kVulndbUsage =
    "Usage: bulwark vulndb import PATH... [--db FILE]\n"
    "       bulwark vulndb status [--db FILE] [--format table|json]\n"
    "       bulwark vulndb match --ecosystem E --package P --version V [--distro D --release R]\n"
    "                            [--source-package S] [--db FILE] [--format table|json]\n\n"
    "The vulnerability database is its own SQLite file: --db, else the configuration's\n"
    "vulndb.path, else var/vulndb.sqlite. import reads OSV records (JSON, YAML, folders, OSV's\n"
    "per-ecosystem .zip files), Debian security tracker JSON and Alpine/Wolfi secdb JSON.\n\n"
    "Options";

std::string resolveDbPath(const std::string& db, const std::string& configPath, bool configGiven) {
  if (!db.empty()) return db;
  std::error_code ec;
  if (configGiven || std::filesystem::exists(configPath, ec)) {
    Config config = loadConfig(configPath);
    if (!config.vulndbPath.empty()) return config.vulndbPath;
  }
  return "var/vulndb.sqlite";
}

int importVerb(const std::vector<std::string>& paths, const std::string& dbPath) {
  if (paths.empty()) {
    std::cerr << "bulwark vulndb import: name at least one file or folder\n";
    return kExitUsage;
  }
  vuln::VulnDb db(dbPath, true);
  vuln::ImportSummary s = vuln::importSources(db, paths);
  constexpr size_t kShown = 50;
  for (size_t i = 0; i < s.problems.size() && i < kShown; ++i)
    std::cerr << "bulwark vulndb: skipped " << s.problems[i].str() << "\n";
  if (s.problems.size() > kShown)
    std::cerr << "bulwark vulndb: ... and " << s.problems.size() - kShown << " more problems\n";
  double rate = s.seconds > 0 ? static_cast<double>(s.records) / s.seconds : 0;
  std::cout << "imported " << s.records << " advisories from " << s.files << " files into "
            << dbPath << " in " << std::fixed << std::setprecision(2) << s.seconds << " s ("
            << std::setprecision(0) << rate << " records/s); " << s.problems.size()
            << " skipped with problems, " << s.ignoredFiles << " files not advisories\n";
  bool missing = std::any_of(s.problems.begin(), s.problems.end(),
                             [](const auto& p) { return p.message == "no such file or folder"; });
  return missing ? kExitRuntime : kExitOk;
}

int statusVerb(const std::string& dbPath, const std::string& format) {
  vuln::VulnDb db(dbPath, false);
  vuln::DbStatus st = db.status();
  if (format == "json") {
    json out = {{"path", dbPath},
                {"schema_version", st.schemaVersion},
                {"created_at", st.createdAt},
                {"last_import_at", st.lastImportAt},
                {"advisories", st.advisories},
                {"sources", json::array()},
                {"ecosystems", json::array()}};
    for (const auto& s : st.sources)
      out["sources"].push_back({{"path", s.path},
                                {"kind", s.kind},
                                {"imported_at", s.importedAt},
                                {"records", s.records},
                                {"problems", s.problems}});
    for (const auto& e : st.ecosystems)
      out["ecosystems"].push_back(
          {{"ecosystem", e.ecosystem}, {"advisories", e.advisories}, {"packages", e.packages}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "database        " << dbPath << "\n"
            << "schema version  " << st.schemaVersion << "\n"
            << "created         " << st.createdAt << "\n"
            << "last import     " << st.lastImportAt << "\n"
            << "advisories      " << st.advisories << "\n\nsources:\n";
  for (const auto& s : st.sources)
    std::cout << "  " << s.importedAt << "  " << std::left << std::setw(16) << s.kind << " "
              << std::right << std::setw(7) << s.records << " records  " << s.problems
              << " problems  " << s.path << "\n";
  std::cout << "\necosystem                 advisories  packages\n";
  for (const auto& e : st.ecosystems)
    std::cout << "  " << std::left << std::setw(24) << e.ecosystem << std::right << std::setw(10)
              << e.advisories << std::setw(10) << e.packages << "\n";
  return kExitOk;
}

int matchVerb(const vuln::PackageQuery& q, const std::string& dbPath, const std::string& format) {
  vuln::VulnDb db(dbPath, false);
  auto matches = vuln::Matcher(db).match(q);
  if (format == "json") {
    json out = json::array();
    for (const auto& m : matches)
      out.push_back({{"id", m.id},
                     {"aliases", m.aliases},
                     {"source", m.source},
                     {"severity", m.severity},
                     {"severity_origin", m.severityOrigin},
                     {"cvss", m.cvss},
                     {"summary", m.summary},
                     {"ecosystem", m.ecosystem},
                     {"release", m.release},
                     {"package", m.package},
                     {"installed_version", m.installedVersion},
                     {"fixed_version", m.fixedVersion},
                     {"state", m.state}});
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  if (matches.empty()) {
    std::cout << "no known vulnerabilities for " << q.package << " " << q.version << "\n";
    return kExitOk;
  }
  for (const auto& m : matches) {
    std::string aliases;
    for (const auto& a : m.aliases)
      aliases += (aliases.empty() ? "" : ",") + a;
    std::cout << std::left << std::setw(22) << m.id << " " << std::setw(8) << m.severity << " "
              << std::setw(9) << m.state << " " << m.package << " " << m.installedVersion << " -> "
              << (m.fixedVersion.empty() ? "(no fix)" : m.fixedVersion)
              << (aliases.empty() ? "" : "  [" + aliases + "]") << "\n";
  }
  return kExitOk;
}

}  // namespace

int vulndbCommand(const Args& args) {
  po::options_description opts(kVulndbUsage);
  std::string verb, dbFile, configPath = "config/bulwark.yaml", format = "table";
  vuln::PackageQuery q;
  std::vector<std::string> paths;
  opts.add_options()("help,h", "show this help")("db", po::value(&dbFile),
                                                 "vulnerability database file")(
      "config,c", po::value(&configPath), "configuration file (gives vulndb.path)")(
      "format,f", po::value(&format), "table or json")("ecosystem", po::value(&q.ecosystem),
                                                       "match: OSV ecosystem (npm, PyPI, ...)")(
      "package", po::value(&q.package), "match: package name")("version", po::value(&q.version),
                                                               "match: installed version")(
      "distro", po::value(&q.distro), "match: distro (debian, alpine, wolfi)")(
      "release", po::value(&q.release), "match: distro release (bookworm, 12, v3.18)")(
      "source-package", po::value(&q.sourcePackage), "match: distro source package");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("path", po::value(&paths));
  po::positional_options_description pos;
  pos.add("verb", 1).add("path", -1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bulwark vulndb: " << e.what() << "\n" << opts << "\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return kExitOk;
  }
  if ((verb != "import" && verb != "status" && verb != "match") ||
      (format != "table" && format != "json") || (verb != "import" && !paths.empty())) {
    std::cerr << "bulwark vulndb: expected 'import PATH...', 'status' or 'match'\n" << opts << "\n";
    return kExitUsage;
  }
  if (verb == "match" && (q.ecosystem.empty() && q.distro.empty())) {
    std::cerr << "bulwark vulndb match: --ecosystem (or --distro) is required\n";
    return kExitUsage;
  }
  if (verb == "match" && (q.package.empty() || q.version.empty())) {
    std::cerr << "bulwark vulndb match: --package and --version are required\n";
    return kExitUsage;
  }
  std::string dbPath;
  try {
    dbPath = resolveDbPath(dbFile, configPath, vm.count("config") > 0);
  } catch (const std::exception& e) {
    std::cerr << "bulwark vulndb: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    if (verb == "import") return importVerb(paths, dbPath);
    if (verb == "status") return statusVerb(dbPath, format);
    return matchVerb(q, dbPath, format);
  } catch (const std::exception& e) {
    std::cerr << "bulwark vulndb: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
