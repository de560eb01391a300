#include "detect/rules/rule_loader.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "detect/rules/rule_lists.h"
#include "util/suggest.h"
#include "util/text.h"

namespace bulwark::detect {
namespace {

namespace fs = std::filesystem;

class Parser {
 public:
  Parser(std::string origin, KeyTable& keys) : origin_(std::move(origin)), keys_(keys) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    failAt(node.Mark(), message);
  }
  [[noreturn]] void failAt(const YAML::Mark& mark, const std::string& message) const {
    std::ostringstream out;
    out << origin_;
    if (mark.line >= 0) out << ":" << mark.line + 1 << ":" << mark.column + 1;
    out << ": " << message;
    throw RuleError(out.str());
  }

  std::string position(const YAML::Node& node) const {
    return origin_ + ":" + std::to_string(node.Mark().line + 1);
  }

  void checkKeys(const YAML::Node& map, const std::vector<std::string>& allowed,
                 const std::string& what) const {
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string hint = closestMatch(key, allowed);
        fail(it->first, "unknown key '" + key + "' in " + what +
                            (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    }
  }

  std::string scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + " must be a single value");
    return node.Scalar();
  }

  std::vector<std::string> scalars(const YAML::Node& node, const std::string& what) const {
    std::vector<std::string> out;
    if (node.IsMap() && node.size() == 1 && node["list"]) return namedList(node["list"]);
    if (node.IsSequence()) {
      for (const auto& item : node)
        out.push_back(scalar(item, what));
      if (out.empty()) fail(node, what + " must not be empty");
    } else {
      out.push_back(scalar(node, what));
    }
    return out;
  }

  // {list: NAME}: the operator's refreshed list, else the file's own "lists" default.
  std::vector<std::string> namedList(const YAML::Node& node) const {
    std::string name = scalar(node, "list");
    if (const auto* refreshed = ruleListOverride(name)) {
      if (refreshed->empty()) fail(node, "the refreshed list '" + name + "' is empty");
      return *refreshed;
    }
    auto it = lists_.find(name);
    if (it == lists_.end()) fail(node, "unknown list '" + name + "' (define it under 'lists')");
    return it->second;
  }

