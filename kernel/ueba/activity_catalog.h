// The activity declarations one UEBA run reads events by: the kernel's own first
// (builtin_activities.h), then those of the plugins in the order they were added. An event type
// is the activity of the first declaration matching it. Anomaly kind ids are unique across the
// catalog: the kernel owns its own, a plugin its.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>

#include "loader/activity_declaration.h"

namespace bulwark::ueba {

// A declaration with the anomaly kinds of its checks resolved.
struct DeclaredActivity {
  ActivityInfo info;
  std::string owner;  // "kernel" or "plugin <id>"
  const AnomalyKindInfo* kindOf(AnomalyCheck check) const;
  std::map<AnomalyCheck, const AnomalyKindInfo*> kinds;
};

class ActivityCatalog {
 public:
  // The kernel's declarations only.
  ActivityCatalog();
  // Declarations point at the catalog's anomaly kinds: a copy would point at the original's.
  ActivityCatalog(const ActivityCatalog&) = delete;
  ActivityCatalog& operator=(const ActivityCatalog&) = delete;
  static const ActivityCatalog& builtIn();

  // Adds a plugin's declarations; false, with why, when one of its anomaly kind ids is taken
  // already (nothing is added then).
  bool add(const std::string& pluginId, const ActivityDeclarations& declarations, std::string& why);
  // The first declaration whose types match `type`, or nullptr.
  const DeclaredActivity* match(std::string_view type) const;
  size_t size() const { return activities_.size(); }

 private:
  void addAll(const std::string& owner, const ActivityDeclarations& declarations);

  // Deques: stable addresses, as views and pending events point at the entries.
  std::deque<DeclaredActivity> activities_;
  std::deque<AnomalyKindInfo> kinds_;
  std::map<std::string, std::string, std::less<>> kindOwners_;  // kind id -> owner
};

}  // namespace bulwark::ueba
