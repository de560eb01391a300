#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "policy/initiative.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using policy::MemberStatus;

namespace {

int importInitiativeCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark policy import-initiative FILE --definitions DIR [options]\n\n"
      "Reads an Azure Policy initiative (policySetDefinition JSON), resolves every member to a\n"
      "definition file under DIR, applies the initiative's parameter values and reports which\n"
      "members the engine evaluates (they become assessments when the security policy names\n"
      "the initiative), which are disabled, unsupported (with the feature) or not found.\n\n"
      "Options");
  std::string file, definitions, format = "table", parameters;
  opts.add_options()("help,h", "show this help")("definitions,d", po::value(&definitions),
                                                 "folder of the definitions it references")(
      "parameters", po::value(&parameters), "JSON object overriding initiative parameters")(
      "list", "list every member with its status")("format,f", po::value(&format), "table or json");
  po::options_description hidden;
  hidden.add_options()("file", po::value(&file));
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("policy import-initiative", args, opts, hidden, pos, vm)) {
    return *exit;
  }
  if (file.empty() || definitions.empty() || !isOutputFormat(format)) {
    std::cerr << "bulwark policy import-initiative: name FILE and --definitions DIR; --format "
                 "is table or json\n";
    return kExitUsage;
  }
  nlohmann::json values = nlohmann::json::object();
  if (!parameters.empty()) {
    values = nlohmann::json::parse(parameters, nullptr, false);
    if (!values.is_object()) {
      std::cerr << "bulwark policy import-initiative: --parameters must be a JSON object\n";
      return kExitUsage;
    }
  }
  policy::InitiativeImport imported;
  try {
    imported = policy::importInitiative(file, definitions, values);
  } catch (const std::exception& e) {
    std::cerr << "bulwark policy import-initiative: " << e.what() << "\n";
    return kExitUsage;
  }
  const MemberStatus all[] = {MemberStatus::Supported, MemberStatus::Disabled,
                              MemberStatus::Unsupported, MemberStatus::NotFound,
                              MemberStatus::Invalid};
  if (format == "json") {
    nlohmann::json counts = {{"members", imported.members.size()}};
    for (auto s : all)
      counts[policy::memberStatusName(s)] = imported.count(s);
    nlohmann::json members = nlohmann::json::array();
    for (const auto& m : imported.members) {
      members.push_back({{"referenceId", m.referenceId},
                         {"definition", m.definitionName},
                         {"file", m.file},
                         {"status", policy::memberStatusName(m.status)},
                         {"detail", m.detail},
                         {"effect", m.effect},
                         {"parameters", m.parameters}});
    }
    nlohmann::json out = {{"initiative", imported.displayName},
                          {"name", imported.name},
                          {"counts", counts},
                          {"unsupportedFeatures", imported.unsupportedFeatures()},
                          {"members", members}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << imported.displayName << " (" << imported.name << "): " << imported.members.size()
            << " members\n";
  for (auto s : all) {
    std::printf("  %-12s %zu\n", policy::memberStatusName(s), imported.count(s));
  }
  auto features = imported.unsupportedFeatures();
  if (!features.empty()) std::cout << "\nUnsupported, by feature:\n";
  for (const auto& [feature, n] : features)
    std::printf("  %4zu  %s\n", n, feature.c_str());
  if (vm.count("list")) {
    std::cout << "\n";
    for (const auto& m : imported.members) {
      std::printf("  %-12s %-60s %s\n", policy::memberStatusName(m.status), m.referenceId.c_str(),
                  m.status == MemberStatus::Supported ? m.effect.c_str() : m.detail.c_str());
    }
  }
  return kExitOk;
}

}  // namespace

int policyCommand(const Args& args) {
  if (!args.empty() && args[0] == "import-initiative") {
    return importInitiativeCommand(Args(args.begin() + 1, args.end()));
  }
  std::cerr << "Usage: bulwark policy import-initiative FILE --definitions DIR [options]\n";
  bool help = !args.empty() && (args[0] == "--help" || args[0] == "-h");
  return help ? kExitOk : kExitUsage;
}

}  // namespace bulwark::cli
