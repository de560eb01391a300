#include "wtmp_source.h"

#include <arpa/inet.h>
#include <utmp.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace bulwark::vm {
namespace {

static_assert(sizeof(struct utmp) == 384, "wtmp records are read as the x86-64 glibc layout");

constexpr int64_t kNsPerSecond = 1000000000;
constexpr int64_t kLatestSeconds = 7258118400;  // 2200-01-01

// A fixed-size, possibly unterminated text field.
std::string text(const char* field, size_t size) {
  return std::string(field, strnlen(field, size));
}

bool printableText(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

const char* typeName(short type) {
  switch (type) {
    case RUN_LVL:
      return "RUN_LVL";
    case BOOT_TIME:
      return "BOOT_TIME";
    case NEW_TIME:
      return "NEW_TIME";
    case OLD_TIME:
      return "OLD_TIME";
    case INIT_PROCESS:
      return "INIT_PROCESS";
    case LOGIN_PROCESS:
      return "LOGIN_PROCESS";
    case USER_PROCESS:
      return "USER_PROCESS";
    case DEAD_PROCESS:
      return "DEAD_PROCESS";
    case ACCOUNTING:
      return "ACCOUNTING";
    default:
      return nullptr;
  }
}

std::string address(const struct utmp& u) {
  int32_t v6[4];
  std::memcpy(v6, u.ut_addr_v6, sizeof v6);
  char buf[INET6_ADDRSTRLEN] = {};
  if (v6[0] == 0 && v6[1] == 0 && v6[2] == 0 && v6[3] == 0) return {};
  if (v6[1] == 0 && v6[2] == 0 && v6[3] == 0)
    return inet_ntop(AF_INET, v6, buf, sizeof buf) != nullptr ? buf : "";
  return inet_ntop(AF_INET6, v6, buf, sizeof buf) != nullptr ? buf : "";
}

bool looksLikeIp(const std::string& s) {
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string eventType(short type, const std::string& user, bool failedLogins) {
  if (failedLogins) return "login.failed";
  switch (type) {
    case USER_PROCESS:
      return "login.session";
    case DEAD_PROCESS:
      return "login.logout";
    case BOOT_TIME:
      return "system.boot";
    case RUN_LVL:
      return user == "shutdown" ? "system.shutdown" : "system.runlevel";
    case NEW_TIME:
    case OLD_TIME:
      return "system.clock-change";
    default:
      return "login.process";
  }
}

}  // namespace

std::string utmpRecordEvent(const unsigned char* record, size_t size, bool failedLogins,
                            sdk::Event& out) {
  if (size != sizeof(struct utmp))
    return "truncated record: " + std::to_string(size) + " of " +
           std::to_string(sizeof(struct utmp)) + " bytes";
  struct utmp u;
  std::memcpy(&u, record, sizeof u);
  if (u.ut_type == EMPTY) return "-";
  const char* type = typeName(u.ut_type);
  if (type == nullptr) return "unknown record type " + std::to_string(u.ut_type);
  int64_t seconds = static_cast<uint32_t>(u.ut_tv.tv_sec);
  int64_t micros = u.ut_tv.tv_usec;
  if (seconds <= 0 || seconds >= kLatestSeconds || micros < 0 || micros >= 1000000)
    return "time " + std::to_string(seconds) + "." + std::to_string(micros) + " out of range";
  std::string user = text(u.ut_user, sizeof u.ut_user);
  std::string line = text(u.ut_line, sizeof u.ut_line);
  std::string remote = text(u.ut_host, sizeof u.ut_host);
  if (!printableText(user) || !printableText(line) || !printableText(remote))
    return "control characters in the user, line or host field";
  std::string ip = address(u);
  if (ip.empty() && looksLikeIp(remote)) ip = remote;

  out = sdk::Event{};
  out.timeNs = seconds * kNsPerSecond + micros * 1000;
  out.type = eventType(u.ut_type, user, failedLogins);
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) out.fields.emplace_back(name, value);
  };
  put("user", user);
  put("tty", line);
  put("ip", ip);
  if (u.ut_pid > 0) put("pid", std::to_string(u.ut_pid));
  put("record_type", type);
  if (u.ut_type == RUN_LVL || u.ut_type == BOOT_TIME)
    put("kernel", remote);  // the host field of boot and run-level records
  else if (remote != ip)
    put("src_host", remote);
  out.raw = std::string(type) + " pid=" + std::to_string(u.ut_pid) + " line=" + line +
            " user=" + user + " host=" + remote + " addr=" + ip +
            " time=" + std::to_string(seconds) + "." + std::to_string(micros);
  return {};
}

void readUtmpFile(const std::string& path, bool failedLogins, sdk::ReadPosition& position,
                  sdk::EventSink& sink) {
  constexpr size_t kRecord = sizeof(struct utmp);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  in.seekg(static_cast<std::streamoff>(position.offset));
  if (!in)
    throw std::runtime_error(path + ": cannot seek to byte " + std::to_string(position.offset));
  std::vector<unsigned char> buf(kRecord * 256);
  while (in) {
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    size_t got = static_cast<size_t>(in.gcount());
    for (size_t at = 0; at + kRecord <= got; at += kRecord) {
      uint64_t number = position.record + 1;
      sdk::Event event;
      std::string why = utmpRecordEvent(buf.data() + at, kRecord, failedLogins, event);
      if (why.empty()) {
        sink.emit(std::move(event));
      } else if (why != "-") {
        sink.skip(number, "record " + std::to_string(number) + " at byte " +
                              std::to_string(position.offset) + ": " + why);
      }
      position.offset += kRecord;
      position.record = number;
    }
  }
  if (in.bad()) throw std::runtime_error(path + ": read error");
}

}  // namespace bulwark::vm
