#include "cli/host_options.h"

#include <filesystem>
#include <stdexcept>

namespace bulwark::cli {
namespace {

constexpr const char* kDefaultConfig = "config/bulwark.yaml";

// "--name VALUE" or "--name=VALUE": true when `args[i]` is the option, with `value` set and `i`
// on its last token.
bool takeValue(const Args& args, size_t& i, const std::string& name, const std::string& shortName,
               std::string& value) {
  const std::string& a = args[i];
  if (a.rfind(name + "=", 0) == 0) {
    value = a.substr(name.size() + 1);
    return true;
  }
  if (a != name && (shortName.empty() || a != shortName)) return false;
  if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
  value = args[++i];
  return true;
}

}  // namespace

HostOptions takeHostOptions(const Args& args) {
  HostOptions out;
  std::string configPath, store, vulndb;
  bool configNamed = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      out.rest.insert(out.rest.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    if (takeValue(args, i, "--config", "-c", configPath)) {
      configNamed = true;
    } else if (takeValue(args, i, "--store", "", store)) {
    } else if (takeValue(args, i, "--vulndb", "", vulndb)) {
      out.vulndbNamed = true;
    } else {
      if (args[i] == "--help" || args[i] == "-h") out.help = true;
      out.rest.push_back(args[i]);
    }
  }
  std::error_code ec;
  if (configNamed && !configPath.empty()) {
    out.config = loadConfig(configPath);
  } else if (!configNamed && std::filesystem::exists(kDefaultConfig, ec)) {
    out.config = loadConfig(kDefaultConfig);
  }
  out.storePath = !store.empty() ? store : out.config ? out.config->storePath : "";
  if (out.storePath.empty()) out.storePath = "var/bulwark.db";
  out.vulndbPath = !vulndb.empty() ? vulndb : out.config ? out.config->vulndbPath : "";
  if (out.vulndbPath.empty()) out.vulndbPath = "var/vulndb.sqlite";
  // Only a database named with --vulndb must exist; the others are used when present.
  if (!out.vulndbNamed && !std::filesystem::exists(out.vulndbPath, ec)) out.vulndbPath.clear();
  return out;
}

const char* hostOptionsHelp() {
  return "Host options (taken by the kernel for every plugin command):\n"
         "  -c [ --config ] FILE   configuration file (default config/bulwark.yaml when present;\n"
         "                         --config \"\" for none): plugin settings, store and vulndb\n"
         "  --store FILE           the SQLite store (default: the configuration's, else\n"
         "                         var/bulwark.db)\n"
         "  --vulndb FILE          the vulnerability database (default: the configuration's,\n"
         "                         else var/vulndb.sqlite when it exists)\n";
}

}  // namespace bulwark::cli
