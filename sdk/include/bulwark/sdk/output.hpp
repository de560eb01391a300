// std::ostream over the host's write_output (ABI 1.2), so a plugin's CLI command prints through
// the kernel exactly as the kernel's own commands do.
#ifndef BULWARK_SDK_OUTPUT_HPP
#define BULWARK_SDK_OUTPUT_HPP

#include <bulwark/plugin.h>
#include <bulwark/sdk/bw_str.hpp>

#include <ostream>
#include <streambuf>
#include <string>
#include <type_traits>

namespace bulwark::sdk {

class HostOutputBuffer : public std::streambuf {
 public:
  HostOutputBuffer(const bw_host_api* api, int stream) : api_(api), stream_(stream) {}
  ~HostOutputBuffer() override { sync(); }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) pending_.push_back(static_cast<char>(c));
    if (pending_.size() >= 64 * 1024) sync();
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    pending_.append(s, static_cast<size_t>(n));
    if (pending_.size() >= 64 * 1024) sync();
    return n;
  }
  int sync() override {
    if (pending_.empty()) return 0;
    if (BULWARK_TABLE_HAS(api_, write_output))
      api_->write_output(api_->ctx, stream_, toBw(pending_));
    pending_.clear();
    return 0;
  }

 private:
  const bw_host_api* api_;
  int stream_;
  std::string pending_;
};

// The standard output and error of one command run.
class CommandIo {
 public:
  explicit CommandIo(const bw_host_api* api)
      : outBuffer_(api, BW_OUTPUT_STDOUT),
        errBuffer_(api, BW_OUTPUT_STDERR),
        out(&outBuffer_),
        err(&errBuffer_) {}
  ~CommandIo() {
    out.flush();
    err.flush();
  }
  CommandIo(const CommandIo&) = delete;
  CommandIo& operator=(const CommandIo&) = delete;

 private:
  HostOutputBuffer outBuffer_;
  HostOutputBuffer errBuffer_;

 public:
  std::ostream out;
  std::ostream err;
};

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_OUTPUT_HPP
