#include <boost/dll/runtime_symbol_info.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"

namespace bulwark::cli {
namespace fs = std::filesystem;

std::vector<std::string> pluginDirectories(const Config* config) {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("BULWARK_PLUGIN_PATH"); env != nullptr) {
    std::string list = env;
    size_t pos = 0;
    while (pos <= list.size()) {
      size_t colon = list.find(':', pos);
      if (colon == std::string::npos) colon = list.size();
      if (colon > pos) dirs.push_back(list.substr(pos, colon - pos));
      pos = colon + 1;
    }
  }
  if (config != nullptr && !config->pluginDirs.empty()) {
    dirs.insert(dirs.end(), config->pluginDirs.begin(), config->pluginDirs.end());
    return dirs;
  }
  fs::path exeDir = boost::dll::program_location().parent_path().string();
  dirs.push_back((exeDir / "plugins").string());
  dirs.push_back((exeDir / ".." / "lib" / "bulwark" / "plugins").lexically_normal().string());
  return dirs;
}

std::optional<int> parseArguments(
    const std::string& verb, const Args& args,
    const boost::program_options::options_description& visible,
    const boost::program_options::options_description& hidden,
    const boost::program_options::positional_options_description& positional,
    boost::program_options::variables_map& vm) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bulwark " << verb << ": " << e.what() << "\n" << visible << "\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  return std::nullopt;
}

void writeOutput(const std::string& text, const std::string& file) {
  if (file.empty()) {
    std::cout << text;
    std::cout.flush();
    return;
  }
  // Write beside the target and rename, so a failed write never leaves half a report.
  fs::path target(file);
  fs::path temp = target;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(file + ": cannot write report");
    out << text;
    if (!out.flush()) throw std::runtime_error(file + ": cannot write report");
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) throw std::runtime_error(file + ": cannot write report: " + ec.message());
}

}  // namespace bulwark::cli
