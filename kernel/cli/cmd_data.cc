// `bulwark data update NAME FILE`: refreshes a rule list (tor-exits, malware-md5) from an
// operator-supplied file into the data folder that `bulwark detect` reads lists from.
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "datalists/data_dir.h"
#include "datalists/list_parsers.h"

namespace bulwark::cli {
namespace po = boost::program_options;

int dataCommand(const Args& args) {
  po::options_description visible(
      "Usage: bulwark data update tor-exits|malware-md5 FILE [--data-dir DIR]\n\n"
      "Replaces a list the detection rules use with the entries of FILE: tor-exits from the\n"
      "Tor Project's bulk exit list or exit-addresses, malware-md5 from MD5 hashes (md5sum\n"
      "output works). Every line must parse, else nothing is replaced. The list is written to\n"
      "DIR/lists/NAME.txt, atomically; `bulwark detect` reads it from the same folder.\n\n"
      "Options");
  std::string dataDir, action, name, file;
  visible.add_options()("help,h", "show this help")(
      "data-dir", po::value(&dataDir),
      "data folder (default: $BULWARK_DATA_DIR, else /var/lib/bulwark)");
  po::options_description hidden;
  hidden.add_options()("action", po::value(&action))("name", po::value(&name))("file",
                                                                               po::value(&file));
  po::positional_options_description positional;
  positional.add("action", 1).add("name", 1).add("file", 1);
  po::variables_map vm;
  if (auto stop = parseArguments("data", args, visible, hidden, positional, vm)) return *stop;
  if (action != "update" || (name != "tor-exits" && name != "malware-md5") || file.empty()) {
    std::cerr << "bulwark data: expected 'update tor-exits FILE' or 'update malware-md5 FILE'\n"
              << visible << "\n";
    return kExitUsage;
  }
  if (dataDir.empty()) dataDir = datalists::defaultDataDir();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "bulwark data: " << file << ": cannot read\n";
    return kExitUsage;
  }
  try {
    datalists::ParsedList list = name == "tor-exits" ? datalists::parseTorExitList(in, file)
                                                     : datalists::parseMd5List(in, file);
    std::string summary = std::to_string(list.entries.size()) + " entries from " + file;
    std::string path =
        datalists::writeListAtomically(dataDir, name, list.entries, name + ": " + summary);
    std::cout << name << ": " << list.entries.size() << " entries";
    if (name == "tor-exits") std::cout << " (" << list.ipv4 << " IPv4, " << list.ipv6 << " IPv6)";
    std::cout << ", " << list.duplicates << " duplicate lines dropped, written to " << path << "\n";
  } catch (const datalists::ListFileError& e) {
    std::cerr << "bulwark data: " << e.what() << "; the list was not changed\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "bulwark data: " << e.what() << "\n";
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace bulwark::cli
