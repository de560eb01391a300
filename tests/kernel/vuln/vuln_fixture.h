// A vulnerability database imported once per test run from the corpus fixtures, plus helpers
// that read the fixture records themselves so tests derive expectations from the data.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace bulwark::test {

// ../shared/corpus/vulndb, or empty when the corpus is absent.
std::filesystem::path vulndbCorpus();

// A database holding the GHSA, PyPA, Debian tracker (happy) and Alpine secdb (happy) fixtures;
// empty path when the corpus is absent.
std::filesystem::path sharedVulnDb();

nlohmann::json readJsonFile(const std::filesystem::path& path);

}  // namespace bulwark::test
