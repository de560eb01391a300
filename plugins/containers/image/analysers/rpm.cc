// rpm: rpmdb.sqlite (RHEL 9, Fedora 33+, SUSE) read with SQLite from a private temp copy.
// BerkeleyDB ("Packages") and NDB ("Packages.db") databases are reported as unsupported
// problems, never as an image without packages.
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "image/analysers/analysers.h"
#include "image/analysers/rpm_header.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

bool isRpmDir(const std::string& dir) {
  return dir == "var/lib/rpm" || dir == "usr/lib/sysimage/rpm";
}

// A 0700 folder of our own under the temp dir, removed with what it holds.
class PrivateTempDir {
 public:
  PrivateTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "bulwark-rpmdb-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create temp dir");
    path_ = pattern;
  }
  ~PrivateTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class RpmAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "rpm"; }
  bool wants(const FileInfo& f) const override {
    std::string base = baseName(f.path);
    return isRpmDir(parentPath(f.path)) &&
           (base == "rpmdb.sqlite" || base == "Packages" || base == "Packages.db");
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    std::string base = baseName(f.path);
    if (base == "Packages" || base == "Packages.db") {
      out.problems.push_back(std::string("unsupported rpm database format (") +
                             (base == "Packages" ? "BerkeleyDB" : "NDB") +
                             "): the rpm packages of this image were not listed");
      return;
    }
    try {
      PrivateTempDir dir;
      std::filesystem::path file = dir.path() / "rpmdb.sqlite";
      {
        std::ofstream copy(file, std::ios::binary);
        copy.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!copy) throw std::runtime_error("cannot write temp copy");
      }
      readSqlite(f, file.string(), out);
    } catch (const std::exception& e) {
      out.problems.push_back(std::string("rpmdb.sqlite: ") + e.what());
    }
  }

 private:
  static void readSqlite(const FileInfo& f, const std::string& file, FileFindings& out) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      out.problems.push_back("not an SQLite database");
      sqlite3_close(db);
      return;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &stmt, nullptr) !=
        SQLITE_OK) {
      out.problems.push_back(std::string("no readable Packages table: ") + sqlite3_errmsg(db));
      sqlite3_close(db);
      return;
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      int64_t hnum = sqlite3_column_int64(stmt, 0);
      const void* bytes = sqlite3_column_blob(stmt, 1);
      std::string_view blob(static_cast<const char*>(bytes),
                            static_cast<size_t>(sqlite3_column_bytes(stmt, 1)));
      std::string why;
      auto h = parseRpmHeader(bytes == nullptr ? std::string_view() : blob, why);
      if (!h) {
        out.problems.push_back("Packages row hnum " + std::to_string(hnum) + ": " + why);
        continue;
      }
      if (h->name == "gpg-pubkey") continue;
      Package p;
      p.kind = kKindRpm;
      p.name = h->name;
      p.version = (h->epoch > 0 ? std::to_string(h->epoch) + ":" : "") + h->version +
                  (h->release.empty() ? "" : "-" + h->release);
      p.arch = h->arch;
      p.sourceName = rpmSourceName(h->sourceRpm);
      if (p.sourceName.empty()) p.sourceName = p.name;
      p.sourceVersion = p.version;
      p.path = f.path;
      out.packages.push_back(std::move(p));
    }
    if (rc != SQLITE_DONE) out.problems.push_back(std::string("read: ") + sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
};

}  // namespace

std::unique_ptr<Analyser> makeRpmAnalyser() {
  return std::make_unique<RpmAnalyser>();
}

}  // namespace bulwark::image
