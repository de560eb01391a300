// Writing a file a plugin produces (a report, an SBOM) so that a failed write never leaves half
// of it: the text goes to a temporary file beside the target, which is then renamed over it.
#ifndef BULWARK_SDK_FILES_HPP
#define BULWARK_SDK_FILES_HPP

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace bulwark::sdk {

// Throws std::runtime_error naming the file when it cannot be written.
inline void writeFileAtomically(const std::filesystem::path& target, std::string_view text) {
  std::filesystem::path temp = target;
  temp += ".tmp";
  {
    std::ofstream stream(temp, std::ios::binary | std::ios::trunc);
    if (stream) stream.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!stream || !stream.flush()) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw std::runtime_error(target.string() + ": cannot write");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw std::runtime_error(target.string() + ": cannot write: " + ec.message());
  }
}

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_FILES_HPP
