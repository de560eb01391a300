// Event sources over exported JSON records (Log Analytics answers, diagnostic settings'
// {"records": [...]}, portal exports, JSON lines), for the C++ SDK layer: a file that is one
// JSON document is read whole, else it is JSON lines followed from the ReadPosition. The sql
// plugin's Azure SQL audit and the appservice plugin's HTTP logs read this way.
#ifndef BULWARK_JSON_SOURCE_HPP
#define BULWARK_JSON_SOURCE_HPP

#include <bulwark/line_source.hpp>

#include <algorithm>
#include <sstream>

namespace bulwark::sdk {

// Takes one parsed JSON value (a record, or a document holding many): returns "" when it took
// it, else why not. `raw` is the line for JSON lines, empty for a whole document; `line` is its
// 1-based line.
using JsonTaker =
    std::function<std::string(const Json& value, std::string_view raw, uint64_t line)>;

namespace detail {

inline uint64_t lineOfOffset(const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// One JSON document (an array, or an object spread over lines) rather than JSON lines.
inline bool wholeJsonDocument(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  std::getline(in, first);
  size_t start = first.find_first_not_of(" \t\r\xEF\xBB\xBF");
  if (start == std::string::npos) return !in.eof();
  if (first[start] == '[') return true;
  return first[start] == '{' && !Json::accept(first.substr(start));
}

}  // namespace detail

// A whole document that is not JSON is reported at the line where parsing stopped; a JSON
// line that is not JSON is reported with `notJson` as the reason.
inline void readJsonRecords(const std::string& path, ReadPosition& position, EventSink& sink,
                            const std::string& notJson, const JsonTaker& take) {
  if (position.offset == 0 && detail::wholeJsonDocument(path)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open: " + std::strerror(errno));
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    try {
      std::string why = take(Json::parse(text), {}, 1);
      if (!why.empty()) sink.skip(1, why);
    } catch (const Json::parse_error& e) {
      sink.skip(detail::lineOfOffset(text, e.byte), std::string("not JSON: ") + e.what());
    }
    position.offset = text.size();
    position.record =
        detail::lineOfOffset(text, text.size()) - (text.empty() || text.back() != '\n' ? 0 : 1);
    return;
  }
  readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    Json value = Json::parse(line.begin(), line.end(), nullptr, false);
    if (value.is_discarded()) return notJson;
    return take(value, line, number);
  });
}

}  // namespace bulwark::sdk

#endif
