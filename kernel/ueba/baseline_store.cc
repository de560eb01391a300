#include "ueba/baseline_store.h"

#include <sqlite3.h>

#include "store/schema.h"
#include "store/store.h"
#include "ueba/baseline_schema.h"
#include "util/sqlite_statement.h"

namespace bulwark::ueba {
namespace {

constexpr const char* kKinds[] = {"operation", "ip", "country"};

std::unordered_map<std::string, SeenValue>& valuesOf(PrincipalBaseline& b, const std::string& k) {
  if (k == "operation") return b.operations;
  if (k == "ip") return b.ips;
  return b.countries;
}

const std::unordered_map<std::string, SeenValue>& valuesOf(const PrincipalBaseline& b, int i) {
  return i == 0 ? b.operations : i == 1 ? b.ips : b.countries;
}

}  // namespace

BaselineStore::BaselineStore(const std::string& path) : path_(path) {
  db_ = openStore(path, {&baselinesSchema()});
}

BaselineStore::~BaselineStore() {
  sqlite3_close(db_);
}

std::optional<PrincipalBaseline> BaselineStore::load(const std::string& principal) const {
  Statement head(db_,
                 "SELECT first_seen_ns, last_event_ns, last_ip, last_country, last_located_ns "
                 "FROM ueba_principals WHERE principal = ?");
  head.bind(1, principal);
  if (!head.step()) return std::nullopt;
  PrincipalBaseline b;
  b.principal = principal;
  b.firstSeenNs = head.integer(0);
  b.lastEventNs = head.integer(1);
  b.lastIp = head.text(2);
  b.lastCountry = head.text(3);
  b.lastLocatedNs = head.integer(4);
  Statement seen(db_,
                 "SELECT kind, value, first_seen_ns, last_seen_ns FROM ueba_seen "
                 "WHERE principal = ?");
  seen.bind(1, principal);
  while (seen.step())
    valuesOf(b, seen.text(0))[seen.text(1)] = SeenValue{seen.integer(2), seen.integer(3)};
  Statement hours(db_,
                  "SELECT hour, events, deletions, bytes_out FROM ueba_hours WHERE principal = ?");
  hours.bind(1, principal);
  while (hours.step())
    b.hours[hours.integer(0)] = HourActivity{hours.integer(1), hours.integer(2), hours.integer(3)};
  return b;
}

void BaselineStore::save(const std::vector<const PrincipalBaseline*>& baselines) {
  sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  try {
    for (const PrincipalBaseline* b : baselines) {
      Statement put(db_,
                    "INSERT INTO ueba_principals (principal, first_seen_ns, last_event_ns, "
                    "last_ip, last_country, last_located_ns) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(principal) DO UPDATE SET first_seen_ns = "
                    "excluded.first_seen_ns, last_event_ns = excluded.last_event_ns, last_ip = "
                    "excluded.last_ip, last_country = excluded.last_country, last_located_ns = "
                    "excluded.last_located_ns");
      put.bind(1, b->principal)
          .bind(2, b->firstSeenNs)
          .bind(3, b->lastEventNs)
          .bind(4, b->lastIp)
          .bind(5, b->lastCountry)
          .bind(6, b->lastLocatedNs);
      put.run();
      Statement clearSeen(db_, "DELETE FROM ueba_seen WHERE principal = ?");
      clearSeen.bind(1, b->principal);
      clearSeen.run();
      Statement clearHours(db_, "DELETE FROM ueba_hours WHERE principal = ?");
      clearHours.bind(1, b->principal);
      clearHours.run();
      Statement seen(db_,
                     "INSERT INTO ueba_seen (principal, kind, value, first_seen_ns, "
                     "last_seen_ns) VALUES (?, ?, ?, ?, ?)");
      for (int k = 0; k < 3; ++k) {
        for (const auto& [value, s] : valuesOf(*b, k)) {
          seen.bind(1, b->principal)
              .bind(2, std::string(kKinds[k]))
              .bind(3, value)
              .bind(4, s.firstNs)
              .bind(5, s.lastNs);
          seen.run();
        }
      }
      Statement hour(db_,
                     "INSERT INTO ueba_hours (principal, hour, events, deletions, bytes_out) "
                     "VALUES (?, ?, ?, ?, ?)");
      for (const auto& [h, activity] : b->hours) {
        hour.bind(1, b->principal)
            .bind(2, h)
            .bind(3, activity.events)
            .bind(4, activity.deletions)
            .bind(5, activity.bytesOut);
        hour.run();
      }
    }
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw StoreError(path_ + ": cannot save baselines: " + sqlite3_errmsg(db_));
}

size_t BaselineStore::principalCount() const {
  Statement count(db_, "SELECT count(*) FROM ueba_principals");
  return count.step() ? static_cast<size_t>(count.integer(0)) : 0;
}

size_t BaselineStore::rowCount(const std::string& principal) const {
  Statement count(db_,
                  "SELECT (SELECT count(*) FROM ueba_seen WHERE principal = ?1) + "
                  "(SELECT count(*) FROM ueba_hours WHERE principal = ?1)");
  count.bind(1, principal);
  return count.step() ? static_cast<size_t>(count.integer(0)) : 0;
}

}  // namespace bulwark::ueba
