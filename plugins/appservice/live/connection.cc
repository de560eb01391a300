#include "live/connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bulwark::appservice::live {
namespace {

int remainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

bool isIpAddress(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Connects one address without blocking past the deadline; the socket, or -1 and `why`.
int connectOne(const addrinfo* a, Clock::time_point deadline, std::string& why) {
  int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
  if (fd < 0) {
    why = std::strerror(errno);
    return -1;
  }
  if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) return fd;
  if (errno != EINPROGRESS) {
    why = std::strerror(errno);
    ::close(fd);
    return -1;
  }
  pollfd p{fd, POLLOUT, 0};
  int ready = ::poll(&p, 1, remainingMs(deadline));
  if (ready == 0) {
    why = "timed out";
    ::close(fd);
    return -1;
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) {
    why = std::strerror(ready < 0 ? errno : error);
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string openSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return {};
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

Connection::Connection(const std::string& host, int port, Clock::time_point deadline)
    : deadline_(deadline), peer_(host + ":" + std::to_string(port)) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0)
    throw ConnectionError("cannot resolve " + host + ": " + std::string(::gai_strerror(rc)));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owned(found, ::freeaddrinfo);
  std::string why = "no address";
  for (const addrinfo* a = found; a != nullptr && fd_ < 0; a = a->ai_next)
    fd_ = connectOne(a, deadline_, why);
  if (fd_ < 0) throw ConnectionError("cannot connect to " + peer_ + ": " + why);
}

Connection::~Connection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) ::close(fd_);
}

void Connection::wait(bool forWrite, const char* step) {
  pollfd p{fd_, static_cast<short>(forWrite ? POLLOUT : POLLIN), 0};
  int ready = ::poll(&p, 1, remainingMs(deadline_));
  if (ready == 0)
    throw ConnectionError(std::string(step) + " with " + peer_ +
                          " timed out (the server accepted the connection but did not answer)");
  if (ready < 0) throw ConnectionError(std::string(step) + ": " + std::strerror(errno));
}

void Connection::handshake(SSL_CTX* ctx, const std::string& serverName) {
  ssl_ = SSL_new(ctx);
  if (ssl_ == nullptr) throw ConnectionError("TLS: " + openSslError());
  SSL_set_fd(ssl_, fd_);
  if (!serverName.empty() && !isIpAddress(serverName))
    SSL_set_tlsext_host_name(ssl_, serverName.c_str());
  ERR_clear_error();
  while (true) {
    int rc = SSL_connect(ssl_);
    if (rc == 1) return;
    int e = SSL_get_error(ssl_, rc);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      wait(e == SSL_ERROR_WANT_WRITE, "the TLS handshake");
      continue;
    }
    unsigned long code = ERR_peek_error();
    bool nothingToOffer =
        ERR_GET_LIB(code) == ERR_LIB_SSL && (ERR_GET_REASON(code) == SSL_R_NO_PROTOCOLS_AVAILABLE ||
                                             ERR_GET_REASON(code) == SSL_R_NO_CIPHERS_AVAILABLE);
    std::string detail = openSslError();
    if (nothingToOffer) throw ClientCannotOffer("this OpenSSL cannot offer it: " + detail);
    if (e == SSL_ERROR_SSL)
      throw HandshakeRefused("TLS handshake with " + peer_ + " failed: " + detail);
    if (e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN)
      throw HandshakeRefused("TLS handshake with " + peer_ +
                             " failed: the server closed the connection");
    throw ConnectionError("TLS handshake with " + peer_ + " failed: " + detail);
  }
}

void Connection::writeAll(const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    if (ssl_ != nullptr) {
      size_t written = 0;
      if (SSL_write_ex(ssl_, data.data() + done, data.size() - done, &written) == 1) {
        done += written;
        continue;
      }
      int e = SSL_get_error(ssl_, 0);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
        throw ConnectionError("sending the request to " + peer_ + " failed: " + openSslError());
      wait(e == SSL_ERROR_WANT_WRITE, "sending the request");
      continue;
    }
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      wait(true, "sending the request");
    } else {
      throw ConnectionError("sending the request to " + peer_ + " failed: " + std::strerror(errno));
    }
  }
}

std::string Connection::readSome(size_t max) {
  std::string buffer(max, '\0');
  while (true) {
    if (ssl_ != nullptr) {
      size_t got = 0;
      if (SSL_read_ex(ssl_, buffer.data(), max, &got) == 1) {
        buffer.resize(got);
        return buffer;
      }
      int e = SSL_get_error(ssl_, 0);
      if (e == SSL_ERROR_ZERO_RETURN) return {};
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        wait(e == SSL_ERROR_WANT_WRITE, "reading the response");
        continue;
      }
      // A server that closes without close_notify (common for HTTP/1.1 close) ends the stream.
      if (e == SSL_ERROR_SYSCALL) {
        ERR_clear_error();
        return {};
      }
      throw ConnectionError("reading the response from " + peer_ + " failed: " + openSslError());
    }
    ssize_t n = ::recv(fd_, buffer.data(), max, 0);
    if (n >= 0) {
      buffer.resize(static_cast<size_t>(n));
      return buffer;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait(false, "reading the response");
      continue;
    }
    if (errno == ECONNRESET) return {};
    throw ConnectionError("reading the response from " + peer_ +
                          " failed: " + std::strerror(errno));
  }
}

SslContext probeContext(int minVersion, int maxVersion, const std::string& ciphers, bool weak) {
  SslContext ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) throw std::runtime_error("OpenSSL: " + openSslError());
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (weak) SSL_CTX_set_security_level(ctx.get(), 0);
  SSL_CTX_set_min_proto_version(ctx.get(), minVersion);
  SSL_CTX_set_max_proto_version(ctx.get(), maxVersion);
  if (SSL_CTX_set_cipher_list(ctx.get(), ciphers.c_str()) != 1)
    throw std::runtime_error("this OpenSSL offers no cipher suite of '" + ciphers +
                             "': " + openSslError());
  return ctx;
}

}  // namespace bulwark::appservice::live
