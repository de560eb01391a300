// Helpers for the report tests: a scan with every state and hostile text, running programs
// (validators, Chromium, bulwark on a terminal) and where the official schemas live.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "model/scan_record.h"
#include "support/test_support.h"

namespace bulwark::test {

// Debian's interpreter, which has the Debian python3-* modules (a python3 first on PATH, from
// pyenv or a venv, may not).
inline constexpr const char* kDebianPython = "/usr/bin/python3";

// Two subscriptions, four resources (one named with a <script> tag), three assessments in
// two controls, and results in every state, with evidence.
ScanRecord sampleScan();

// Runs `argv` (argv[0] looked up on PATH) with `env` added, capturing stdout and stderr.
RunResult runProgram(const std::vector<std::string>& argv,
                     const std::map<std::string, std::string>& env = {});

// Runs bulwark with stdout and stderr on a pseudo-terminal; returns what it printed.
RunResult runBulwarkOnTerminal(const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env = {});

bool programExists(const std::string& name);

// Scans the bundled sample estate with the storage plugin into a store in `dir`; returns the
// config file that names that store.
fs::path scanSampleEstate(const TempDir& dir);

// The SARIF 2.1.0 schema installed by scripts/install-deps; empty when missing.
fs::path sarifSchemaPath();

// Whether python3 with the jsonschema module is available.
bool jsonSchemaValidatorAvailable();

// Validates `document` against `schema` with python3-jsonschema: exit 0 valid, 1 invalid
// (the errors, each with its JSON path, on stdout), 2 unusable input. `closed`: objects may
// hold only the properties the schema lists.
RunResult validateJsonSchema(const fs::path& schema, const fs::path& document, bool closed = false);

}  // namespace bulwark::test
