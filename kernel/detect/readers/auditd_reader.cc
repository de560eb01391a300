// Raw auditd logs (/var/log/audit/audit.log). The kernel writes one syscall event as several
// records sharing a serial (SYSCALL, EXECVE, CWD, PATH..., PROCTITLE) closed by EOE; they are
// grouped into one event so rules see the command, the files and the watch key together.
// User-space records (USER_LOGIN, USER_CMD, DAEMON_END ...) stand alone.
//
// The event's message holds the grouped records, one per line and decoded, in the form
// audisp-syslog forwards them, so rules written for forwarded records match the raw log too;
// a last "command: ..." line gives the full command line (EXECVE arguments, else proctitle).
#include <algorithm>
#include <deque>
#include <iterator>

#include "detect/readers/audit_record.h"
#include "detect/readers/formats.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

constexpr std::string_view kUnsetId = "4294967295";  // auid/ses never set (-1)
// A group without its EOE (older kernels, a record lost to a rotation) is given up once this
// many lines or milliseconds of log have passed it.
constexpr uint64_t kMaxGroupLines = 64;
constexpr int64_t kMaxGroupAgeMs = 2000;

bool standsAlone(std::string_view type) {
  for (std::string_view prefix : {"USER_", "CRED_", "DAEMON_", "SERVICE_", "SYSTEM_", "ROLE_"}) {
    if (type.substr(0, prefix.size()) == prefix) return true;
  }
  for (std::string_view t : {"ADD_USER", "DEL_USER", "ADD_GROUP", "DEL_GROUP", "GRP_MGMT",
                             "ACCT_LOCK", "ACCT_UNLOCK", "LOGIN_FAILED"}) {
    if (type == t) return true;
  }
  return false;
}

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool usable(std::optional<std::string_view> v) {
  return v && !v->empty() && *v != "?" && *v != "(null)" && *v != "(none)" && *v != kUnsetId;
}

struct Group {
  std::vector<AuditRecord> records;
  std::vector<std::string> rawLines;
  const std::string* file = nullptr;
  uint64_t firstLine = 0;
  uint64_t lastLine = 0;
};

class EventBuilder {
 public:
  EventBuilder(const Group& g, KeyTable& keys) : g_(g), keys_(keys) {}

  Event build() {
    Event e;
    e.source = keys_.intern("auditd");
    e.file = g_.file;
    e.line = g_.firstLine;
    e.timeNs = g_.records.front().timeMs * (kNsPerSecond / 1000);
    for (size_t i = 0; i < g_.rawLines.size(); ++i)
      e.raw += (i ? "\n" : "") + g_.rawLines[i];
    const AuditRecord& primary = primaryRecord();
    e.type = keys_.intern(eventType(primary));
    if (!primary.node.empty()) e.set(keys::kHost, primary.node);

    put(e, keys::kUser, userName(primary));
    put(e, keys::kPid, first("pid"));
    std::string process(first("comm"));
    std::string exe(first("exe"));
    if (process.empty() && !exe.empty()) process = exe.substr(exe.rfind('/') + 1);
    put(e, keys::kProcess, process);
    put(e, keys_.intern("exe"), exe);
    std::string_view addr = first("addr");
    put(e, keys::kIp, addr);
    std::string_view hostname = first("hostname");
    if (hostname != addr) put(e, keys::kSrcHost, hostname);
    put(e, keys::kOperation, first("op"));
    std::string_view result = first("res");
    if (result.empty()) result = first("success");
    put(e, keys::kStatus, result);
    put(e, keys::kPath, targetPath());
    put(e, keys_.intern("key"), watchKey());
    for (std::string_view id : {"auid", "uid", "euid", "ses", "tty", "terminal", "syscall"})
      put(e, keys_.intern(id), first(id));
    std::string command = commandLine();
    put(e, keys_.intern("command"), command);

    std::string message;
    for (const auto& r : g_.records) {
      if (r.type == "EOE") continue;
      message += (message.empty() ? "" : "\n") + r.render();
    }
    if (!command.empty()) message += "\ncommand: " + command;
    e.set(keys::kMessage, std::move(message));
    return e;
  }

 private:
  const AuditRecord& primaryRecord() const {
    for (const auto& r : g_.records) {
      if (r.type == "SYSCALL") return r;
    }
    return g_.records.front();
  }

  // sshd's USER_LOGIN records are SSH logins, typed like the syslog reader's so the SSH rules
  // apply to audit logs too; everything else is "audit.<record type>".
  std::string eventType(const AuditRecord& primary) const {
    if (primary.type == "USER_LOGIN") {
      std::string_view exe = first("exe");
      if (exe.size() >= 5 && exe.substr(exe.size() - 5) == "/sshd") {
        std::string_view res = first("res");
        if (res == "success") return "ssh.login.success";
        if (res == "failed") return "ssh.login.failed";
      }
    }
    return "audit." + lowered(primary.type);
  }

  // The first usable value of `name` across the group's records.
  std::string_view first(std::string_view name) const {
    for (const auto& r : g_.records) {
      auto v = r.get(name);
      if (usable(v)) return *v;
    }
    return {};
  }

