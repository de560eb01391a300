#include "policy/condition.h"

#include <algorithm>
#include <optional>

#include "policy/expression.h"
#include "policy/policy_error.h"
#include "policy/value_compare.h"
#include "scope/resource_id.h"

namespace bulwark::policy {
namespace {

const std::vector<std::string>& operators() {
  static const std::vector<std::string> ops = {
      "equals",      "notequals",          "like",     "notlike",
      "match",       "matchinsensitively", "notmatch", "notmatchinsensitively",
      "contains",    "notcontains",        "in",       "notin",
      "containskey", "notcontainskey",     "less",     "lessorequals",
      "greater",     "greaterorequals",    "exists"};
  return ops;
}

// A count loop in progress: `where` conditions and current() see its element.
struct Frame {
  bool isValueCount = false;
  std::string name;     // value count: its "name"; field count: the field text
  FieldPath arrayPath;  // field count: the path of the counted array, ending in [*]
  const Json* element = nullptr;
};

const Json* member(const Json& node, const std::string& name) {
  if (!node.is_object()) return nullptr;
  auto it = node.find(name);
  if (it != node.end()) return &*it;
  for (auto m = node.begin(); m != node.end(); ++m) {
    if (equalsIgnoreCase(m.key(), name)) return &*m;
  }
  return nullptr;
}

// Follows `path` from `node`, expanding [*]; appends the values reached (null when missing).
void follow(const Json* node, const FieldPath& path, size_t i, bool& expanded,
            std::vector<Json>& out) {
  for (; i < path.size(); ++i) {
    if (node == nullptr || node->is_null()) {
      // A missing array has no elements; a missing plain value is one null.
      bool arrayAhead = std::any_of(path.begin() + i, path.end(),
                                    [](const PathSegment& s) { return s.allElements; });
      if (arrayAhead) {
        expanded = true;
      } else {
        out.push_back(nullptr);
      }
      return;
    }
    if (path[i].allElements) {
      expanded = true;
      if (!node->is_array()) return;
      for (const Json& e : *node)
        follow(&e, path, i + 1, expanded, out);
      return;
    }
    node = member(*node, path[i].name);
  }
  out.push_back(node == nullptr ? Json(nullptr) : *node);
}

struct FieldValues {
  bool expanded = false;
  std::vector<Json> values;
};

bool startsWithPath(const FieldPath& path, const FieldPath& prefix) {
  if (prefix.size() > path.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), path.begin());
}

std::string lowerOp(const Json& condition, const std::vector<std::string>& keys) {
  for (const auto& k : keys) {
    if (isKnownOperator(k)) return toLowerAscii(k);
  }
  (void)condition;
  return "";
}

class Evaluator {
 public:
  explicit Evaluator(const ConditionContext& ctx) : ctx_(ctx) {}

  bool eval(const Json& c) {
    if (!c.is_object()) throw PolicyError("a condition must be an object, got " + c.dump());
    std::vector<std::string> keys;
    for (auto it = c.begin(); it != c.end(); ++it)
      keys.push_back(it.key());
    for (const auto& k : keys) {
      std::string lk = toLowerAscii(k);
      const Json& v = c[k];
      if (lk == "allof" || lk == "anyof") {
        if (!v.is_array()) throw PolicyError(k + " needs a list of conditions");
        bool all = lk == "allof";
        for (const Json& sub : v) {
          bool r = eval(sub);
          if (all && !r) return false;
          if (!all && r) return true;
        }
        return all;
      }
      if (lk == "not") return !eval(v);
    }
    return leaf(c, keys);
  }

 private:
  ExpressionContext exprContext() {
    ExpressionContext e;
    e.parameters = ctx_.parameters;
    const Json* seen = ctx_.expressionResource != nullptr ? ctx_.expressionResource : ctx_.resource;
    e.resource = seen;
    e.apiVersion = ctx_.apiVersion;
    e.field = [this, seen](const std::string& f) {
      FieldValues fv = fieldValues(f, seen);
      if (fv.expanded) return Json(fv.values);
      return fv.values.empty() ? Json(nullptr) : fv.values[0];
    };
    e.current = [this](const std::string& name) { return current(name); };
    return e;
  }

