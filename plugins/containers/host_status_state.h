// The image scan statuses kept in the plugin's persistent state (the host's ABI 1.2 state
// service).
#pragma once

#include <bulwark/sdk/state.hpp>

#include "image/scan_status.h"

namespace bulwark::containers {

class HostStatusState : public image::StatusState {
 public:
  explicit HostStatusState(sdk::StateClient state) : state_(state) {}

  std::optional<std::string> get(const std::string& key) const override { return state_.get(key); }
  void put(const std::string& key, const std::string& value) override { state_.put(key, value); }
  void putIfAbsent(const std::string& key, const std::string& value) override {
    state_.putIfAbsent(key, value);
  }
  std::vector<std::pair<std::string, std::string>> list(const std::string& prefix) const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& entry : state_.list(prefix))
      out.emplace_back(std::move(entry.key), std::move(entry.value));
    return out;
  }

 private:
  sdk::StateClient state_;
};

}  // namespace bulwark::containers
