#include "nginx_server.h"

#include <unistd.h>

namespace bulwark::test {
namespace {

constexpr const char* kNginx = "/usr/sbin/nginx";

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

}  // namespace

NginxServer::NginxServer(const std::string& servers, int ports) {
  if (!fs::exists(kNginx)) {
    why_ = "nginx is not installed (/usr/sbin/nginx; scripts/install-deps installs nginx)";
    return;
  }
  for (int i = 0; i < ports; ++i)
    ports_.push_back(freeLoopbackPort());
  const bool asRoot = ::geteuid() == 0;
  const std::string dir = dir_.path().string();
  fs::create_directories(dir_ / "www");
  fs::create_directories(dir_ / "tmp");
  // The workers (www-data as root) read the document root through the folder.
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read |
                                   fs::perms::group_exec | fs::perms::others_read |
                                   fs::perms::others_exec);
  fs::permissions(root(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  std::string blocks = replaceAll(replaceAll(servers, "{{root}}", root().string()), "{{dir}}", dir);
  for (int i = 0; i < ports; ++i)
    blocks = replaceAll(blocks, "{{port" + std::to_string(i) + "}}", std::to_string(ports_[i]));
  std::string conf = std::string(asRoot ? "user www-data www-data;\n" : "") +
                     "worker_processes 1;\n"
                     "pid " +
                     dir +
                     "/nginx.pid;\n"
                     "error_log " +
                     dir +
                     "/error.log info;\n"
                     "events { worker_connections 64; }\n"
                     "http {\n"
                     "  access_log " +
                     dir +
                     "/access.log combined;\n"
                     "  client_body_temp_path " +
                     dir +
                     "/tmp/body;\n"
                     "  proxy_temp_path " +
                     dir +
                     "/tmp/proxy;\n"
                     "  fastcgi_temp_path " +
                     dir +
                     "/tmp/fastcgi;\n"
                     "  uwsgi_temp_path " +
                     dir +
                     "/tmp/uwsgi;\n"
                     "  scgi_temp_path " +
                     dir +
                     "/tmp/scgi;\n"
                     "  include /etc/nginx/mime.types;\n"
                     "  default_type application/octet-stream;\n" +
                     blocks + "\n}\n";
  writeFile(dir_ / "nginx.conf", conf);
  std::vector<std::string> argv = {
      kNginx, "-p", dir, "-e", dir + "/error.log", "-c", dir + "/nginx.conf", "-g", "daemon off;"};
  RunResult syntax =
      runShell(shellQuote(kNginx) + " -t -q -p " + shellQuote(dir) + " -e " +
               shellQuote(dir + "/error.log") + " -c " + shellQuote(dir + "/nginx.conf") + " 2>&1");
  if (syntax.exitCode != 0) {
    why_ = "nginx -t refused the configuration: " + syntax.out + "\n" + conf;
    return;
  }
  server_ = std::make_unique<BackgroundProcess>(argv, dir_ / "nginx.out");
  for (int port : ports_) {
    if (!server_->waitForPort(port, 30, why_)) {
      why_ = "nginx did not start: " + why_ + "\n" + readFile(errorLog());
      return;
    }
  }
}

NginxServer::~NginxServer() {
  if (server_) server_->stop();
}

void NginxServer::serve(const std::string& relative, const std::string& text) const {
  fs::path file = root() / relative;
  fs::create_directories(file.parent_path());
  for (fs::path p = file.parent_path(); p != root(); p = p.parent_path())
    fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
  writeFile(file, text);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                            fs::perms::others_read);
}

}  // namespace bulwark::test
