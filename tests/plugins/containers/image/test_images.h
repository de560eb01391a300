// The test images of scripts/make-test-images, built once and cached under var/test-images.
#pragma once

#include <filesystem>

namespace bulwark::test {

// The folder holding oci/, oci.tar, oci-zstd/, docker.tar and rootfs/; empty (after a WARN
// naming the reason) when a tool is missing or the build failed.
std::filesystem::path testImages();

}  // namespace bulwark::test
