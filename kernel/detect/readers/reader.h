// Log readers: each turns one log format into Events. A record that does not parse is counted
// and reported with its file and line, and reading goes on with the next one.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/event.h"

namespace bulwark::detect {

struct ParseFailure {
  std::string file;
  uint64_t line = 0;
  std::string reason;
};

struct ReadStats {
  uint64_t lines = 0;   // non-empty lines (or records) seen
  uint64_t events = 0;  // events produced (a "message repeated N times" line gives N)
  uint64_t failed = 0;  // lines that did not parse
  std::vector<ParseFailure> failures;  // the first kMaxFailuresKept of them
  static constexpr size_t kMaxFailuresKept = 100;

  void fail(const std::string& file, uint64_t line, std::string reason);
  void add(const ReadStats& other);
};

struct ReaderOptions {
  // Year for timestamps without one (RFC 3164). 0: infer from the file's modification time
  // (a month later than the file's is taken as the previous year).
  int defaultYear = 0;
  int64_t fileModifiedUnix = 0;  // set by readSource
};

using EventSink = std::function<void(Event&&)>;

class Reader {
 public:
  virtual ~Reader() = default;
  // Reads every record of `in`. `file` must outlive the events (they point at it).
  virtual void read(std::istream& in, const std::string& file, KeyTable& keys,
                    const EventSink& sink, ReadStats& stats) = 0;
  // Follow mode: reads complete lines appended to a file, `firstLine` being the number of
  // the first one (1 starts the file). False for formats that are not line-based (csv,
  // azure-activity), which cannot be followed.
  virtual bool readLines(std::string_view /*text*/, const std::string& /*file*/,
                         uint64_t /*firstLine*/, KeyTable& /*keys*/, const EventSink& /*sink*/,
                         ReadStats& /*stats*/) {
    return false;
  }
};

// A reader of one record per line. parseLine returns "" on success (having called `emit` for
// each event, usually once) or the reason the line does not parse.
class LineReader : public Reader {
 public:
  void read(std::istream& in, const std::string& file, KeyTable& keys, const EventSink& sink,
            ReadStats& stats) override;
  bool readLines(std::string_view text, const std::string& file, uint64_t firstLine, KeyTable& keys,
                 const EventSink& sink, ReadStats& stats) override;

 protected:
  struct Line {
    std::string_view text;
    const std::string* file;
    uint64_t number;
    KeyTable& keys;
  };
  // Called once per file before its first line.
  virtual void begin(const std::string& /*file*/) {}
  virtual std::string parseLine(const Line& line, const EventSink& emit) = 0;
  // A fresh event carrying the line's origin and raw text.
  static Event eventFor(const Line& line);
  // The same, but the reader's one reusable event: emitting it as an rvalue lets a sink that
  // does not keep it (the engine evaluating in place) leave its buffers for the next line.
  Event& reusedEventFor(const Line& line);

 private:
  void parseOne(std::string_view text, const std::string& file, uint64_t number, KeyTable& keys,
                const EventSink& sink, ReadStats& stats);
  bool begun_ = false;
  Event event_;
};

// The reader of a kernel source type or alias (reader_formats.h lists them). Throws
// std::invalid_argument naming the known types for anything else.
std::unique_ptr<Reader> makeReader(std::string_view type, const ReaderOptions& options);
// Every kernel source type and alias, in the order of readerFormats().
std::vector<std::string> readerTypes();

// A copy of a file name that stays valid (and in place) for the life of the process, for
// Event::file.
const std::string& keepFileName(const std::string& name);

// The regular files a source PATH names: the file, or every file under the folder, sorted by
// path. Throws std::runtime_error when it names neither or the folder cannot be listed.
std::vector<std::string> sourceFiles(const std::string& path);

// Reads a file, or every regular file under a folder (sourceFiles), with the reader of
// `type`. Throws std::runtime_error when the path cannot be read.
ReadStats readSource(std::string_view type, const std::string& path, KeyTable& keys,
                     const ReaderOptions& options, const EventSink& sink);

}  // namespace bulwark::detect
