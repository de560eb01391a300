// A Hyperscan prefilter over a list of RE2 patterns: one pass over a value names the patterns
// that may match it, so the exact RE2 regexes run only for those. Patterns are compiled in
// Hyperscan's prefilter mode (never a false negative on ASCII text, false positives allowed);
// a pattern Hyperscan cannot take is always a candidate. Values holding non-ASCII bytes are
// not scanned (RE2 reads them as UTF-8, Hyperscan here as bytes): the caller uses its RE2 set.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::detect {

class RegexPrefilter {
 public:
  RegexPrefilter();
  ~RegexPrefilter();
  RegexPrefilter(const RegexPrefilter&) = delete;
  RegexPrefilter& operator=(const RegexPrefilter&) = delete;

  // Compiles the patterns (ids are their positions), or loads what an earlier run compiled for
  // exactly these patterns (prefilter_cache.h). False when Hyperscan is unusable here (no
  // supported CPU, nothing compiled); the prefilter then answers nothing.
  bool build(const std::vector<std::string>& patterns);
  bool usable() const { return database_ != nullptr; }
  // Calls `candidate(id)` for every pattern that may match `value` (each once at most,
  // patterns Hyperscan could not compile included). False when the value was not scanned
  // (not usable, non-ASCII bytes, scan error): nothing was reported.
  template <typename F>
  bool scan(std::string_view value, F&& candidate) const {
    found_.clear();
    if (!scanInto(value)) return false;
    for (uint32_t id : found_)
      candidate(id);
    for (uint32_t id : always_)
      candidate(id);
    return true;
  }
  // Patterns left to RE2 because Hyperscan refused them (always candidates).
  size_t refused() const { return always_.size(); }

 private:
  struct Database;
  struct Scratch;
  bool scanInto(std::string_view value) const;
  bool compile(const std::vector<std::string>& patterns);
  static std::string cacheKey(const std::vector<std::string>& patterns);
  std::string serialize() const;
  bool restore(std::string_view cached);
  bool adopt(std::unique_ptr<Database> database);

  std::unique_ptr<Database> database_;
  std::unique_ptr<Scratch> scratch_;
  std::vector<uint32_t> always_;
  mutable std::vector<uint32_t> found_;
};

// True when every byte of `value` is 7-bit ASCII.
bool isAscii(std::string_view value);

}  // namespace bulwark::detect