  std::string_view firstEnriched(std::string_view name) const {
    for (const auto& r : g_.records) {
      auto v = r.getEnriched(name);
      if (usable(v)) return *v;
    }
    return {};
  }

  // The account acted on for user-space records (acct=, or id= for logins), else the login
  // user (auid), else the uid: enriched names when the log has them, uid 0 as root.
  std::string userName(const AuditRecord& primary) const {
    std::string_view acct = first("acct");
    if (!acct.empty()) return std::string(acct);
    std::vector<std::pair<std::string_view, std::string_view>> order = {{"auid", "AUID"},
                                                                        {"uid", "UID"}};
    if (primary.type == "USER_LOGIN") order.insert(order.begin(), {"id", "ID"});
    for (const auto& [id, enrichedName] : order) {
      std::string_view name = firstEnriched(enrichedName);
      if (!name.empty() && name != "unset") return std::string(name);
      std::string_view number = first(id);
      if (number == "0") return "root";
      if (!number.empty()) return std::string(number);
    }
    return {};
  }

  // The file acted on: the last PATH item that is not the parent folder.
  std::string_view targetPath() const {
    std::string_view parent;
    std::string_view target;
    for (const auto& r : g_.records) {
      if (r.type != "PATH") continue;
      auto name = r.get("name");
      if (!usable(name)) continue;
      if (r.get("nametype") == std::optional<std::string_view>("PARENT"))
        parent = *name;
      else
        target = *name;
    }
    return target.empty() ? parent : target;
  }

  // Several keys on one rule are joined by 0x01 in the log (decoded to spaces here).
  std::string watchKey() const {
    std::string key(first("key"));
    std::replace(key.begin(), key.end(), ' ', ',');
    return key;
  }

  std::string commandLine() const {
    for (const auto& r : g_.records) {
      if (r.type != "EXECVE") continue;
      std::string command;
      for (const auto& f : r.fields) {
        if (f.name.size() < 2 || f.name[0] != 'a' || f.name[1] < '0' || f.name[1] > '9' ||
            f.name.find('_') != std::string::npos)
          continue;
        command += (command.empty() ? "" : " ") + f.value;
      }
      if (!command.empty()) return command;
    }
    std::string_view title = first("proctitle");
    if (!title.empty()) return std::string(title);
    return std::string(first("cmd"));  // USER_CMD: sudo's command
  }

  static void put(Event& e, Key key, std::string_view value) {
    if (!value.empty()) e.set(key, std::string(value));
  }

  const Group& g_;
  KeyTable& keys_;
};

class AuditdReader : public LineReader {
 public:
  void read(std::istream& in, const std::string& file, KeyTable& keys, const EventSink& sink,
            ReadStats& stats) override {
    LineReader::read(in, file, keys, sink, stats);
    flushAll(keys, sink, stats);
  }

  // A chunk of a followed file: groups still open at its end are emitted with what they have,
  // so no event waits for lines that may never come.
  bool readLines(std::string_view text, const std::string& file, uint64_t firstLine, KeyTable& keys,
                 const EventSink& sink, ReadStats& stats) override {
    LineReader::readLines(text, file, firstLine, keys, sink, stats);
    flushAll(keys, sink, stats);
    return true;
  }

 private:
  void begin(const std::string&) override { pending_.clear(); }

  std::string parseLine(const Line& line, const EventSink& emit) override {
    std::string error;
    auto record = parseAuditRecord(line.text, error);
    if (!record) return error;
    flushStale(line.number, record->timeMs, line.keys, emit);
    auto open = std::find_if(pending_.begin(), pending_.end(), [&](const Group& g) {
      const AuditRecord& r = g.records.front();
      return r.serial == record->serial && r.timeMs == record->timeMs && r.node == record->node;
    });
    if (open == pending_.end()) {
      if (record->type == "EOE") return {};  // its group was already given up
      pending_.push_back(Group{{}, {}, line.file, line.number, line.number});
      open = std::prev(pending_.end());
    }
    bool closes = record->type == "EOE" || (open->records.empty() && standsAlone(record->type));
    open->records.push_back(std::move(*record));
    open->rawLines.emplace_back(line.text);
    open->lastLine = line.number;
    if (closes) {
      emit(EventBuilder(*open, line.keys).build());
      pending_.erase(open);
    }
    return {};
  }

  void flushStale(uint64_t lineNumber, int64_t timeMs, KeyTable& keys, const EventSink& emit) {
    while (!pending_.empty()) {
      const Group& oldest = pending_.front();
      bool stale = lineNumber - oldest.lastLine > kMaxGroupLines ||
                   timeMs - oldest.records.back().timeMs > kMaxGroupAgeMs;
      if (!stale) break;
      emit(EventBuilder(oldest, keys).build());
      pending_.pop_front();
    }
  }

  void flushAll(KeyTable& keys, const EventSink& sink, ReadStats& stats) {
    for (const auto& g : pending_) {
      ++stats.events;
      sink(EventBuilder(g, keys).build());
    }
    pending_.clear();
  }

  std::deque<Group> pending_;  // open groups, oldest first
};

}  // namespace

std::unique_ptr<Reader> makeAuditdReader() {
  return std::make_unique<AuditdReader>();
}

}  // namespace bulwark::detect
