// Line-based event sources for the C++ SDK layer (plugin.hpp): reads the whole lines of a file
// from a ReadPosition in large blocks and hands each to a parser, which may point its events'
// fields into the line (the block stays in place until the sink is flushed, which this does
// before reusing it). Lines are split as the kernel's own readers split them: "\n" ends a line,
// a "\r" before it is dropped, blank lines are numbered but not offered.
#ifndef BULWARK_LINE_SOURCE_HPP
#define BULWARK_LINE_SOURCE_HPP

#include <bulwark/plugin.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::sdk {

// Parses one line (1-based `number`): returns "" when it took the line, having built its events
// with the sink, else why it does not parse, having built none.
using LineParser = std::function<std::string(std::string_view line, uint64_t number)>;

namespace detail {

inline bool blankLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

inline std::string_view withoutCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace detail

// Reads the lines of `path` from `position` to the end of the file, advancing `position` past
// each line read; a line that does not parse is reported through sink.skip with its number and
// reading goes on. A last line without its newline is offered too and read when `parse` takes
// it (many files simply end so); when it does not parse it is left where it is, for the kernel
// to report as a partial record, or to read once its writer has finished it (follow mode).
// Throws std::runtime_error when the file cannot be read.
inline void readLines(const std::string& path, ReadPosition& position, EventSink& sink,
                      const LineParser& parse) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
  bool newlineOwedToLastLine = false;
  if (position.offset > 0) {
    // A last line read without its newline ended the previous call: the newline that came
    // since belongs to that line, not to a new, empty one.
    in.seekg(static_cast<std::streamoff>(position.offset - 1));
    char before = 0;
    newlineOwedToLastLine = in.get(before) && before != '\n';
  }
  in.seekg(static_cast<std::streamoff>(position.offset));
  if (!in)
    throw std::runtime_error(path + ": cannot seek to byte " + std::to_string(position.offset));
  auto offer = [&](std::string_view line, uint64_t number) {
    line = detail::withoutCr(line);
    if (detail::blankLine(line)) return;
    std::string why = parse(line, number);
    if (!why.empty()) sink.skip(number, why);
  };
  constexpr size_t kBlock = 1 << 20;
  std::vector<char> buffer(kBlock);
  size_t held = 0;  // bytes of an unfinished line at the front of the buffer
  while (in) {
    if (held == buffer.size()) buffer.resize(buffer.size() * 2);  // a line longer than a block
    in.read(buffer.data() + held, static_cast<std::streamsize>(buffer.size() - held));
    size_t end = held + static_cast<size_t>(in.gcount());
    if (end == held) break;
    size_t start = 0;
    if (newlineOwedToLastLine && buffer[0] == '\n') start = 1;
    newlineOwedToLastLine = false;
    while (const void* nl = std::memchr(buffer.data() + start, '\n', end - start)) {
      size_t stop = static_cast<size_t>(static_cast<const char*>(nl) - buffer.data());
      offer(std::string_view(buffer.data() + start, stop - start), position.record + 1);
      position.record += 1;
      start = stop + 1;
    }
    position.offset += start;
    sink.flush();  // the events point into the buffer, which moves now
    held = end - start;
    std::memmove(buffer.data(), buffer.data() + start, held);
  }
  if (in.bad()) throw std::runtime_error(path + ": read error");
  if (held == 0) return;
  std::string_view last = detail::withoutCr(std::string_view(buffer.data(), held));
  if (!detail::blankLine(last) && !parse(last, position.record + 1).empty()) return;
  position.offset += held;
  position.record += 1;
  sink.flush();
}

}  // namespace bulwark::sdk

#endif  // BULWARK_LINE_SOURCE_HPP
