#include "image/analysers/analysers.h"

namespace bulwark::image {

AnalyserList allAnalysers(const ImageLimits& limits) {
  AnalyserList list;
  list.push_back(makeOsReleaseAnalyser());
  list.push_back(makeDpkgAnalyser());
  list.push_back(makeApkAnalyser());
  list.push_back(makeRpmAnalyser());
  list.push_back(makePythonAnalyser());
  list.push_back(makeNpmAnalyser());
  list.push_back(makeGoBinaryAnalyser());
  list.push_back(makeJavaAnalyser(limits));
  list.push_back(makeGemAnalyser());
  list.push_back(makeCargoAnalyser());
  return list;
}

}  // namespace bulwark::image
