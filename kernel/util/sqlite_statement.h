// A prepared SQLite statement that finalises itself, and the error every SQLite user in the
// kernel throws (the store, the vulnerability database, plugin state).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bulwark {

class SqliteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, int64_t value);
  Statement& bindBlob(int index, std::string_view bytes);
  // Returns true while a row is available.
  bool step();
  // Runs a statement that returns no rows, then resets it for the next bind.
  void run();

  std::string text(int column) const;
  int64_t integer(int column) const;
  // The column's bytes, embedded NULs included (text or blob).
  std::string bytes(int column) const;
  int changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace bulwark
