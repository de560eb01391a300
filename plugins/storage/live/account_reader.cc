#include "live/account_reader.h"

#include <bulwark/sdk/text.hpp>

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <algorithm>
#include <cctype>

#include "live/blob_xml.h"

namespace bulwark::storage::live {
namespace {

using nlohmann::json;

// Guards against an endpoint that hands out markers forever.
constexpr int kMaxListPages = 1000;

bool typeEndsWith(const json& doc, const std::string& suffix) {
  auto it = doc.find("type");
  return it != doc.end() && it->is_string() &&
         sdk::endsWithIgnoreCase(it->get_ref<const std::string&>(), suffix);
}

// The array under `key`, or an empty one; a reference so range-for needs no temporary.
const json& arrayMember(const json& doc, const char* key) {
  static const json kEmpty = json::array();
  auto it = doc.find(key);
  return it != doc.end() && it->is_array() ? *it : kEmpty;
}

std::string nameFromId(const std::string& id) {
  size_t slash = id.find_last_of('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

json accountInformation(const BlobClient& client) {
  BlobResponse r = client.expectOk("GET", "", {{"restype", "account"}, {"comp", "properties"}});
  json info = json::object();
  for (const char* h : {"x-ms-sku-name", "x-ms-account-kind", "x-ms-is-hns-enabled"}) {
    std::string v = r.header(h);
    if (!v.empty()) info[h] = v;
  }
  return info;
}

}  // namespace

json readAccount(const BlobClient& client, const std::string& resourceId,
                 const std::function<bool()>& cancelled) {
  auto stop = [&] { return cancelled && cancelled(); };
  const std::string serviceId = resourceId + "/blobServices/default";

  json info = accountInformation(client);
  json account = {{"id", resourceId},
                  {"name", nameFromId(resourceId)},
                  {"type", "Microsoft.Storage/storageAccounts"},
                  {"properties", json::object()}};
  if (info.contains("x-ms-sku-name")) account["sku"] = {{"name", info["x-ms-sku-name"]}};
  if (info.contains("x-ms-account-kind")) account["kind"] = info["x-ms-account-kind"];
  if (info.contains("x-ms-is-hns-enabled"))
    account["properties"]["isHnsEnabled"] = info["x-ms-is-hns-enabled"] == "true";
  account[kDataPlaneMember] = {
      {"source", "Azure Storage Blob service REST API"},
      {"endpoint", client.connection().endpoint},
      {"collectedAt", Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y-%m-%dT%H:%M:%SZ")},
      {"accountInformation", info},
      {"armDocument", false}};
  if (stop()) return account;

  BlobResponse props = client.expectOk("GET", "", {{"restype", "service"}, {"comp", "properties"}});
  json service = {{"id", serviceId},
                  {"name", "default"},
                  {"type", "Microsoft.Storage/storageAccounts/blobServices"}};
  try {
    service["properties"] = parseServiceProperties(props.body);
  } catch (const std::runtime_error& e) {
    throw BlobError(client.describe() + ": " + e.what());
  }

  json containers = json::array();
  std::string marker;
  for (int page = 0; page < kMaxListPages && !stop(); ++page) {
    Fields query = {{"comp", "list"}, {"include", "metadata"}};
    if (!marker.empty()) query.emplace_back("marker", marker);
    BlobResponse list = client.expectOk("GET", "", query);
    ContainerPage parsed;
    try {
      parsed = parseContainerList(list.body);
    } catch (const std::runtime_error& e) {
      throw BlobError(client.describe() + ": " + e.what());
    }
    for (ContainerEntry& c : parsed.containers) {
      if (stop()) break;
      // The ACL is the authoritative public access level; List Containers only mirrors it.
      BlobResponse acl =
          client.expectOk("GET", "/" + c.name, {{"restype", "container"}, {"comp", "acl"}});
      c.properties["publicAccess"] = armPublicAccess(acl.header("x-ms-blob-public-access"));
      try {
        c.properties["storedAccessPolicies"] = countSignedIdentifiers(acl.body);
      } catch (const std::runtime_error& e) {
        throw BlobError(client.describe() + ": container '" + c.name + "': " + e.what());
      }
      json container = {{"id", serviceId + "/containers/" + c.name},
                        {"name", c.name},
                        {"type", "Microsoft.Storage/storageAccounts/blobServices/containers"},
                        {"properties", c.properties}};
      if (!c.etag.empty()) container["etag"] = c.etag;
      containers.push_back(std::move(container));
    }
    marker = parsed.nextMarker;
    if (marker.empty()) break;
  }
  service["children"] = containers;
  account["children"] = json::array({service});
  return account;
}

json mergeWithArm(const json& armDoc, const json& liveDoc) {
  json merged = armDoc;
  merged[kDataPlaneMember] = liveDoc.value(kDataPlaneMember, json::object());
  merged[kDataPlaneMember]["armDocument"] = true;
  for (const char* member : {"sku", "kind"}) {
    if (!merged.contains(member) && liveDoc.contains(member)) merged[member] = liveDoc[member];
  }

  const json* liveService = nullptr;
  for (const json& child : arrayMember(liveDoc, "children")) {
    if (typeEndsWith(child, "/blobServices")) liveService = &child;
  }
  if (liveService == nullptr) return merged;

  json children = json::array();
  json service = *liveService;
  for (const json& child : arrayMember(armDoc, "children")) {
    if (!typeEndsWith(child, "/blobServices")) {
      children.push_back(child);
      continue;
    }
    // Snapshot properties the data plane cannot see (versioning, container soft delete,
    // change feed) stay; the ones it reports are fresher.
    json props = child.value("properties", json::object());
    const json& liveProps =
        liveService->contains("properties") ? (*liveService)["properties"] : json::object();
    for (const auto& [k, v] : liveProps.items())
      props[k] = v;
    service = child;
    service["properties"] = props;
    service["children"] = arrayMember(*liveService, "children");
  }
  children.push_back(service);
  merged["children"] = children;
  return merged;
}

}  // namespace bulwark::storage::live
