#include "image/merged_view.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "image/entry_path.h"

namespace bulwark::image {
namespace {

struct MergedFile {
  std::string layer;
  FileFindings findings;
};

void eraseUnder(std::map<std::string, MergedFile>& files, const std::string& dir, bool keepDir) {
  auto it = dir.empty() ? files.begin() : files.lower_bound(dir);
  while (it != files.end() && it->first.compare(0, dir.size(), dir) == 0) {
    if (isUnder(it->first, dir) && !(keepDir && it->first == dir)) {
      it = files.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

MergedImage mergeLayers(const std::vector<LayerResult>& layers) {
  std::map<std::string, MergedFile> files;
  for (const LayerResult& layer : layers) {
    for (const auto& dir : layer.opaqueDirs)
      eraseUnder(files, dir, true);
    for (const auto& path : layer.whiteouts)
      eraseUnder(files, path, false);
    for (const auto& [path, findings] : layer.files) {
      MergedFile next{layer.digest, findings};
      auto old = files.find(path);
      if (old != files.end()) {
        for (auto& p : next.findings.packages) {
          for (const auto& before : old->second.findings.packages)
            if (p.sameIdentity(before)) p.layer = before.layer;
        }
      }
      files[path] = std::move(next);
    }
  }
  MergedImage merged;
  for (const char* osFile : {"etc/os-release", "usr/lib/os-release", "etc/debian_version"}) {
    auto it = files.find(osFile);
    if (it != files.end() && it->second.findings.os) {
      merged.os = it->second.findings.os;
      break;
    }
  }
  for (const auto& [path, file] : files) {
    for (const auto& p : file.findings.packages)
      merged.packages.push_back(p);
    for (const auto& problem : file.findings.problems)
      merged.problems.push_back({file.layer, path, problem});
  }
  std::sort(merged.packages.begin(), merged.packages.end(), [](const Package& a, const Package& b) {
    return std::tie(a.kind, a.name, a.version, a.path) <
           std::tie(b.kind, b.name, b.version, b.path);
  });
  return merged;
}

}  // namespace bulwark::image
