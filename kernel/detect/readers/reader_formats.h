// The kernel's log formats, one entry each: the source type and its aliases, what it reads,
// whether it can be followed, and the reader's factory. all_readers.cc lists them; makeReader
// and the detect-time source registry (detect/sources) read this list, nothing else names
// the formats.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "detect/readers/reader.h"

namespace bulwark::detect {

struct ReaderFormat {
  std::string_view type;
  std::vector<std::string_view> aliases;
  std::string_view description;
  bool followable = true;  // line-based: Follower can read what is appended
  std::unique_ptr<Reader> (*make)(const ReaderOptions& options) = nullptr;
};

// Every kernel format, in the order help and error messages list them.
const std::vector<ReaderFormat>& readerFormats();

// The format of `typeOrAlias`, or nullptr.
const ReaderFormat* findReaderFormat(std::string_view typeOrAlias);

}  // namespace bulwark::detect
