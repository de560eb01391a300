// Errors of the declarative policy engine. Unsupported marks a definition that uses a language
// feature this engine does not implement: such a definition never yields a verdict.
#pragma once

#include <stdexcept>
#include <string>

namespace bulwark::policy {

class Unsupported : public std::runtime_error {
 public:
  explicit Unsupported(const std::string& feature)
      : std::runtime_error("unsupported: " + feature), feature_(feature) {}
  const std::string& feature() const { return feature_; }

 private:
  std::string feature_;
};

// A definition or expression that is malformed, or an evaluation that cannot complete.
class PolicyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bulwark::policy