  void definedLists(const YAML::Node& node) {
    if (!node.IsMap()) fail(node, "'lists' must map list names to lists of values");
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string name = scalar(it->first, "list name");
      if (!it->second.IsSequence()) fail(it->second, "list '" + name + "' must be a sequence");
      lists_[name] = scalars(it->second, "list '" + name + "'");
    }
  }

  uint64_t positive(const YAML::Node& node, const std::string& what) const {
    std::string text = scalar(node, what);
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoull(text) == 0)
      fail(node, what + " must be a positive whole number, not '" + text + "'");
    return std::stoull(text);
  }

  int64_t duration(const YAML::Node& node, const std::string& what) const {
    std::string text = scalar(node, what);
    static const std::regex kForm("([0-9]{1,7})(s|m|h|d)?");
    std::smatch m;
    if (!std::regex_match(text, m, kForm) || std::stoll(m[1]) == 0)
      fail(node, what + " must be a duration like 30s, 10m, 2h or 1d, not '" + text + "'");
    int64_t seconds = std::stoll(m[1]);
    std::string unit = m[2];
    int64_t scale = unit == "m" ? 60 : unit == "h" ? 3600 : unit == "d" ? 86400 : 1;
    return seconds * scale * 1000000000LL;
  }

  Key field(const YAML::Node& node, const std::string& what) {
    std::string name = scalar(node, what);
    static const std::regex kName("[A-Za-z_@][A-Za-z0-9_.@()-]*");
    if (!std::regex_match(name, kName)) fail(node, what + " '" + name + "' is not a field name");
    return keys_.intern(name);
  }

  std::vector<Key> fields(const YAML::Node& node, const std::string& what) {
    std::vector<Key> out;
    if (node.IsSequence()) {
      for (const auto& item : node)
        out.push_back(field(item, what));
      if (out.empty()) fail(node, what + " must name at least one field");
    } else {
      out.push_back(field(node, what));
    }
    return out;
  }

  FieldTest test(const YAML::Node& nameNode, const YAML::Node& spec) {
    FieldTest t;
    t.field = field(nameNode, "field");
    if (spec.IsScalar() || spec.IsSequence()) {
      t.values = scalars(spec, "value of '" + nameNode.Scalar() + "'");
      return t;
    }
    if (!spec.IsMap())
      fail(spec, "test of '" + nameNode.Scalar() + "' must be a value, a list or an operator map");
    static const std::map<std::string, MatchOp> kOps = {
        {"equals", MatchOp::Equals},     {"in", MatchOp::Equals},
        {"contains", MatchOp::Contains}, {"startswith", MatchOp::StartsWith},
        {"endswith", MatchOp::EndsWith}, {"cidr", MatchOp::Cidr},
        {"regex", MatchOp::Regex},       {"exists", MatchOp::Exists}};
    std::vector<std::string> allowed = {"nocase", "not"};
    for (const auto& [name, op] : kOps)
      allowed.push_back(name);
    checkKeys(spec, allowed, "the test of '" + nameNode.Scalar() + "'");
    int ops = 0;
    for (auto it = spec.begin(); it != spec.end(); ++it) {
      std::string key = it->first.Scalar();
      YAML::Node value = it->second;
      if (key == "nocase") {
        t.nocase = scalar(value, "nocase") == "true";
        continue;
      }
      if (key == "not") {
        t.negate = scalar(value, "not") == "true";
        continue;
      }
      ++ops;
      t.op = kOps.at(key);
      if (t.op == MatchOp::Exists) {
        t.negate = t.negate != (scalar(value, "exists") == "false");
        continue;
      }
      t.values = scalars(value, key);
      if (t.op == MatchOp::Cidr) {
        for (size_t i = 0; i < t.values.size(); ++i) {
          CidrBlock block;
          if (!CidrBlock::parse(t.values[i], block))
            fail(value.IsSequence() ? value[i] : value,
                 "'" + t.values[i] + "' is not an address block like 10.0.0.0/8");
          t.cidrs.push_back(block);
        }
      }
      if (t.op == MatchOp::Regex) {
        for (size_t i = 0; i < t.values.size(); ++i) {
          RE2::Options options;
          options.set_log_errors(false);
          options.set_max_mem(8 << 20);
          auto re = std::make_shared<RE2>(t.values[i], options);
          if (!re->ok())
            fail(value.IsSequence() ? value[i] : value,
                 "bad regex '" + t.values[i] + "': " + re->error());
          t.regexes.push_back(std::move(re));
        }
      }
    }
    if (ops != 1) fail(spec, "the test of '" + nameNode.Scalar() + "' needs exactly one operator");
    return t;
  }

  Condition condition(const YAML::Node& node, const std::string& what) {
    if (!node.IsMap() || node.size() == 0)
      fail(node, what + " must be a non-empty map of field tests");
    Condition c;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = scalar(it->first, "field name");
      YAML::Node value = it->second;
      if (key == "any" || key == "all") {
        if (!value.IsSequence() || value.size() == 0)
          fail(value, "'" + key + "' must be a non-empty list of conditions");
        for (const auto& item : value) {
          Condition sub = condition(item, "each entry of '" + key + "'");
          if (key == "any") {
            c.any.push_back(std::move(sub));
          } else {
            c.all.insert(c.all.end(), sub.all.begin(), sub.all.end());
            c.any.insert(c.any.end(), sub.any.begin(), sub.any.end());
            c.none.insert(c.none.end(), sub.none.begin(), sub.none.end());
          }
        }
      } else if (key == "not") {
        c.none.push_back(condition(value, "'not'"));
      } else {
        FieldTest t = test(it->first, value);
        if (t.nocase) {
          for (auto& v : t.values)
            v = toLowerAscii(v);
        }
        if (t.field == keys::kType || t.field == keys::kSource) {
          // Interned so the engine can index rules by the event type they need, and equality
          // compares keys instead of text.
          for (const auto& v : t.values) {
            Key k = keys_.intern(v);
            if (t.op == MatchOp::Equals && !t.nocase) t.valueKeys.push_back(k);
          }
        }
        c.all.push_back(std::move(t));
      }
    }
    return c;
  }

  Rule rule(const YAML::Node& node) {
    if (!node.IsMap()) fail(node, "a rule must be a map");
    checkKeys(node,
              {"id", "title", "description", "severity", "mitre", "remediation", "match",
               "exceptions", "threshold", "sequence", "distributed", "dedup", "entities", "tags"},
              "a rule");
    Rule r;
    r.origin = position(node);
    if (!node["id"]) fail(node, "rule has no id");
    r.id = scalar(node["id"], "id");
    static const std::regex kId("[a-z0-9][a-z0-9._-]*");
    if (!std::regex_match(r.id, kId))
      fail(node["id"], "rule id '" + r.id + "' must use a-z, 0-9, '.', '_' and '-'");
    if (!node["title"]) fail(node, "rule " + r.id + " has no title");
    r.title = scalar(node["title"], "title");
    if (node["description"]) r.description = scalar(node["description"], "description");
    if (node["remediation"]) r.remediation = scalar(node["remediation"], "remediation");
    if (!node["severity"]) fail(node, "rule " + r.id + " has no severity");
    r.severity = scalar(node["severity"], "severity");
    static const std::vector<std::string> kSeverities = {"High", "Medium", "Low", "Informational"};
    if (std::find(kSeverities.begin(), kSeverities.end(), r.severity) == kSeverities.end())
      fail(node["severity"],
           "severity '" + r.severity + "' must be High, Medium, Low or Informational");
    if (node["mitre"]) {
      YAML::Node m = node["mitre"];
      if (!m.IsMap()) fail(m, "mitre must be a map with tactic and technique");
      checkKeys(m, {"tactic", "technique"}, "mitre");
      if (!m["tactic"] || !m["technique"]) fail(m, "mitre needs both tactic and technique");
      r.tactic = scalar(m["tactic"], "tactic");
      const auto& tactics = mitreTactics();
      if (std::find(tactics.begin(), tactics.end(), r.tactic) == tactics.end()) {
        std::string hint = closestMatch(r.tactic, tactics);
        fail(m["tactic"], "unknown MITRE ATT&CK tactic '" + r.tactic + "'" +
                              (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
      r.technique = scalar(m["technique"], "technique");
      static const std::regex kTechnique("T[0-9]{4}(\\.[0-9]{3})?");
      if (!std::regex_match(r.technique, kTechnique))
        fail(m["technique"], "MITRE technique '" + r.technique + "' must look like T1110.001");
    }
    if (node["match"]) r.match = condition(node["match"], "match");
    if (node["exceptions"]) {
      YAML::Node ex = node["exceptions"];
      if (!ex.IsSequence()) fail(ex, "exceptions must be a list of conditions");
      for (const auto& item : ex)
        r.exceptions.push_back(condition(item, "each exception"));
    }
    int forms =
        (node["threshold"] ? 1 : 0) + (node["sequence"] ? 1 : 0) + (node["distributed"] ? 1 : 0);
    if (forms > 1)
      fail(node, "rule " + r.id + " may use only one of threshold, sequence and distributed");
    if (node["threshold"])
      threshold(node["threshold"], r);
    else if (node["sequence"])
      sequence(node["sequence"], r);
    else if (node["distributed"])
      distributed(node["distributed"], r);
    if (r.form != RuleForm::Sequence && !node["match"])
      fail(node, "rule " + r.id + " has no match condition");
    r.dedupNs = node["dedup"] ? duration(node["dedup"], "dedup")
                              : (r.windowNs > 0 ? r.windowNs : 3600LL * 1000000000LL);
    if (node["entities"]) r.entities = fields(node["entities"], "entities");
    return r;
  }

  void threshold(const YAML::Node& n, Rule& r) {
    if (!n.IsMap()) fail(n, "threshold must be a map");
    checkKeys(n, {"count", "window", "group_by", "distinct"}, "threshold");
    if (!n["count"] || !n["window"]) fail(n, "threshold needs count and window");
    r.form = RuleForm::Threshold;
    r.count = positive(n["count"], "count");
    r.windowNs = duration(n["window"], "window");
    if (n["group_by"]) r.groupBy = fields(n["group_by"], "group_by");
    if (n["distinct"]) r.distinct = field(n["distinct"], "distinct");
  }

  void sequence(const YAML::Node& n, Rule& r) {
    if (!n.IsMap()) fail(n, "sequence must be a map");
    checkKeys(n, {"by", "within", "steps"}, "sequence");
    if (!n["by"] || !n["within"] || !n["steps"]) fail(n, "sequence needs by, within and steps");
    r.form = RuleForm::Sequence;
    r.groupBy = fields(n["by"], "by");
    r.windowNs = duration(n["within"], "within");
    YAML::Node steps = n["steps"];
    if (!steps.IsSequence() || steps.size() < 2)
      fail(steps, "a sequence needs a list of at least two steps");
    for (const auto& s : steps) {
      if (!s.IsMap()) fail(s, "each step must be a map with match and optional count");
      checkKeys(s, {"match", "count"}, "a step");
      if (!s["match"]) fail(s, "each step needs a match condition");
      SequenceStep step;
      step.match = condition(s["match"], "a step's match");
      if (s["count"]) step.count = positive(s["count"], "count");
      r.steps.push_back(std::move(step));
    }
  }

  void distributed(const YAML::Node& n, Rule& r) {
    if (!n.IsMap()) fail(n, "distributed must be a map");
    checkKeys(n, {"target", "source", "min_sources", "max_per_source", "window"}, "distributed");
    for (const char* k : {"target", "source", "min_sources", "max_per_source", "window"}) {
      if (!n[k]) fail(n, std::string("distributed needs ") + k);
    }
    r.form = RuleForm::Distributed;
    r.groupBy = fields(n["target"], "target");
    r.sourceField = field(n["source"], "source");
    r.count = positive(n["min_sources"], "min_sources");
    r.maxPerSource = positive(n["max_per_source"], "max_per_source");
    r.windowNs = duration(n["window"], "window");
  }

  std::vector<Rule> document(const YAML::Node& root) {
    YAML::Node list;
    list.reset(root);
    if (root.IsMap()) {
      checkKeys(root, {"rules", "lists"}, "a rule file");
      if (root["lists"]) definedLists(root["lists"]);
      list.reset(root["rules"]);
      if (!list) fail(root, "a rule file needs a 'rules' list");
    }
    if (root.IsNull()) return {};
    if (!list.IsSequence()) fail(list, "expected a list of rules");
    std::vector<Rule> rules;
    for (const auto& item : list)
      rules.push_back(rule(item));
    return rules;
  }

 private:
  std::string origin_;
  KeyTable& keys_;
  std::map<std::string, std::vector<std::string>> lists_;
};

}  // namespace

const std::vector<std::string>& mitreTactics() {
  static const std::vector<std::string> tactics = {"Reconnaissance",  "Resource Development",
                                                   "Initial Access",  "Execution",
                                                   "Persistence",     "Privilege Escalation",
                                                   "Defense Evasion", "Credential Access",
                                                   "Discovery",       "Lateral Movement",
                                                   "Collection",      "Command and Control",
                                                   "Exfiltration",    "Impact"};
  return tactics;
}

size_t killChainStage(const std::string& tactic) {
  const auto& t = mitreTactics();
  return static_cast<size_t>(std::find(t.begin(), t.end(), tactic) - t.begin());
}

std::vector<Rule> loadRulesText(const std::string& yaml, const std::string& origin,
                                KeyTable& keys) {
  Parser parser(origin, keys);
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    parser.failAt(e.mark, e.msg);
  }
  try {
    auto rules = parser.document(root);
    checkUniqueRuleIds(rules);
    return rules;
  } catch (const YAML::Exception& e) {
    parser.failAt(e.mark, e.msg);
  }
}

std::vector<Rule> loadRulesPath(const std::string& path, KeyTable& keys) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      auto ext = entry.path().extension();
      if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml"))
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    throw RuleError(path + ": no such rule file or folder");
  }
  std::vector<Rule> all;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) throw RuleError(f.string() + ": cannot read");
    auto rules = loadRulesText(text.str(), f.string(), keys);
    all.insert(all.end(), std::make_move_iterator(rules.begin()),
               std::make_move_iterator(rules.end()));
  }
  checkUniqueRuleIds(all);
  return all;
}

void checkUniqueRuleIds(const std::vector<Rule>& rules) {
  std::map<std::string, const Rule*> seen;
  for (const auto& r : rules) {
    auto [it, inserted] = seen.emplace(r.id, &r);
    if (!inserted)
      throw RuleError(r.origin + ": duplicate rule id '" + r.id + "' (first defined at " +
                      it->second->origin + ")");
  }
}

}  // namespace bulwark::detect
