#include "policy/unique_string.h"

#include <algorithm>

namespace bulwark::policy {
namespace {

constexpr uint32_t kC1 = 0x239b961b;
constexpr uint32_t kC2 = 0xab0e9789;

uint32_t rotateLeft(uint32_t x, int r) {
  return (x << r) | (x >> (32 - r));
}

// Little-endian, reading at most `count` (1-4) bytes.
uint32_t readWord(std::string_view bytes, size_t at, size_t count) {
  uint32_t word = 0;
  for (size_t k = 0; k < count; ++k)
    word |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + k])) << (8 * k);
  return word;
}

uint32_t mixFirstLane(uint32_t k) {
  return rotateLeft(k * kC1, 15) * kC2;
}

uint32_t mixSecondLane(uint32_t k) {
  return rotateLeft(k * kC2, 17) * kC1;
}

uint32_t finalMix(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

}  // namespace

uint64_t armMurmurHash64(std::string_view bytes) {
  uint32_t h1 = 0;
  uint32_t h2 = 0;
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    h1 ^= mixFirstLane(readWord(bytes, i, 4));
    h1 = rotateLeft(h1, 19) + h2;
    h1 = h1 * 5 + 0x561ccd1b;
    h2 ^= mixSecondLane(readWord(bytes, i + 4, 4));
    h2 = rotateLeft(h2, 13) + h1;
    h2 = h2 * 5 + 0x0bcaa747;
  }
  size_t tail = bytes.size() - i;
  if (tail > 0) {
    h1 ^= mixFirstLane(readWord(bytes, i, std::min<size_t>(tail, 4)));
    if (tail > 4) h2 ^= mixSecondLane(readWord(bytes, i + 4, tail - 4));
  }
  // The length is mixed in as a 32-bit value, as ARM does.
  const auto length = static_cast<uint32_t>(bytes.size());
  h1 ^= length;
  h2 ^= length;
  h1 += h2;
  h2 += h1;
  h1 = finalMix(h1);
  h2 = finalMix(h2);
  h1 += h2;
  h2 += h1;
  return (static_cast<uint64_t>(h2) << 32) | h1;
}

std::string uniqueString(const std::vector<std::string>& parts) {
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i)
    joined += (i == 0 ? "" : "-") + parts[i];
  static constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
  uint64_t hash = armMurmurHash64(joined);
  // 13 characters of 5 bits from the top: the last one carries the hash's lowest 4 bits.
  std::string out;
  for (int k = 0; k < 13; ++k) {
    out += kBase32[hash >> 59];
    hash <<= 5;
  }
  return out;
}

}  // namespace bulwark::policy