  Json expr(const Json& v) { return evaluate(v, exprContext()); }

  std::optional<Json> current(const std::string& name) {
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f) {
      if (name.empty() || equalsIgnoreCase(name, f->name)) return *f->element;
      if (!f->isValueCount) {
        // current('alias[*].prop'): a property of the current element.
        FieldPath p = resolveField(name, *ctx_.aliases);
        if (startsWithPath(p, f->arrayPath)) {
          FieldPath rest(p.begin() + f->arrayPath.size(), p.end());
          bool expanded = false;
          std::vector<Json> out;
          follow(f->element, rest, 0, expanded, out);
          return expanded ? Json(out) : (out.empty() ? Json(nullptr) : out[0]);
        }
      }
    }
    return std::nullopt;
  }

  // The values of `field` in the innermost count element it lies in, else in `root`.
  FieldValues fieldValues(const std::string& field, const Json* root) {
    FieldPath path = resolveField(field, *ctx_.aliases);
    FieldValues fv;
    for (auto f = frames_.rbegin(); f != frames_.rend(); ++f) {
      if (f->isValueCount || !startsWithPath(path, f->arrayPath)) continue;
      follow(f->element, path, f->arrayPath.size(), fv.expanded, fv.values);
      return fv;
    }
    follow(root, path, 0, fv.expanded, fv.values);
    return fv;
  }

  bool apply(const std::string& op, const Json& actual, const Json& expected) {
    const bool missing = actual.is_null();
    if (op == "exists") {
      bool want = expected.is_boolean()
                      ? expected.get<bool>()
                      : toLowerAscii(expected.is_string() ? expected.get<std::string>()
                                                          : expected.dump()) == "true";
      return want != missing;
    }
    if (op == "equals") return valuesEqual(actual, expected);
    if (op == "notequals") return !valuesEqual(actual, expected);
    if (op == "like" || op == "notlike") {
      bool r = actual.is_string() && likeMatch(actual.get<std::string>(), textOf(expected));
      return op == "like" ? r : !r;
    }
    if (op == "match" || op == "notmatch" || op == "matchinsensitively" ||
        op == "notmatchinsensitively") {
      bool insensitive = op.find("insensitively") != std::string::npos;
      bool r = actual.is_string() &&
               patternMatch(actual.get<std::string>(), textOf(expected), insensitive);
      return op.rfind("not", 0) == 0 ? !r : r;
    }
    if (op == "contains" || op == "notcontains") {
      bool r = false;
      if (actual.is_string()) {
        r = toLowerAscii(actual.get<std::string>()).find(toLowerAscii(textOf(expected))) !=
            std::string::npos;
      } else if (actual.is_array()) {
        r = std::any_of(actual.begin(), actual.end(),
                        [&](const Json& e) { return valuesEqual(e, expected); });
      }
      return op == "contains" ? r : !r;
    }
    if (op == "in" || op == "notin") {
      if (!expected.is_array()) throw PolicyError(op + " needs a list, got " + expected.dump());
      bool r = !missing && std::any_of(expected.begin(), expected.end(),
                                       [&](const Json& e) { return valuesEqual(actual, e); });
      return op == "in" ? r : !r;
    }
    if (op == "containskey" || op == "notcontainskey") {
      bool r = actual.is_object() && member(actual, textOf(expected)) != nullptr;
      return op == "containskey" ? r : !r;
    }
    if (missing) return false;
    int c = compareValues(actual, expected);
    if (op == "less") return c < 0;
    if (op == "lessorequals") return c <= 0;
    if (op == "greater") return c > 0;
    if (op == "greaterorequals") return c >= 0;
    throw PolicyError("unknown operator " + op);
  }

  static std::string textOf(const Json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
  }

