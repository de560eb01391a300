// The error of a bad ignore file or VEX document. Messages start with FILE:LINE:COLUMN (YAML)
// or FILE: byte OFFSET / FILE: JSON path (JSON), then say what is wrong.
#pragma once

#include <stdexcept>

namespace bulwark::image {

class TriageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bulwark::image
