#include "logs/blob_log_record.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "logs/log_fields.h"

namespace bulwark::storage::logs {

using nlohmann::json;
using M = BlobLogMember;
using Kind = BlobLogRecord::Value::Kind;

namespace {

// Where a member name leads: a member that is read, an object holding some, or nowhere.
enum class Scope : uint8_t { None, Top, Properties, Identity, Requester };
struct Target {
  bool isMember = false;
  M member = M::Count;
  Scope scope = Scope::None;
};

const std::unordered_map<std::string_view, Target>& targetsOf(Scope scope) {
  auto member = [](M m) { return Target{true, m, Scope::None}; };
  auto object = [](Scope s) { return Target{false, M::Count, s}; };
  static const std::unordered_map<std::string_view, Target> top = {
      {"TimeGenerated", member(M::TimeGenerated)},
      {"OperationName", member(M::OperationName)},
      {"_ResourceId", member(M::ResourceId)},
      {"CallerIpAddress", member(M::CallerIpAddress)},
      {"StatusCode", member(M::StatusCode)},
      {"Uri", member(M::Uri)},
      {"UserAgentHeader", member(M::UserAgentHeader)},
      {"RequesterUpn", member(M::RequesterUpn)},
      {"RequesterObjectId", member(M::RequesterObjectId)},
      {"AuthenticationType", member(M::AuthenticationType)},
      {"AccountName", member(M::AccountName)},
      {"ObjectKey", member(M::ObjectKey)},
      {"RequestBodySize", member(M::RequestBodySize)},
      {"ResponseBodySize", member(M::ResponseBodySize)},
      {"RequestMd5", member(M::RequestMd5)},
      {"AuthenticationHash", member(M::AuthenticationHash)},
      {"time", member(M::Time)},
      {"operationName", member(M::ExportOperationName)},
      {"resourceId", member(M::ExportResourceId)},
      {"callerIpAddress", member(M::ExportCallerIpAddress)},
      {"statusCode", member(M::ExportStatusCode)},
      {"uri", member(M::ExportUri)},
      {"properties", object(Scope::Properties)},
      {"identity", object(Scope::Identity)}};
  static const std::unordered_map<std::string_view, Target> properties = {
      {"userAgentHeader", member(M::ExportUserAgentHeader)},
      {"accountName", member(M::ExportAccountName)},
      {"objectKey", member(M::ExportObjectKey)},
      {"requestBodySize", member(M::ExportRequestBodySize)},
      {"responseBodySize", member(M::ExportResponseBodySize)},
      {"requestMd5", member(M::ExportRequestMd5)}};
  static const std::unordered_map<std::string_view, Target> identity = {
      {"type", member(M::ExportAuthenticationType)},
      {"tokenHash", member(M::ExportAuthenticationHash)},
      {"requester", object(Scope::Requester)}};
  static const std::unordered_map<std::string_view, Target> requester = {
      {"upn", member(M::ExportRequesterUpn)}, {"objectId", member(M::ExportRequesterObjectId)}};
  static const std::unordered_map<std::string_view, Target> none;
  switch (scope) {
    case Scope::Top:
      return top;
    case Scope::Properties:
      return properties;
    case Scope::Identity:
      return identity;
    case Scope::Requester:
      return requester;
    case Scope::None:
      break;
  }
  return none;
}

}  // namespace

// nlohmann's SAX interface: the same lexer and grammar as json::parse, without the tree.
class BlobLogSax {
 public:
  explicit BlobLogSax(BlobLogRecord& record) : record_(record) {}

