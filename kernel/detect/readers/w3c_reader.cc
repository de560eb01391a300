// W3C extended log format (IIS, Azure App Service HTTP logs): "#Fields:" names the
// space-separated columns of the lines after it; other "#" lines are directives. Events carry
// every column under its own name and the fields of bulwark/sdk/http_request.hpp.
#include <bulwark/sdk/http_request.hpp>

#include "detect/readers/formats.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

class W3cReader : public LineReader {
  void begin(const std::string&) override { columns_.clear(); }

  std::string parseLine(const Line& line, const EventSink& emit) override {
    KeyTable& k = line.keys;
    if (line.text[0] == '#') {
      if (line.text.substr(0, 9) == "#Fields: ") {
        columns_.clear();
        for (auto name : split(line.text.substr(9)))
          columns_.push_back(std::string(name));
      }
      return {};
    }
    if (columns_.empty()) return "data line before any #Fields: directive";
    auto values = split(line.text);
    if (values.size() != columns_.size())
      return "has " + std::to_string(values.size()) + " values for " +
             std::to_string(columns_.size()) + " #Fields";
    Event e = eventFor(line);
    e.source = k.intern("w3c");
    e.type = k.intern("http.request");
    std::string date, time;
    std::string stem, query;
    for (size_t i = 0; i < values.size(); ++i) {
      const std::string& c = columns_[i];
      std::string v = values[i] == "-" ? std::string() : std::string(values[i]);
      if (v.empty()) continue;
      for (char& ch : v) {
        if (ch == '+' && (c == "cs(User-Agent)" || c == "cs(Referer)")) ch = ' ';
      }
      e.set(k.intern(c), v);
      if (c == "date")
        date = v;
      else if (c == "time")
        time = v;
      else if (c == "c-ip")
        e.set(keys::kIp, v);
      else if (c == "cs-username")
        e.set(keys::kUser, v);
      else if (c == "cs-method")
        e.set(keys::kMethod, v);
      else if (c == "cs-uri-stem")
        stem = v;
      else if (c == "cs-uri-query")
        query = v;
      else if (c == "sc-status")
        e.set(keys::kStatus, v);
      else if (c == "cs(User-Agent)")
        e.set(keys::kUserAgent, v);
      else if (c == "cs(Referer)")
        e.set(k.intern("referer"), v);
      else if (c == "s-computername" || c == "cs-host")
        e.set(keys::kHost, v);
    }
    if (!stem.empty()) {
      e.set(keys::kPath, stem);
      std::string url = query.empty() ? stem : stem + "?" + query;
      e.set(k.intern(sdk::kUrlDecodedField), sdk::decodedUrl(url));
      e.set(k.intern(sdk::kPathDecodedField), sdk::decodedUrl(stem));
      e.set(keys::kUrl, std::move(url));
    }
    if (!date.empty()) {
      auto t = parseIso8601(date + "T" + (time.empty() ? "00:00:00" : time) + "Z");
      if (!t) return "bad date or time";
      e.timeNs = *t;
    }
    emit(std::move(e));
    return {};
  }

  std::vector<std::string> columns_;
};

}  // namespace

std::unique_ptr<Reader> makeW3cReader() {
  return std::make_unique<W3cReader>();
}

}  // namespace bulwark::detect
