#include "live/blob_xml.h"

#include <bulwark/sdk/text.hpp>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Exception.h>
#include <Poco/SAX/SAXException.h>
#include <Poco/SAX/XMLReader.h>

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace bulwark::storage::live {
namespace {

using nlohmann::json;
using Poco::AutoPtr;
using Poco::XML::Document;
using Poco::XML::Element;
using Poco::XML::Node;

AutoPtr<Document> parseXml(const std::string& xml, const char* what) {
  Poco::XML::DOMParser parser;
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
  parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
  // The service sends a UTF-8 byte order mark before some bodies.
  std::string text = xml.rfind("\xEF\xBB\xBF", 0) == 0 ? xml.substr(3) : xml;
  try {
    return parser.parseString(text);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(std::string("malformed XML in the ") + what +
                             " response: " + e.displayText());
  }
}

Element* root(Document& doc, const std::string& expected, const char* what) {
  Element* r = doc.documentElement();
  if (r == nullptr || r->nodeName() != expected) {
    throw std::runtime_error(std::string("unexpected XML in the ") + what + " response: root is <" +
                             (r ? r->nodeName() : std::string("none")) + ">, expected <" +
                             expected + ">");
  }
  return r;
}

std::vector<Element*> childElements(Element* parent) {
  std::vector<Element*> out;
  if (parent == nullptr) return out;
  for (Node* n = parent->firstChild(); n != nullptr; n = n->nextSibling()) {
    if (n->nodeType() == Node::ELEMENT_NODE) out.push_back(static_cast<Element*>(n));
  }
  return out;
}

std::string text(Element* parent, const std::string& name) {
  Element* e = parent == nullptr ? nullptr : parent->getChildElement(name);
  return e == nullptr ? std::string{} : e->innerText();
}

bool has(Element* parent, const std::string& name) {
  return parent != nullptr && parent->getChildElement(name) != nullptr;
}

bool boolean(Element* parent, const std::string& name, const char* what) {
  std::string v = sdk::lower(text(parent, name));
  if (v == "true") return true;
  if (v == "false" || v.empty()) return false;
  throw std::runtime_error(std::string("unexpected XML in the ") + what + " response: <" + name +
                           "> is '" + v + "', expected true or false");
}

json integerOrNull(Element* parent, const std::string& name, const char* what) {
  std::string v = text(parent, name);
  if (v.empty()) return nullptr;
  try {
    size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used == v.size()) return n;
  } catch (const std::exception&) {
  }
  throw std::runtime_error(std::string("unexpected XML in the ") + what + " response: <" + name +
                           "> is '" + v + "', expected an integer");
}

std::string capitalised(std::string s) {
  s = sdk::lower(s);
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

json commaList(const std::string& s) {
  json out = json::array();
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t b = item.find_first_not_of(" \t");
    size_t e = item.find_last_not_of(" \t");
    if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

json retention(Element* e, const char* what) {
  json r = {{"enabled", boolean(e, "Enabled", what)}};
  json days = integerOrNull(e, "Days", what);
  if (!days.is_null()) r["days"] = days;
  return r;
}

json metrics(Element* e, const char* what) {
  json m = {{"version", text(e, "Version")}, {"enabled", boolean(e, "Enabled", what)}};
  if (has(e, "IncludeAPIs")) m["includeApis"] = boolean(e, "IncludeAPIs", what);
  m["retentionPolicy"] = retention(e->getChildElement("RetentionPolicy"), what);
  return m;
}

}  // namespace

ServiceError parseServiceError(const std::string& body) {
  ServiceError out;
  if (body.find("<Error") == std::string::npos) return out;
  try {
    AutoPtr<Document> doc = parseXml(body, "error");
    Element* r = doc->documentElement();
    if (r != nullptr && r->nodeName() == "Error") {
      out.code = text(r, "Code");
      out.message = text(r, "Message");
    }
  } catch (const std::exception&) {
  }
  return out;
}

std::string armPublicAccess(const std::string& headerValue) {
  std::string v = sdk::lower(headerValue);
  if (v == "container") return "Container";
  if (v == "blob") return "Blob";
  return "None";
}

std::string isoFromHttpDate(const std::string& httpDate) {
  try {
    int tz = 0;
    Poco::DateTime t = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, httpDate, tz);
    t.makeUTC(tz);
    return Poco::DateTimeFormatter::format(t, "%Y-%m-%dT%H:%M:%SZ");
  } catch (const Poco::Exception&) {
    return httpDate;
  }
}

ContainerPage parseContainerList(const std::string& xml) {
  const char* what = "List Containers";
  AutoPtr<Document> doc = parseXml(xml, what);
  Element* r = root(*doc, "EnumerationResults", what);
  ContainerPage page;
  page.nextMarker = text(r, "NextMarker");
  for (Element* c : childElements(r->getChildElement("Containers"))) {
    if (c->nodeName() != "Container") continue;
    ContainerEntry entry;
    entry.name = text(c, "Name");
    if (entry.name.empty())
      throw std::runtime_error(
          "unexpected XML in the List Containers response: a container "
          "without a <Name>");
    Element* p = c->getChildElement("Properties");
    json props = json::object();
    props["publicAccess"] = armPublicAccess(text(p, "PublicAccess"));
    if (has(p, "Last-Modified"))
      props["lastModifiedTime"] = isoFromHttpDate(text(p, "Last-Modified"));
    if (has(p, "LeaseStatus")) props["leaseStatus"] = capitalised(text(p, "LeaseStatus"));
    if (has(p, "LeaseState")) props["leaseState"] = capitalised(text(p, "LeaseState"));
    for (const char* flag :
         {"HasImmutabilityPolicy", "HasLegalHold", "DenyEncryptionScopeOverride", "Deleted"}) {
      if (has(p, flag)) {
        std::string armName(flag);
        armName[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(armName[0])));
        props[armName] = boolean(p, flag, what);
      }
    }
    if (has(p, "DefaultEncryptionScope"))
      props["defaultEncryptionScope"] = text(p, "DefaultEncryptionScope");
    if (has(p, "ImmutableStorageWithVersioningEnabled")) {
      props["immutableStorageWithVersioning"] = {
          {"enabled", boolean(p, "ImmutableStorageWithVersioningEnabled", what)}};
    }
    json metadata = json::object();
    for (Element* m : childElements(c->getChildElement("Metadata")))
      metadata[m->nodeName()] = m->innerText();
    if (!metadata.empty()) props["metadata"] = metadata;
    entry.etag = text(p, "Etag");
    entry.properties = std::move(props);
    page.containers.push_back(std::move(entry));
  }
  return page;
}