  bool null() { return scalar(Kind::Other, {}, 0); }
  bool boolean(bool v) { return scalar(Kind::Boolean, v ? "true" : "false", 0); }
  bool number_integer(json::number_integer_t v) { return integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return integer(v); }
  bool number_float(json::number_float_t v, const std::string&) {
    if (!wanted()) return settle();
    return scalar(Kind::Number, json(v).dump(), v);
  }
  bool string(std::string& v) { return scalar(Kind::String, v, 0); }
  bool binary(json::binary_t&) { return scalar(Kind::Other, {}, 0); }
  bool start_object(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(false); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    const auto& targets = targetsOf(frames_.back().scope);
    auto it = targets.find(name);
    pending_ = it == targets.end() ? Target{} : it->second;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  bool rootIsObject() const { return rootIsObject_; }

 private:
  struct Frame {
    bool object;
    Scope scope;
  };

  bool wanted() const { return pending_.isMember || pending_.scope != Scope::None; }
  BlobLogRecord::Value& slot(M m) { return record_.values_[static_cast<size_t>(m)]; }

  // A later value of an object member replaces the earlier object and all it held.
  void forget(Scope scope) {
    auto clear = [&](std::initializer_list<M> members) {
      for (M m : members)
        slot(m).kind = Kind::Absent;
    };
    switch (scope) {
      case Scope::Properties:
        clear({M::ExportUserAgentHeader, M::ExportAccountName, M::ExportObjectKey,
               M::ExportRequestBodySize, M::ExportResponseBodySize, M::ExportRequestMd5});
        break;
      case Scope::Identity:
        clear({M::ExportAuthenticationType, M::ExportAuthenticationHash});
        [[fallthrough]];
      case Scope::Requester:
        clear({M::ExportRequesterUpn, M::ExportRequesterObjectId});
        break;
      default:
        break;
    }
  }

  // The pending member took a value: a scalar, or a container when `kind` is Other.
  bool settle(Kind kind = Kind::Other, std::string_view text = {}, double number = 0) {
    if (pending_.isMember) {
      BlobLogRecord::Value& v = slot(pending_.member);
      v.kind = kind;
      v.text.assign(text);
      v.number = number;
    } else if (pending_.scope != Scope::None) {
      forget(pending_.scope);
    }
    pending_ = Target{};
    return true;
  }

  bool scalar(Kind kind, std::string_view text, double number) {
    if (frames_.empty() || !frames_.back().object) return true;  // the root, or in an array
    return settle(kind, text, number);
  }

  template <typename Int>
  bool integer(Int v) {
    if (frames_.empty() || !frames_.back().object || !wanted()) return scalar(Kind::Other, {}, 0);
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
    (void)ec;
    return settle(Kind::Number, std::string_view(digits, static_cast<size_t>(end - digits)),
                  static_cast<double>(v));
  }

  bool open(bool object) {
    Scope scope = Scope::None;
    if (frames_.empty()) {
      rootIsObject_ = object;
      scope = object ? Scope::Top : Scope::None;
    } else if (frames_.back().object) {
      Target target = pending_;
      settle();
      if (object && !target.isMember) scope = target.scope;
    }
    frames_.push_back(Frame{object, scope});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  BlobLogRecord& record_;
  std::vector<Frame> frames_;
  Target pending_;
  bool rootIsObject_ = false;
};

BlobLogRecord::Shape BlobLogRecord::parse(std::string_view line) {
  for (Value& v : values_)
    v.kind = Kind::Absent;
  BlobLogSax sax(*this);
  if (!json::sax_parse(line.begin(), line.end(), &sax)) return Shape::NotJson;
  return sax.rootIsObject() ? Shape::Object : Shape::NotObject;
}

std::string_view BlobLogRecord::text(BlobLogMember member) const {
  const Value& v = values_[static_cast<size_t>(member)];
  return v.kind == Kind::String || v.kind == Kind::Number || v.kind == Kind::Boolean
             ? std::string_view(v.text)
             : std::string_view{};
}

std::string_view BlobLogRecord::firstText(std::initializer_list<BlobLogMember> members) const {
  for (BlobLogMember m : members) {
    std::string_view t = text(m);
    if (!t.empty()) return t;
  }
  return {};
}

std::optional<int64_t> BlobLogRecord::time(BlobLogMember member) const {
  const Value& v = values_[static_cast<size_t>(member)];
  if (v.kind == Kind::String) return parseIso8601(v.text);
  if (v.kind != Kind::Number) return std::nullopt;
  double d = v.number;
  if (d < 0) return std::nullopt;
  if (d < 1e11) return static_cast<int64_t>(d * 1e9);
  if (d < 1e14) return static_cast<int64_t>(d * 1e6);
  if (d < 1e17) return static_cast<int64_t>(d * 1e3);
  return static_cast<int64_t>(d);
}

}  // namespace bulwark::storage::logs
