#include "detect/rules/regex_prefilter.h"

#include <hs/hs.h>

#include <cstdlib>
#include <cstring>

#include "detect/rules/prefilter_cache.h"

namespace bulwark::detect {

struct RegexPrefilter::Database {
  hs_database_t* db = nullptr;
  ~Database() { hs_free_database(db); }
};

struct RegexPrefilter::Scratch {
  hs_scratch_t* scratch = nullptr;
  ~Scratch() { hs_free_scratch(scratch); }
};

namespace {

constexpr unsigned kFlags = HS_FLAG_PREFILTER | HS_FLAG_SINGLEMATCH | HS_FLAG_ALLOWEMPTY;

bool compiles(const char* pattern) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t rc = hs_compile(pattern, kFlags, HS_MODE_BLOCK, nullptr, &db, &error);
  hs_free_compile_error(error);
  hs_free_database(db);
  return rc == HS_SUCCESS;
}

int onMatch(unsigned id, unsigned long long, unsigned long long, unsigned, void* context) {
  static_cast<std::vector<uint32_t>*>(context)->push_back(id);
  return 0;
}

}  // namespace

RegexPrefilter::RegexPrefilter() = default;
RegexPrefilter::~RegexPrefilter() = default;

bool RegexPrefilter::build(const std::vector<std::string>& patterns) {
  database_.reset();
  scratch_.reset();
  always_.clear();
  if (hs_valid_platform() != HS_SUCCESS) return false;
  const std::string key = cacheKey(patterns);
  if (auto cached = loadCachedPrefilter(key); cached && restore(*cached)) return true;
  always_.clear();
  if (!compile(patterns)) return false;
  storeCachedPrefilter(key, serialize());
  return true;
}

std::string RegexPrefilter::cacheKey(const std::vector<std::string>& patterns) {
  // The database is compiled for this host's CPU: another CPU gets its own.
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::string key = std::string("hyperscan ") + hs_version() + "\nplatform " +
                    std::to_string(platform.tune) + " " + std::to_string(platform.cpu_features) +
                    "\nflags " + std::to_string(kFlags) + "\n";
  for (const auto& p : patterns) {
    key += std::to_string(p.size());
    key += ':';
    key += p;
    key += '\n';
  }
  return key;
}

// Cached form: the refused ids (count, then 4 bytes each), then Hyperscan's serialized bytes.
std::string RegexPrefilter::serialize() const {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(database_->db, &bytes, &length) != HS_SUCCESS) return {};
  std::string out;
  auto put32 = [&out](uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  };
  put32(static_cast<uint32_t>(always_.size()));
  for (uint32_t id : always_)
    put32(id);
  out.append(bytes, length);
  std::free(bytes);
  return out;
}

bool RegexPrefilter::restore(std::string_view cached) {
  auto take32 = [&cached](uint32_t& v) {
    if (cached.size() < 4) return false;
    v = 0;
    for (size_t i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(static_cast<unsigned char>(cached[i])) << (8 * i);
    cached.remove_prefix(4);
    return true;
  };
  uint32_t refused = 0;
  if (!take32(refused) || refused > cached.size() / 4) return false;
  for (uint32_t i = 0; i < refused; ++i) {
    uint32_t id = 0;
    take32(id);
    always_.push_back(id);
  }
  auto database = std::make_unique<Database>();
  if (hs_deserialize_database(cached.data(), cached.size(), &database->db) != HS_SUCCESS)
    return false;
  return adopt(std::move(database));
}

bool RegexPrefilter::adopt(std::unique_ptr<Database> database) {
  auto scratch = std::make_unique<Scratch>();
  if (hs_alloc_scratch(database->db, &scratch->scratch) != HS_SUCCESS) return false;
  database_ = std::move(database);
  scratch_ = std::move(scratch);
  return true;
}

bool RegexPrefilter::compile(const std::vector<std::string>& patterns) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    // A pattern with a NUL cannot be handed over as C text: it stays RE2's.
    if (patterns[i].find('\0') != std::string::npos) {
      always_.push_back(static_cast<uint32_t>(i));
      continue;
    }
    expressions.push_back(patterns[i].c_str());
    flags.push_back(kFlags);
    ids.push_back(static_cast<unsigned>(i));
  }
  auto database = std::make_unique<Database>();
  // Compiling them all at once is what costs; the single compiles that find the patterns
  // Hyperscan refuses run only when the whole set was refused.
  for (int attempt = 0; attempt < 2 && database->db == nullptr; ++attempt) {
    if (expressions.empty()) return false;
    hs_compile_error_t* error = nullptr;
    hs_error_t rc = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                     static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK,
                                     nullptr, &database->db, &error);
    hs_free_compile_error(error);
    if (rc == HS_SUCCESS || attempt == 1) break;
    std::vector<const char*> kept;
    std::vector<unsigned> keptIds;
    for (size_t i = 0; i < expressions.size(); ++i) {
      if (compiles(expressions[i])) {
        kept.push_back(expressions[i]);
        keptIds.push_back(ids[i]);
      } else {
        always_.push_back(ids[i]);
      }
    }
    expressions = std::move(kept);
    ids = std::move(keptIds);
    flags.resize(expressions.size());
  }
  if (database->db == nullptr || !adopt(std::move(database))) {
    always_.clear();
    return false;
  }
  return true;
}

bool RegexPrefilter::scanInto(std::string_view value) const {
  if (database_ == nullptr || !isAscii(value)) return false;
  if (value.size() > UINT32_MAX) return false;
  static const char kEmpty[] = "";  // Hyperscan refuses a null pointer, even for no bytes
  hs_error_t rc =
      hs_scan(database_->db, value.empty() ? kEmpty : value.data(),
              static_cast<unsigned>(value.size()), 0, scratch_->scratch, &onMatch, &found_);
  if (rc != HS_SUCCESS) {
    found_.clear();
    return false;
  }
  return true;
}

bool isAscii(std::string_view value) {
  const char* p = value.data();
  size_t n = value.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    high |= word;
  }
  for (; n > 0; ++p, --n)
    high |= static_cast<unsigned char>(*p);
  return (high & UINT64_C(0x8080808080808080)) == 0;
}

}  // namespace bulwark::detect
