#include "live_collector.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "live/account_reader.h"
#include "live/blob_client.h"
#include "storage_assessments.h"
#include "storage_settings.h"

namespace bulwark::storage {
namespace {

using sdk::Json;

const Json* armDocument(const std::vector<Json>& inventory, const std::string& id) {
  for (const Json& doc : inventory) {
    auto it = doc.find("id");
    if (it != doc.end() && it->is_string() && sdk::iequals(it->get<std::string>(), id)) return &doc;
  }
  return nullptr;
}

size_t containerCount(const Json& account) {
  size_t n = 0;
  for (const Json& service : account.value("children", Json::array()))
    n += service.value("children", Json::array()).size();
  return n;
}

void collect(const sdk::Context& ctx) {
  std::vector<LiveAccountSetting> accounts = liveAccounts(ctx.settings);
  if (accounts.empty()) return;
  std::vector<Json> inventory = ctx.host.inventory(kStorageAccountType);
  std::vector<std::string> failures;
  for (const LiveAccountSetting& account : accounts) {
    if (ctx.host.cancelled()) return;
    try {
      live::BlobClient client({account.name, account.endpoint, resolveAccountKey(account),
                               account.timeoutSeconds, account.caFile});
      Json doc =
          live::readAccount(client, account.resourceId, [&] { return ctx.host.cancelled(); });
      const Json* arm = armDocument(inventory, account.resourceId);
      if (arm != nullptr) doc = live::mergeWithArm(*arm, doc);
      ctx.host.emitResource(doc);
      ctx.host.info("read " + client.describe() + ": " + std::to_string(containerCount(doc)) +
                    " container(s)" + (arm ? ", merged with the ARM snapshot document" : ""));
    } catch (const std::exception& e) {
      ctx.host.error(e.what());
      failures.emplace_back(e.what());
    }
  }
  if (!failures.empty()) {
    std::string message = std::to_string(failures.size()) + " of " +
                          std::to_string(accounts.size()) + " live account(s) could not be read: ";
    for (size_t i = 0; i < failures.size(); ++i)
      message += (i == 0 ? "" : "; ") + failures[i];
    throw std::runtime_error(message);
  }
}

}  // namespace

sdk::CollectorDef liveBlobCollector() {
  return {"live-blob",
          "Storage accounts of the live_accounts setting, read through the Blob service REST "
          "API with Shared Key: account information, service properties, containers and their "
          "public access level",
          {kStorageAccountType},
          collect};
}

}  // namespace bulwark::storage
