// ARM resource ids and scopes. Ids compare case-insensitively, as ARM does; a scope is any
// prefix of the id tree on segment boundaries ("/subscriptions/S", ".../resourceGroups/RG",
// or a resource id, which also covers its child resources).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.h"

namespace bulwark {

class ResourceId {
 public:
  // Parses "/subscriptions/S/resourceGroups/RG/providers/NS/type/name[/type/name...]" and the
  // shorter scope forms. Returns nullopt for text that is not an ARM id.
  static std::optional<ResourceId> parse(std::string_view text);

  const std::string& text() const { return text_; }
  // Lower-case, no trailing slash: the form used for comparison and storage keys.
  const std::string& key() const { return key_; }
  const std::string& subscription() const { return subscription_; }
  const std::string& resourceGroup() const { return resourceGroup_; }
  // Full type of a provider resource, e.g. "Microsoft.Sql/servers/databases"; empty for
  // subscriptions and resource groups.
  const std::string& type() const { return type_; }
  // The id one level up in the resource tree: a child's parent resource, an extension
  // resource's target, or nullopt for subscriptions, resource groups and top-level resources.
  std::optional<ResourceId> parentResource() const;

 private:
  std::string text_;
  std::string key_;
  std::string subscription_;
  std::string resourceGroup_;
  std::string type_;
  std::vector<std::string> segments_;
};

// Whether `id` lies inside the scope `scope` (both ids; compared case-insensitively).
bool inScope(const ResourceId& id, const ResourceId& scope);
// Whether `id` lies inside any of `scopes`; an empty list means everything.
bool inAnyScope(const ResourceId& id, const std::vector<ResourceId>& scopes);

}  // namespace bulwark
