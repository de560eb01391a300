#include "policy/expression.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>

#include "policy/base64.h"
#include "policy/policy_error.h"
#include "policy/unique_string.h"
#include "policy/value_compare.h"
#include "scope/resource_id.h"
#include "util/time.h"

namespace bulwark::policy {
namespace {

struct Node {
  enum Kind { kLiteral, kCall, kMember, kIndex } kind;
  Json literal;
  std::string name;                             // function or member name
  std::vector<std::unique_ptr<Node>> children;  // call args; member/index: base (+ index)
};
using NodePtr = std::unique_ptr<Node>;

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  NodePtr parseWhole() {
    NodePtr n = parseExpr();
    skipSpace();
    if (pos_ != s_.size()) fail("unexpected text");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw PolicyError("expression '[" + std::string(s_) + "]': " + what + " at offset " +
                      std::to_string(pos_));
  }
  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_])))
      ++pos_;
  }
  bool eat(char c) {
    skipSpace();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }

  NodePtr parseExpr() {
    NodePtr n = parsePrimary();
    for (;;) {
      if (eat('.')) {
        auto m = std::make_unique<Node>();
        m->kind = Node::kMember;
        m->name = identifier();
        m->children.push_back(std::move(n));
        n = std::move(m);
      } else if (eat('[')) {
        auto m = std::make_unique<Node>();
        m->kind = Node::kIndex;
        m->children.push_back(std::move(n));
        m->children.push_back(parseExpr());
        expect(']');
        n = std::move(m);
      } else {
        return n;
      }
    }
  }

  std::string identifier() {
    skipSpace();
    size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) {
      ++pos_;
    }
    if (start == pos_) fail("expected a name");
    return std::string(s_.substr(start, pos_ - start));
  }

  NodePtr parsePrimary() {
    skipSpace();
    if (pos_ >= s_.size()) fail("unexpected end");
    char c = s_[pos_];
    auto n = std::make_unique<Node>();
    if (c == '\'') {
      ++pos_;
      std::string out;
      for (;;) {
        if (pos_ >= s_.size()) fail("unterminated string");
        if (s_[pos_] == '\'') {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '\'') {
            out += '\'';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        out += s_[pos_++];
      }
      n->kind = Node::kLiteral;
      n->literal = out;
      return n;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      size_t start = pos_++;
      while (pos_ < s_.size() &&
             (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
        ++pos_;
      }
      std::string num(s_.substr(start, pos_ - start));
      n->kind = Node::kLiteral;
      n->literal =
          num.find('.') == std::string::npos ? Json(std::stoll(num)) : Json(std::stod(num));
      return n;
    }
    n->kind = Node::kCall;
    n->name = identifier();
    expect('(');
    if (!eat(')')) {
      do {
        n->children.push_back(parseExpr());
      } while (eat(','));
      expect(')');
    }
    return n;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

std::string body(const std::string& text) {
  return text.substr(1, text.size() - 2);
}

void collectFunctions(const Node& n, std::vector<std::string>& out) {
  if (n.kind == Node::kCall) out.push_back(n.name);
  for (const auto& c : n.children)
    collectFunctions(*c, out);
}

std::string asString(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "";
  return v.dump();
}

long long asInt(const Json& v, const char* fn) {
  if (v.is_number()) return v.get<long long>();
  if (v.is_string()) {
    try {
      return std::stoll(v.get<std::string>());
    } catch (...) {
    }
  }
  throw PolicyError(std::string(fn) + "(): expected an integer, got " + v.dump());
}

bool truthy(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return toLowerAscii(v.get<std::string>()) == "true";
  if (v.is_number()) return v.get<double>() != 0;
  return !v.is_null();
}

Json memberOf(const Json& base, const std::string& name) {
  if (!base.is_object()) return nullptr;
  for (auto it = base.begin(); it != base.end(); ++it) {
    if (equalsIgnoreCase(it.key(), name)) return it.value();
  }
  return nullptr;
}

// base64ToString(): the decoded bytes as text. Bytes that are not UTF-8 are refused here,
// since no JSON document (evidence, reports) could carry them.
std::string decodedText(const std::string& base64) {
  auto bytes = base64Decode(base64);
  if (!bytes) throw PolicyError("base64ToString(): '" + base64 + "' is not base64");
  try {
    (void)Json(*bytes).dump();
  } catch (const Json::type_error&) {
    throw PolicyError("base64ToString(): '" + base64 + "' does not decode to UTF-8 text");
  }
  return *bytes;
}

class Evaluator {
 public:
  explicit Evaluator(const ExpressionContext& ctx) : ctx_(ctx) {}

  Json eval(const Node& n) {
    switch (n.kind) {
      case Node::kLiteral:
        return n.literal;
      case Node::kMember:
        return memberOf(eval(*n.children[0]), n.name);
      case Node::kIndex: {
        Json base = eval(*n.children[0]);
        Json idx = eval(*n.children[1]);
        if (base.is_array() && idx.is_number_integer()) {
          long long i = idx.get<long long>();
          return i >= 0 && static_cast<size_t>(i) < base.size() ? base[i] : Json(nullptr);
        }
        if (base.is_object() && idx.is_string()) return memberOf(base, idx.get<std::string>());
        return nullptr;
      }
      case Node::kCall:
        return call(n);
    }
    return nullptr;
  }

 private:
  std::vector<Json> args(const Node& n) {
    std::vector<Json> out;
    for (const auto& c : n.children)
      out.push_back(eval(*c));
    return out;
  }

  static void arity(const std::string& fn, const std::vector<Json>& a, size_t min, size_t max) {
    if (a.size() < min || a.size() > max) {
      throw PolicyError(fn + "() takes " + std::to_string(min) +
                        (max != min ? "-" + std::to_string(max) : "") + " arguments, got " +
                        std::to_string(a.size()));
    }
  }

  Json call(const Node& n) {
    const std::string fn = toLowerAscii(n.name);
    // if() evaluates only the branch it takes: the other may be invalid for this resource.
    if (fn == "if") {
      if (n.children.size() != 3) throw PolicyError("if() takes 3 arguments");
      return truthy(eval(*n.children[0])) ? eval(*n.children[1]) : eval(*n.children[2]);
    }
    if (fn == "and" || fn == "or") {
      bool isAnd = fn == "and";
      for (const auto& c : n.children) {
        bool v = truthy(eval(*c));
        if (isAnd && !v) return false;
        if (!isAnd && v) return true;
      }
      return isAnd;
    }
    std::vector<Json> a = args(n);
    if (fn == "parameters") {
      arity(fn, a, 1, 1);
      std::string name = asString(a[0]);
      if (ctx_.parameters != nullptr) {
        for (auto it = ctx_.parameters->begin(); it != ctx_.parameters->end(); ++it) {
          if (equalsIgnoreCase(it.key(), name)) return it.value();
        }
      }
      throw PolicyError("parameter '" + name + "' has no value");
    }
    if (fn == "field") {
      arity(fn, a, 1, 1);
      if (!ctx_.field) throw PolicyError("field() is not available here");
      return ctx_.field(asString(a[0]));
    }
    if (fn == "current") {
      arity(fn, a, 0, 1);
      std::string name = a.empty() ? "" : asString(a[0]);
      auto v = ctx_.current ? ctx_.current(name) : std::nullopt;
      if (!v) throw PolicyError("current('" + name + "') is used outside a matching count");
      return *v;
    }
    if (fn == "concat") {
      bool arrays = !a.empty() && a[0].is_array();
      if (arrays) {
        Json out = Json::array();
        for (const auto& x : a) {
          if (x.is_array()) {
            out.insert(out.end(), x.begin(), x.end());
          } else {
            out.push_back(x);
          }
        }
        return out;
      }
      std::string out;
      for (const auto& x : a)
        out += asString(x);
      return out;
    }
    if (fn == "tolower" || fn == "toupper") {
      arity(fn, a, 1, 1);
      std::string s = asString(a[0]);
      for (char& c : s) {
        c = static_cast<char>(fn == "tolower" ? std::tolower(static_cast<unsigned char>(c))
                                              : std::toupper(static_cast<unsigned char>(c)));
      }
      return s;
    }
    if (fn == "empty") {
      arity(fn, a, 1, 1);
      const Json& v = a[0];
      return v.is_null() || (v.is_string() && v.get<std::string>().empty()) ||
             (v.is_array() && v.empty()) || (v.is_object() && v.empty());
    }
    if (fn == "length") {
      arity(fn, a, 1, 1);
      if (a[0].is_string()) return a[0].get<std::string>().size();
      if (a[0].is_array() || a[0].is_object()) return a[0].size();
      if (a[0].is_null()) return 0;
      throw PolicyError("length() of " + a[0].dump());
    }
    if (fn == "contains") {
      arity(fn, a, 2, 2);
      if (a[0].is_string()) {
        return toLowerAscii(a[0].get<std::string>()).find(toLowerAscii(asString(a[1]))) !=
               std::string::npos;
      }
      if (a[0].is_array()) {
        return std::any_of(a[0].begin(), a[0].end(),
                           [&](const Json& x) { return valuesEqual(x, a[1]); });
      }
      if (a[0].is_object()) return !memberOf(a[0], asString(a[1])).is_null();
      return false;
    }
    if (fn == "equals") {
      arity(fn, a, 2, 2);
      return a[0] == a[1] || (a[0].is_string() && a[1].is_string() &&
                              a[0].get<std::string>() == a[1].get<std::string>());
    }
    if (fn == "not") {
      arity(fn, a, 1, 1);
      return !truthy(a[0]);
    }
    if (fn == "true" || fn == "false") return fn == "true";
    if (fn == "null") return nullptr;
    if (fn == "bool") {
      arity(fn, a, 1, 1);
      return truthy(a[0]);
    }
    if (fn == "string") {
      arity(fn, a, 1, 1);
      return asString(a[0]);
    }
    if (fn == "int") {
      arity(fn, a, 1, 1);
      return asInt(a[0], "int");
    }
    if (fn == "split") {
      arity(fn, a, 2, 2);
      std::string s = asString(a[0]);
      std::vector<std::string> delims;
      if (a[1].is_array()) {
        for (const auto& d : a[1])
          delims.push_back(asString(d));
      } else {
        delims.push_back(asString(a[1]));
      }
      Json out = Json::array();
      size_t start = 0;
      for (size_t i = 0; i <= s.size();) {
        bool matched = false;
        for (const auto& d : delims) {
          if (!d.empty() && s.compare(i, d.size(), d) == 0) {
            out.push_back(s.substr(start, i - start));
            i += d.size();
            start = i;
            matched = true;
            break;
          }
        }
        if (!matched) ++i;
      }
      out.push_back(s.substr(std::min(start, s.size())));
      return out;
    }
    if (fn == "first" || fn == "last") {
      arity(fn, a, 1, 1);
      if (a[0].is_array()) {
        if (a[0].empty()) return nullptr;
        return fn == "first" ? a[0].front() : a[0].back();
      }
      std::string s = asString(a[0]);
      if (s.empty()) return "";
      return std::string(1, fn == "first" ? s.front() : s.back());
    }
    if (fn == "substring") {
      arity(fn, a, 2, 3);
      std::string s = asString(a[0]);
      long long start = asInt(a[1], "substring");
      long long len =
          a.size() == 3 ? asInt(a[2], "substring") : static_cast<long long>(s.size()) - start;
      if (start < 0 || len < 0 || static_cast<size_t>(start + len) > s.size()) {
        throw PolicyError("substring() out of range");
      }
      return s.substr(start, len);
    }
    if (fn == "replace") {
      arity(fn, a, 3, 3);
      std::string s = asString(a[0]), from = asString(a[1]), to = asString(a[2]);
      if (from.empty()) return s;
      for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
        s.replace(p, from.size(), to);
      }
      return s;
    }
    if (fn == "trim") {
      arity(fn, a, 1, 1);
      std::string s = asString(a[0]);
      size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
      return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
    }
    if (fn == "startswith" || fn == "endswith") {
      arity(fn, a, 2, 2);
      std::string s = toLowerAscii(asString(a[0])), x = toLowerAscii(asString(a[1]));
      if (x.size() > s.size()) return false;
      return fn == "startswith" ? s.compare(0, x.size(), x) == 0
                                : s.compare(s.size() - x.size(), x.size(), x) == 0;
    }
    if (fn == "indexof" || fn == "lastindexof") {
      arity(fn, a, 2, 2);
      std::string s = toLowerAscii(asString(a[0])), x = toLowerAscii(asString(a[1]));
      size_t p = fn == "indexof" ? s.find(x) : s.rfind(x);
      return p == std::string::npos ? -1LL : static_cast<long long>(p);
    }
    if (fn == "padleft") {
      arity(fn, a, 2, 3);
      std::string s = asString(a[0]);
      long long width = asInt(a[1], "padLeft");
      char pad = a.size() == 3 && !asString(a[2]).empty() ? asString(a[2])[0] : ' ';
      if (static_cast<long long>(s.size()) < width) s.insert(0, width - s.size(), pad);
      return s;
    }
    if (fn == "coalesce") {
      for (const auto& x : a) {
        if (!x.is_null()) return x;
      }
      return nullptr;
    }
    if (fn == "take" || fn == "skip") {
      arity(fn, a, 2, 2);
      long long k = std::max(0LL, asInt(a[1], fn.c_str()));
      if (a[0].is_array()) {
        Json out = Json::array();
        size_t n2 = static_cast<size_t>(k);
        for (size_t i = 0; i < a[0].size(); ++i) {
          if ((fn == "take" && i < n2) || (fn == "skip" && i >= n2)) out.push_back(a[0][i]);
        }
        return out;
      }
      std::string s = asString(a[0]);
      size_t n2 = std::min(static_cast<size_t>(k), s.size());
      return fn == "take" ? s.substr(0, n2) : s.substr(n2);
    }
    if (fn == "createarray" || fn == "array") {
      if (fn == "array" && a.size() == 1 && a[0].is_array()) return a[0];
      return Json(a);
    }
    if (fn == "createobject") {
      if (a.size() % 2 != 0) throw PolicyError("createObject() needs key/value pairs");
      Json out = Json::object();
      for (size_t i = 0; i + 1 < a.size(); i += 2)
        out[asString(a[i])] = a[i + 1];
      return out;
    }
    if (fn == "union" || fn == "intersection") {
      if (a.empty()) return Json::array();
      if (a[0].is_object()) {
        Json out = fn == "union" ? Json::object() : a[0];
        for (const auto& x : a) {
          if (fn == "union") {
            out.update(x);
          } else {
            Json keep = Json::object();
            for (auto it = out.begin(); it != out.end(); ++it) {
              if (x.contains(it.key()) && x[it.key()] == it.value()) keep[it.key()] = it.value();
            }
            out = keep;
          }
        }
        return out;
      }
      Json out = Json::array();
      if (fn == "union") {
        for (const auto& x : a) {
          for (const auto& e : x) {
            if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
          }
        }
        return out;
      }
      for (const auto& e : a[0]) {
        bool all = std::all_of(a.begin() + 1, a.end(), [&](const Json& x) {
          return std::find(x.begin(), x.end(), e) != x.end();
        });
        if (all && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
      }
      return out;
    }
    if (fn == "json") {
      arity(fn, a, 1, 1);
      Json parsed = Json::parse(asString(a[0]), nullptr, false);
      if (parsed.is_discarded()) throw PolicyError("json(): invalid JSON text");
      return parsed;
    }
    if (fn == "add" || fn == "sub" || fn == "mul" || fn == "div" || fn == "mod") {
      arity(fn, a, 2, 2);
      long long x = asInt(a[0], fn.c_str()), y = asInt(a[1], fn.c_str());
      if ((fn == "div" || fn == "mod") && y == 0) throw PolicyError(fn + "() by zero");
      if (fn == "add") return x + y;
      if (fn == "sub") return x - y;
      if (fn == "mul") return x * y;
      if (fn == "div") return x / y;
      return x % y;
    }
    if (fn == "min" || fn == "max") {
      std::vector<Json> items =
          a.size() == 1 && a[0].is_array() ? a[0].get<std::vector<Json>>() : a;
      if (items.empty()) throw PolicyError(fn + "() of nothing");
      long long best = asInt(items[0], fn.c_str());
      for (const auto& x : items) {
        long long v = asInt(x, fn.c_str());
        best = fn == "min" ? std::min(best, v) : std::max(best, v);
      }
      return best;
    }
    if (fn == "greater" || fn == "greaterorequals" || fn == "less" || fn == "lessorequals") {
      arity(fn, a, 2, 2);
      int c = compareValues(a[0], a[1]);
      if (fn == "greater") return c > 0;
      if (fn == "greaterorequals") return c >= 0;
      if (fn == "less") return c < 0;
      return c <= 0;
    }
    if (fn == "format") {
      if (a.empty()) throw PolicyError("format() needs a format string");
      std::string f = asString(a[0]), out;
      for (size_t i = 0; i < f.size(); ++i) {
        if (f[i] == '{' && i + 2 < f.size() && std::isdigit(static_cast<unsigned char>(f[i + 1]))) {
          size_t close = f.find('}', i);
          size_t k = std::stoul(f.substr(i + 1, close - i - 1)) + 1;
          out += k < a.size() ? asString(a[k]) : "";
          i = close;
        } else {
          out += f[i];
        }
      }
      return out;
    }
    if (fn == "trygetvalue" || fn == "tryget") {
      arity(fn, a, 2, 2);
      if (a[0].is_array() && a[1].is_number_integer()) {
        long long i = a[1].get<long long>();
        return i >= 0 && static_cast<size_t>(i) < a[0].size() ? a[0][i] : Json(nullptr);
      }
      return memberOf(a[0], asString(a[1]));
    }
    if (fn == "subscription" || fn == "resourcegroup") {
      std::string id = ctx_.resource != nullptr ? ctx_.resource->value("id", std::string{}) : "";
      auto parsed = ResourceId::parse(id);
      std::string sub = parsed ? parsed->subscription() : "";
      if (fn == "subscription") {
        return Json{{"subscriptionId", sub}, {"id", "/subscriptions/" + sub}};
      }
      std::string rg = parsed ? parsed->resourceGroup() : "";
      return Json{{"name", rg},
                  {"id", "/subscriptions/" + sub + "/resourceGroups/" + rg},
                  {"location", ctx_.resource ? ctx_.resource->value("location", "") : ""}};
    }
    if (fn == "requestcontext") return Json{{"apiVersion", ctx_.apiVersion}};
    if (fn == "utcnow") return utcNowIso8601();
    if (fn == "adddays") {
      arity(fn, a, 2, 2);
      std::string date = asString(a[0]);
      std::tm tm{};
      if (strptime(date.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
        throw PolicyError("addDays(): not a date: " + date);
      }
      int64_t t = static_cast<int64_t>(timegm(&tm)) + asInt(a[1], "addDays") * 86400;
      return formatIso8601(t * kNsPerSecond);
    }
    if (fn == "base64" || fn == "base64tostring") {
      arity(n.name, a, 1, 1);
      if (!a[0].is_string()) throw PolicyError(n.name + "() takes a string, got " + a[0].dump());
      const std::string& text = a[0].get_ref<const std::string&>();
      if (fn == "base64") return base64Encode(text);
      return decodedText(text);
    }
    if (fn == "uniquestring") {
      if (a.empty()) throw PolicyError("uniqueString() takes at least 1 argument, got 0");
      std::vector<std::string> parts;
      for (const auto& x : a) {
        if (!x.is_string()) throw PolicyError("uniqueString() takes strings, got " + x.dump());
        parts.push_back(x.get<std::string>());
      }
      return uniqueString(parts);
    }
    if (fn == "iprangecontains") {
      arity(fn, a, 2, 2);
      return ipRangeContains(asString(a[0]), asString(a[1]));
    }
    throw Unsupported("function " + n.name + "()");
  }

  const ExpressionContext& ctx_;
};

const std::vector<std::string>& supportedFunctions() {
  static const std::vector<std::string> names = {"if",
                                                 "and",
                                                 "or",
                                                 "parameters",
                                                 "field",
                                                 "current",
                                                 "concat",
                                                 "tolower",
                                                 "toupper",
                                                 "empty",
                                                 "length",
                                                 "contains",
                                                 "equals",
                                                 "not",
                                                 "true",
                                                 "false",
                                                 "null",
                                                 "bool",
                                                 "string",
                                                 "int",
                                                 "split",
                                                 "first",
                                                 "last",
                                                 "substring",
                                                 "replace",
                                                 "trim",
                                                 "startswith",
                                                 "endswith",
                                                 "indexof",
                                                 "lastindexof",
                                                 "padleft",
                                                 "coalesce",
                                                 "take",
                                                 "skip",
                                                 "createarray",
                                                 "array",
                                                 "createobject",
                                                 "union",
                                                 "intersection",
                                                 "json",
                                                 "add",
                                                 "sub",
                                                 "mul",
                                                 "div",
                                                 "mod",
                                                 "min",
                                                 "max",
                                                 "greater",
                                                 "greaterorequals",
                                                 "less",
                                                 "lessorequals",
                                                 "format",
                                                 "trygetvalue",
                                                 "tryget",
                                                 "subscription",
                                                 "resourcegroup",
                                                 "requestcontext",
                                                 "utcnow",
                                                 "adddays",
                                                 "iprangecontains",
                                                 "base64",
                                                 "base64tostring",
                                                 "uniquestring"};
  return names;
}

}  // namespace

bool isExpression(const std::string& text) {
  return text.size() >= 2 && text.front() == '[' && text[1] != '[' && text.back() == ']';
}

bool isSupportedFunction(const std::string& name) {
  const auto& names = supportedFunctions();
  return std::find(names.begin(), names.end(), toLowerAscii(name)) != names.end();
}

std::vector<std::string> functionsUsed(const std::string& expression) {
  std::vector<std::string> out;
  if (!isExpression(expression)) return out;
  NodePtr root = Parser(body(expression)).parseWhole();
  collectFunctions(*root, out);
  return out;
}

Json evaluate(const Json& value, const ExpressionContext& context) {
  if (!value.is_string()) return value;
  const std::string& text = value.get_ref<const std::string&>();
  if (text.size() >= 2 && text[0] == '[' && text[1] == '[') return text.substr(1);
  if (!isExpression(text)) return value;
  NodePtr root = Parser(body(text)).parseWhole();
  return Evaluator(context).eval(*root);
}

}  // namespace bulwark::policy
