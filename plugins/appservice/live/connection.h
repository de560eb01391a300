// One TCP connection, optionally TLS, where every step (connect, handshake, write, read) shares
// one deadline: a server that accepts and never answers costs at most the timeout. Failures
// throw ConnectionError with a message saying which step failed and why; a TLS handshake the
// server refused throws HandshakeRefused (ClientCannotOffer when this side had nothing to
// offer), so probes can tell "not accepted" from "not reached".
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace bulwark::appservice::live {

struct ConnectionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct HandshakeRefused : ConnectionError {
  using ConnectionError::ConnectionError;
};
// This client could not offer what the context asks for (a version or suites OpenSSL was built
// without): nothing was measured.
struct ClientCannotOffer : ConnectionError {
  using ConnectionError::ConnectionError;
};

using Clock = std::chrono::steady_clock;

struct SslCtxFree {
  void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
};
using SslContext = std::unique_ptr<SSL_CTX, SslCtxFree>;

class Connection {
 public:
  // Connects to host:port (a name is resolved; every address is tried) before `deadline`.
  Connection(const std::string& host, int port, Clock::time_point deadline);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // TLS over the connection with `ctx` (kept alive by the caller), sending `serverName` as SNI
  // unless it is an IP address.
  void handshake(SSL_CTX* ctx, const std::string& serverName);
  SSL* ssl() const { return ssl_; }

  void writeAll(const std::string& data);
  // Up to `max` bytes; "" at the end of the stream.
  std::string readSome(size_t max);

 private:
  void wait(bool forWrite, const char* step);

  int fd_ = -1;
  SSL* ssl_ = nullptr;
  Clock::time_point deadline_;
  std::string peer_;
};

// A client context for probes: no certificate verification during the handshake (the probes
// inspect what the server presents and verify it afterwards), versions pinned to [min, max]
// (0 for OpenSSL's own bound), `ciphers` for TLS 1.2 and below. Security level 0 when `weak`,
// so that this client still offers TLS 1.0/1.1 and the legacy suites it is asked to probe.
// Throws std::runtime_error when OpenSSL accepts none of `ciphers`.
SslContext probeContext(int minVersion, int maxVersion, const std::string& ciphers, bool weak);

// The first OpenSSL error queued on this thread as text (and the queue emptied).
std::string openSslError();

}  // namespace bulwark::appservice::live
