// Factories of the individual analysers, one per file under analysers/.
#pragma once

#include <memory>

#include "image/analyser.h"

namespace bulwark::image {

std::unique_ptr<Analyser> makeOsReleaseAnalyser();
std::unique_ptr<Analyser> makeDpkgAnalyser();
std::unique_ptr<Analyser> makeApkAnalyser();
std::unique_ptr<Analyser> makeRpmAnalyser();
std::unique_ptr<Analyser> makePythonAnalyser();
std::unique_ptr<Analyser> makeNpmAnalyser();
std::unique_ptr<Analyser> makeGoBinaryAnalyser();
std::unique_ptr<Analyser> makeJavaAnalyser(const ImageLimits& limits);
std::unique_ptr<Analyser> makeGemAnalyser();
std::unique_ptr<Analyser> makeCargoAnalyser();

}  // namespace bulwark::image