  size_t count(const Json& spec) {
    if (!spec.is_object()) throw PolicyError("count needs an object");
    const Json* where = member(spec, "where");
    if (const Json* field = member(spec, "field")) {
      std::string f = textOf(*field);
      FieldPath path = resolveField(f, *ctx_.aliases);
      if (path.empty() || !path.back().allElements) {
        throw PolicyError("count field '" + f + "' must end with [*]");
      }
      FieldValues arrays;  // the elements of the counted array
      bool nested = false;
      for (auto fr = frames_.rbegin(); fr != frames_.rend() && !nested; ++fr) {
        if (!fr->isValueCount && startsWithPath(path, fr->arrayPath) &&
            path.size() > fr->arrayPath.size()) {
          follow(fr->element, path, fr->arrayPath.size(), arrays.expanded, arrays.values);
          nested = true;
        }
      }
      if (!nested) follow(ctx_.resource, path, 0, arrays.expanded, arrays.values);
      size_t n = 0;
      for (const Json& element : arrays.values) {
        if (where == nullptr) {
          ++n;
          continue;
        }
        frames_.push_back({false, f, path, &element});
        bool r = eval(*where);
        frames_.pop_back();
        if (r) ++n;
      }
      return n;
    }
    if (const Json* value = member(spec, "value")) {
      Json items = expr(*value);
      if (!items.is_array()) throw PolicyError("count value must be a list");
      const Json* name = member(spec, "name");
      std::string n = name != nullptr ? textOf(*name) : "";
      size_t matched = 0;
      for (const Json& element : items) {
        if (where == nullptr) {
          ++matched;
          continue;
        }
        frames_.push_back({true, n, {}, &element});
        bool r = eval(*where);
        frames_.pop_back();
        if (r) ++matched;
      }
      return matched;
    }
    throw PolicyError("count needs \"field\" or \"value\"");
  }

  bool leaf(const Json& c, const std::vector<std::string>& keys) {
    std::string op = lowerOp(c, keys);
    if (op.empty()) {
      for (const auto& k : keys) {
        std::string lk = toLowerAscii(k);
        if (lk != "field" && lk != "value" && lk != "count") {
          throw Unsupported("condition operator '" + k + "'");
        }
      }
      throw PolicyError("condition without an operator: " + c.dump());
    }
    Json expected;
    for (const auto& k : keys) {
      if (toLowerAscii(k) == op) expected = expr(c[k]);
    }
    LeafTrace t;
    t.op = op;
    t.expected = expected;
    if (const Json* field = member(c, "field")) {
      std::string f = textOf(expr(*field));
      t.subject = f;
      FieldValues fv = fieldValues(f, ctx_.resource);
      if (fv.expanded) {
        t.actual = fv.values;
        t.result = std::all_of(fv.values.begin(), fv.values.end(),
                               [&](const Json& v) { return apply(op, v, expected); });
      } else {
        t.actual = fv.values.empty() ? Json(nullptr) : fv.values[0];
        t.result = apply(op, t.actual, expected);
      }
    } else if (const Json* value = member(c, "value")) {
      t.subject = textOf(*value);
      t.actual = expr(*value);
      t.result = apply(op, t.actual, expected);
    } else if (const Json* countSpec = member(c, "count")) {
      t.subject = "count(" + countSpec->dump() + ")";
      t.actual = count(*countSpec);
      t.result = apply(op, t.actual, expected);
    } else {
      throw PolicyError("condition needs \"field\", \"value\" or \"count\": " + c.dump());
    }
    if (ctx_.trace != nullptr && frames_.empty()) ctx_.trace->push_back(t);
    return t.result;
  }

  const ConditionContext& ctx_;
  std::vector<Frame> frames_;
};

}  // namespace

bool isKnownOperator(const std::string& name) {
  const auto& ops = operators();
  return std::find(ops.begin(), ops.end(), toLowerAscii(name)) != ops.end();
}

bool evaluateCondition(const Json& condition, const ConditionContext& context) {
  return Evaluator(context).eval(condition);
}

}  // namespace bulwark::policy
