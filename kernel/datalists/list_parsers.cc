#include "datalists/list_parsers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "detect/rules/rule_lists.h"
#include "util/text.h"

namespace bulwark::datalists {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void failAt(const std::string& file, size_t line, const std::string& why) {
  throw ListFileError(file + ":" + std::to_string(line) + ": " + why);
}

std::string trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find_first_not_of(" \t", pos)) != std::string::npos) {
    size_t end = std::min(text.find_first_of(" \t", pos), text.size());
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

std::string shown(const std::string& text) {
  std::string out = text.substr(0, 60);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return "'" + out + (text.size() > 60 ? "...'" : "'");
}

ParsedList finish(std::set<std::string>& unique, ParsedList out, const std::string& file,
                  const char* what) {
  if (unique.empty()) throw ListFileError(file + ": no " + std::string(what) + " in the file");
  out.entries.assign(unique.begin(), unique.end());
  return out;
}

}  // namespace

ParsedList parseTorExitList(std::istream& in, const std::string& file) {
  ParsedList out;
  std::set<std::string> unique;
  size_t number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line = trimmed(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> w = words(line);
    std::string address;
    if (w[0] == "ExitNode" || w[0] == "Published" || w[0] == "LastStatus") continue;
    if (w[0] == "ExitAddress") {
      if (w.size() < 2) failAt(file, number, "ExitAddress without an address");
      address = w[1];
    } else if (w.size() == 1) {
      address = w[0];
    } else {
      failAt(file, number, "expected an address or an exit-addresses line, got " + shown(line));
    }
    unsigned char buffer[16];
    std::string block;
    if (inet_pton(AF_INET, address.c_str(), buffer) == 1) {
      ++out.ipv4;
      block = address + "/32";
    } else if (inet_pton(AF_INET6, address.c_str(), buffer) == 1) {
      ++out.ipv6;
      char text[INET6_ADDRSTRLEN];
      inet_ntop(AF_INET6, buffer, text, sizeof text);  // one spelling per address
      block = std::string(text) + "/128";
    } else {
      failAt(file, number, shown(address) + " is not an IPv4 or IPv6 address");
    }
    ++out.lines;
    if (!unique.insert(block).second) {
      ++out.duplicates;
      (block.find(':') != std::string::npos ? out.ipv6 : out.ipv4)--;
    }
  }
  return finish(unique, std::move(out), file, "exit addresses");
}

ParsedList parseMd5List(std::istream& in, const std::string& file) {
  ParsedList out;
  std::set<std::string> unique;
  size_t number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    std::string line = trimmed(raw);
    if (line.empty() || line[0] == '#') continue;
    std::string hash = words(line)[0];
    bool hex = hash.size() == 32 && std::all_of(hash.begin(), hash.end(), [](char c) {
                 return std::isxdigit(static_cast<unsigned char>(c)) != 0;
               });
    if (!hex) failAt(file, number, shown(hash) + " is not an MD5 hash (32 hex digits)");
    hash = toLowerAscii(hash);
    ++out.lines;
    if (!unique.insert(hash).second) ++out.duplicates;
  }
  return finish(unique, std::move(out), file, "hashes");
}

std::string writeListAtomically(const std::string& dataDir, const std::string& name,
                                const std::vector<std::string>& entries,
                                const std::string& headerComment) {
  fs::path target = detect::ruleListPath(dataDir, name);
  fs::create_directories(target.parent_path());
  std::string temp = target.string() + ".tmp-XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0) throw std::runtime_error(temp + ": cannot create: " + std::strerror(errno));
  std::string text = "# " + headerComment + "\n";
  for (const auto& e : entries)
    text += e + "\n";
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      throw std::runtime_error(temp + ": cannot write: " + why);
    }
    written += static_cast<size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::fchmod(fd, 0644);
  ::close(fd);
  if (!synced || std::rename(temp.c_str(), target.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    throw std::runtime_error(target.string() + ": cannot replace: " + why);
  }
  return target.string();
}

}  // namespace bulwark::datalists
