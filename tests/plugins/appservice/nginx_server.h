// A real nginx for one test (Debian's nginx package): the test's server blocks in an
// nginx.conf written to a temporary folder that also holds the pid file, the error and access
// logs ("combined" format) and every temp path; `nginx -p DIR -c DIR/nginx.conf -g 'daemon
// off;'` on loopback ports, stopped on destruction. As root the workers run as www-data (the
// `user` directive), so the folder and the document root are made world-readable.
//
// In the server blocks, {{port0}} ... {{portN-1}} stand for the loopback ports the fixture chose,
// {{root}} for the document root (dir/www) and {{dir}} for the folder.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/background_process.h"
#include "support/test_support.h"

namespace bulwark::test {

class NginxServer {
 public:
  NginxServer(const std::string& servers, int ports);
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  // "" when nginx runs and listens on every port, else why not (not installed, bad
  // configuration, did not start).
  const std::string& whyUnavailable() const { return why_; }
  int port(size_t i) const { return ports_.at(i); }
  const std::vector<int>& ports() const { return ports_; }
  fs::path root() const { return dir_ / "www"; }
  fs::path dir() const { return dir_.path(); }
  fs::path accessLog() const { return dir_ / "access.log"; }
  fs::path errorLog() const { return dir_ / "error.log"; }

  // Writes `text` to root()/relative (folders made), readable by the workers.
  void serve(const std::string& relative, const std::string& text) const;

 private:
  TempDir dir_;
  std::vector<int> ports_;
  std::unique_ptr<BackgroundProcess> server_;
  std::string why_;
};

}  // namespace bulwark::test
