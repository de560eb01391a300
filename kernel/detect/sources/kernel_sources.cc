#include "detect/sources/kernel_sources.h"

#include "detect/readers/reader_formats.h"

namespace bulwark::detect {

void addKernelSources(SourceRegistry& registry, KeyTable& keys, const ReaderOptions& options) {
  for (const ReaderFormat& format : readerFormats()) {
    SourceType source;
    source.type = format.type;
    source.aliases.assign(format.aliases.begin(), format.aliases.end());
    source.description = format.description;
    const std::string type(format.type);
    source.read = [type, &keys, &options](const std::string& path, const EventSink& sink) {
      return readSource(type, path, keys, options, sink);
    };
    if (format.followable) {
      source.follow = [&keys, &options](const std::string& name, const std::string& path) {
        return std::make_unique<Follower>(name, path, keys, options);
      };
    }
    registry.add(std::move(source));
  }
}

}  // namespace bulwark::detect
