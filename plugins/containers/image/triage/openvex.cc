#include "image/triage/openvex.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "image/triage/triage_error.h"

namespace bulwark::image {
namespace {

using nlohmann::json;

const std::set<std::string> kStatuses = {"not_affected", "affected", "fixed",
                                         "under_investigation"};
const std::set<std::string> kJustifications = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

class OpenVexParser {
 public:
  explicit OpenVexParser(std::string path) : path_(std::move(path)) {}

  std::vector<VexStatement> parse() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw TriageError(path_ + ": cannot read the VEX document");
    std::stringstream text;
    text << in.rdbuf();
    json doc;
    try {
      doc = json::parse(text.str());
    } catch (const json::parse_error& e) {
      throw TriageError(path_ + ": byte " + std::to_string(e.byte) + ": invalid JSON: " + e.what());
    }
    if (!doc.is_object()) fail("", "an OpenVEX document must be a JSON object");
    std::string context = string(doc, "/@context", "@context", true);
    if (context.rfind("https://openvex.dev/ns", 0) != 0)
      fail("/@context", "not an OpenVEX document (@context is '" + context + "')");
    auto statements = doc.find("statements");
    if (statements == doc.end() || !statements->is_array())
      fail("/statements", "missing or not a list");
    std::vector<VexStatement> out;
    for (size_t i = 0; i < statements->size(); ++i)
      out.push_back(statement((*statements)[i], "/statements/" + std::to_string(i)));
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw TriageError(path_ + ": " + (pointer.empty() ? "/" : pointer) + ": " + message);
  }

  std::string string(const json& object, const std::string& pointer, const char* key,
                     bool required) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (required) fail(pointer, "missing");
      return {};
    }
    if (!it->is_string()) fail(pointer, "must be a string");
    return it->get<std::string>();
  }

  std::vector<std::string> productIds(const json& product, const std::string& pointer) const {
    if (product.is_string()) return {product.get<std::string>()};  // OpenVEX 0.0.x shape
    if (!product.is_object()) fail(pointer, "a product must be an object with an @id");
    std::vector<std::string> ids;
    if (auto id = string(product, pointer + "/@id", "@id", false); !id.empty()) ids.push_back(id);
    if (auto identifiers = product.find("identifiers"); identifiers != product.end()) {
      if (!identifiers->is_object()) fail(pointer + "/identifiers", "must be an object");
      for (const auto& [type, value] : identifiers->items()) {
        if (!value.is_string()) fail(pointer + "/identifiers/" + type, "must be a string");
        ids.push_back(value.get<std::string>());
      }
    }
    if (ids.empty()) fail(pointer, "a product needs an @id or identifiers");
    return ids;
  }

  VexProduct product(const json& item, const std::string& pointer) const {
    VexProduct p;
    p.ids = productIds(item, pointer);
    if (!item.is_object()) return p;
    if (auto subs = item.find("subcomponents"); subs != item.end()) {
      if (!subs->is_array()) fail(pointer + "/subcomponents", "must be a list");
      for (size_t i = 0; i < subs->size(); ++i)
        p.subcomponents.push_back(
            productIds((*subs)[i], pointer + "/subcomponents/" + std::to_string(i)));
    }
    return p;
  }

  std::vector<std::string> vulnerabilityIds(const json& s, const std::string& pointer) const {
    auto v = s.find("vulnerability");
    if (v == s.end()) fail(pointer + "/vulnerability", "missing");
    if (v->is_string()) return {v->get<std::string>()};  // OpenVEX 0.0.x shape
    if (!v->is_object()) fail(pointer + "/vulnerability", "must be an object with a name");
    std::vector<std::string> ids;
    std::string at = pointer + "/vulnerability";
    ids.push_back(string(*v, at + "/name", "name", true));
    if (auto id = string(*v, at + "/@id", "@id", false); !id.empty()) ids.push_back(id);
    if (auto aliases = v->find("aliases"); aliases != v->end()) {
      if (!aliases->is_array()) fail(at + "/aliases", "must be a list");
      for (size_t i = 0; i < aliases->size(); ++i) {
        if (!(*aliases)[i].is_string())
          fail(at + "/aliases/" + std::to_string(i), "must be a string");
        ids.push_back((*aliases)[i].get<std::string>());
      }
    }
    return ids;
  }

  VexStatement statement(const json& s, const std::string& pointer) const {
    if (!s.is_object()) fail(pointer, "a statement must be an object");
    VexStatement st;
    st.origin = path_ + "#" + pointer;
    st.vulnerabilityIds = vulnerabilityIds(s, pointer);
    st.status = string(s, pointer + "/status", "status", true);
    if (kStatuses.count(st.status) == 0)
      fail(pointer + "/status", "unknown status '" + st.status +
                                    "' (not_affected, affected, fixed, under_investigation)");
    st.justification = string(s, pointer + "/justification", "justification", false);
    if (!st.justification.empty() && kJustifications.count(st.justification) == 0)
      fail(pointer + "/justification", "unknown justification '" + st.justification + "'");
    st.impactStatement = string(s, pointer + "/impact_statement", "impact_statement", false);
    if (st.status == "not_affected" && st.justification.empty() && st.impactStatement.empty())
      fail(pointer, "a not_affected statement needs a justification or an impact_statement");
    auto products = s.find("products");
    if (products == s.end() || !products->is_array() || products->empty())
      fail(pointer + "/products", "missing or empty (the statement would apply to nothing)");
    for (size_t i = 0; i < products->size(); ++i)
      st.products.push_back(product((*products)[i], pointer + "/products/" + std::to_string(i)));
    return st;
  }

  std::string path_;
};

}  // namespace

std::vector<VexStatement> loadOpenVex(const std::string& path) {
  return OpenVexParser(path).parse();
}

bool vexSetsAside(const VexStatement& statement) {
  return statement.status == "not_affected" || statement.status == "fixed";
}

}  // namespace bulwark::image
