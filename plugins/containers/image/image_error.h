// The one error type of the image subsystem: a source, manifest or layer that cannot be read
// safely. Messages name the image file, the layer digest and the entry concerned.
#pragma once

#include <stdexcept>

namespace bulwark::image {

class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bulwark::image
