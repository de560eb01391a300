// Azure Policy field names to ARM document paths: the special fields (name, type, tags['x'],
// identity.type, ...), the alias table generated from Get-AzPolicyAlias output
// (config/policy/aliases.csv, built in), and the default rule "Namespace/type/a.b" ->
// "properties.a.b" for aliases the table does not list.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bulwark::policy {

// One step of a path: a member name, or "[*]" for every element of an array.
struct PathSegment {
  std::string name;
  bool allElements = false;
  bool operator==(const PathSegment& o) const;
};
using FieldPath = std::vector<PathSegment>;

// Parses "properties.a.b[*].c" into segments.
FieldPath parsePath(std::string_view dotted);
std::string pathText(const FieldPath& path);

class AliasTable {
 public:
  // The table built into bulwark.
  static const AliasTable& builtin();
  // Reads "alias,path" lines ('#' comments allowed).
  static AliasTable fromCsv(std::string_view text);

  // The ARM path of a table alias (case-insensitive), or nullptr.
  const std::string* find(std::string_view alias) const;
  size_t size() const { return paths_.size(); }

 private:
  std::unordered_map<std::string, std::string> paths_;  // lower-case alias -> path
};

// The document path a policy `field` refers to. `fromTable` tells whether a table alias (as
// opposed to a special field or the default rule) resolved it.
FieldPath resolveField(std::string_view field, const AliasTable& table, bool* fromTable = nullptr);

}  // namespace bulwark::policy