json parseServiceProperties(const std::string& xml) {
  const char* what = "Get Blob Service Properties";
  AutoPtr<Document> doc = parseXml(xml, what);
  Element* r = root(*doc, "StorageServiceProperties", what);
  json props = json::object();

  json rules = json::array();
  for (Element* rule : childElements(r->getChildElement("Cors"))) {
    if (rule->nodeName() != "CorsRule") continue;
    rules.push_back({{"allowedOrigins", commaList(text(rule, "AllowedOrigins"))},
                     {"allowedMethods", commaList(text(rule, "AllowedMethods"))},
                     {"maxAgeInSeconds", integerOrNull(rule, "MaxAgeInSeconds", what)},
                     {"exposedHeaders", commaList(text(rule, "ExposedHeaders"))},
                     {"allowedHeaders", commaList(text(rule, "AllowedHeaders"))}});
  }
  props["cors"] = {{"corsRules", rules}};

  if (Element* d = r->getChildElement("DeleteRetentionPolicy")) {
    json policy = retention(d, what);
    if (has(d, "AllowPermanentDelete"))
      policy["allowPermanentDelete"] = boolean(d, "AllowPermanentDelete", what);
    props["deleteRetentionPolicy"] = policy;
  }
  if (has(r, "DefaultServiceVersion"))
    props["defaultServiceVersion"] = text(r, "DefaultServiceVersion");
  if (has(r, "IsVersioningEnabled"))
    props["isVersioningEnabled"] = boolean(r, "IsVersioningEnabled", what);
  if (Element* l = r->getChildElement("Logging")) {
    props["logging"] = {
        {"version", text(l, "Version")},
        {"read", boolean(l, "Read", what)},
        {"write", boolean(l, "Write", what)},
        {"delete", boolean(l, "Delete", what)},
        {"retentionPolicy", retention(l->getChildElement("RetentionPolicy"), what)}};
  }
  if (Element* m = r->getChildElement("HourMetrics")) props["hourMetrics"] = metrics(m, what);
  if (Element* m = r->getChildElement("MinuteMetrics")) props["minuteMetrics"] = metrics(m, what);
  if (Element* s = r->getChildElement("StaticWebsite")) {
    props["staticWebsite"] = {{"enabled", boolean(s, "Enabled", what)}};
  }
  return props;
}

size_t countSignedIdentifiers(const std::string& xml) {
  if (xml.find_first_not_of(" \t\r\n") == std::string::npos) return 0;
  AutoPtr<Document> doc = parseXml(xml, "Get Container ACL");
  Element* r = root(*doc, "SignedIdentifiers", "Get Container ACL");
  size_t n = 0;
  for (Element* e : childElements(r))
    n += e->nodeName() == "SignedIdentifier" ? 1 : 0;
  return n;
}

}  // namespace bulwark::storage::live
