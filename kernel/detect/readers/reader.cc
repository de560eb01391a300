#include "detect/readers/reader.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <stdexcept>

#include "detect/readers/reader_formats.h"

namespace bulwark::detect {
namespace fs = std::filesystem;

void ReadStats::fail(const std::string& file, uint64_t line, std::string reason) {
  ++failed;
  if (failures.size() < kMaxFailuresKept)
    failures.push_back(ParseFailure{file, line, std::move(reason)});
}

void ReadStats::add(const ReadStats& other) {
  lines += other.lines;
  events += other.events;
  failed += other.failed;
  for (const auto& f : other.failures) {
    if (failures.size() < kMaxFailuresKept) failures.push_back(f);
  }
}

Event LineReader::eventFor(const Line& line) {
  Event e;
  e.raw.assign(line.text);
  e.file = line.file;
  e.line = line.number;
  return e;
}

Event& LineReader::reusedEventFor(const Line& line) {
  event_.reset();
  event_.raw.assign(line.text);
  event_.file = line.file;
  event_.line = line.number;
  return event_;
}

void LineReader::parseOne(std::string_view text, const std::string& file, uint64_t number,
                          KeyTable& keys, const EventSink& sink, ReadStats& stats) {
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  if (text.find_first_not_of(" \t") == std::string_view::npos) return;
  ++stats.lines;
  EventSink counting = [&](Event&& e) {
    ++stats.events;
    sink(std::move(e));
  };
  std::string error = parseLine(Line{text, &file, number, keys}, counting);
  if (!error.empty()) stats.fail(file, number, std::move(error));
}

void LineReader::read(std::istream& in, const std::string& file, KeyTable& keys,
                      const EventSink& sink, ReadStats& stats) {
  begin(file);
  begun_ = true;
  // Large blocks split in place: no copy per line, and the same line boundaries as getline.
  constexpr size_t kBlock = 1 << 20;
  std::vector<char> buffer(kBlock);
  size_t held = 0;  // bytes of an unfinished line at the front of the buffer
  uint64_t number = 0;
  while (in) {
    if (held == buffer.size()) buffer.resize(buffer.size() * 2);  // a line longer than a block
    in.read(buffer.data() + held, static_cast<std::streamsize>(buffer.size() - held));
    size_t end = held + static_cast<size_t>(in.gcount());
    if (end == held) break;
    size_t start = 0;
    while (const void* nl = std::memchr(buffer.data() + start, '\n', end - start)) {
      size_t stop = static_cast<size_t>(static_cast<const char*>(nl) - buffer.data());
      parseOne(std::string_view(buffer.data() + start, stop - start), file, ++number, keys, sink,
               stats);
      start = stop + 1;
    }
    held = end - start;
    std::memmove(buffer.data(), buffer.data() + start, held);
  }
  if (held > 0) parseOne(std::string_view(buffer.data(), held), file, ++number, keys, sink, stats);
}

bool LineReader::readLines(std::string_view text, const std::string& file, uint64_t firstLine,
                           KeyTable& keys, const EventSink& sink, ReadStats& stats) {
  if (firstLine <= 1 || !begun_)  // a resumed file still needs its per-file state
    begin(file);
  begun_ = true;
  uint64_t number = firstLine;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    parseOne(text.substr(0, nl), file, number++, keys, sink, stats);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  return true;
}

std::vector<std::string> readerTypes() {
  std::vector<std::string> out;
  for (const ReaderFormat& f : readerFormats()) {
    out.emplace_back(f.type);
    out.insert(out.end(), f.aliases.begin(), f.aliases.end());
  }
  return out;
}

std::unique_ptr<Reader> makeReader(std::string_view type, const ReaderOptions& options) {
  if (const ReaderFormat* format = findReaderFormat(type)) return format->make(options);
  std::string known;
  for (const auto& t : readerTypes())
    known += (known.empty() ? "" : ", ") + t;
  throw std::invalid_argument("unknown source type '" + std::string(type) + "' (known: " + known +
                              ")");
}

const std::string& keepFileName(const std::string& name) {
  // Events point at their file's name, from any thread, for as long as the process runs: one
  // entry per file read, a list so entries never move.
  static std::mutex mutex;
  static std::list<std::string> names;
  std::lock_guard lock(mutex);
  return names.emplace_back(name);
}

namespace {

int64_t modifiedUnix(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

}  // namespace

std::vector<std::string> sourceFiles(const std::string& path) {
  std::vector<fs::path> found;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) found.push_back(it->path());
    }
    if (ec) throw std::runtime_error(path + ": cannot list: " + ec.message());
    std::sort(found.begin(), found.end());
  } else if (fs::is_regular_file(path, ec)) {
    found.push_back(path);
  } else {
    throw std::runtime_error(path + ": no such file or folder");
  }
  return std::vector<std::string>(found.begin(), found.end());
}

ReadStats readSource(std::string_view type, const std::string& path, KeyTable& keys,
                     const ReaderOptions& options, const EventSink& sink) {
  ReadStats stats;
  for (const std::string& f : sourceFiles(path)) {
    std::ifstream in(f, std::ios::binary);
    if (!in) throw std::runtime_error(f + ": cannot read");
    ReaderOptions perFile = options;
    perFile.fileModifiedUnix = modifiedUnix(f);
    auto reader = makeReader(type, perFile);
    reader->read(in, keepFileName(f), keys, sink, stats);
  }
  return stats;
}

}  // namespace bulwark::detect
