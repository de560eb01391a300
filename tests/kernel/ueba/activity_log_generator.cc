#include "activity_log_generator.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "util/time.h"

namespace bulwark::test {
namespace {

using nlohmann::json;

constexpr int64_t kSecondNs = 1000000000;
constexpr int64_t kHourNs = 3600 * kSecondNs;
constexpr int64_t kDayNs = 24 * kHourNs;
constexpr const char* kSubscription = "b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96";
constexpr const char* kTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

struct Persona {
  std::string caller;
  std::vector<std::string> operations;
  std::vector<std::string> homeIps;    // the main country's addresses
  std::vector<std::string> travelIps;  // a second country, every other 3-day block
  int minPerDay;
  int maxPerDay;
};

std::vector<Persona> personas() {
  return {
      {"alice@contoso.com",
       {"Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/write",
        "Microsoft.Storage/storageAccounts/read", "Microsoft.Compute/virtualMachines/start/action"},
       {"80.130.1.10", "46.114.5.20"},
       {},
       15,
       30},
      {"bob@contoso.com",
       {"Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/virtualNetworks/read",
        "Microsoft.Network/networkSecurityGroups/securityRules/write",
        "Microsoft.Network/publicIPAddresses/read"},
       {"85.214.1.30", "80.130.2.40"},
       {},
       15,
       30},
      {"carol@contoso.com",
       {"Microsoft.Storage/storageAccounts/read", "Microsoft.Storage/storageAccounts/write",
        "Microsoft.Storage/storageAccounts/listKeys/action", "Microsoft.KeyVault/vaults/read"},
       {"12.34.56.78", "24.24.24.24"},
       {},
       15,
       30},
      {"dave@contoso.com",
       {"Microsoft.Web/sites/read", "Microsoft.Web/sites/write",
        "Microsoft.Web/sites/restart/action", "Microsoft.Insights/components/read"},
       {"8.8.4.4"},
       {"81.2.69.142", "86.1.1.1"},
       15,
       30},
      {"erin@contoso.com",
       {"Microsoft.Compute/disks/read", "Microsoft.Compute/disks/write",
        "Microsoft.Compute/disks/delete", "Microsoft.Compute/snapshots/write",
        "Microsoft.Compute/snapshots/delete", "Microsoft.Compute/virtualMachines/read"},
       {"20.42.1.1", "40.76.1.1"},
       {},
       15,
       30},
      {"grace@contoso.com",
       {"Microsoft.Sql/servers/read", "Microsoft.Sql/servers/databases/read",
        "Microsoft.Sql/servers/firewallRules/write"},
       {"126.1.1.1", "133.1.1.1"},
       {},
       10,
       20},
  };
}

std::string guid(std::mt19937_64& rng) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += kHex[rng() % 16];
  }
  return out;
}

std::string resourceFor(const std::string& operation, std::mt19937_64& rng) {
  // "Microsoft.Compute/virtualMachines/start/action" -> provider and resource type.
  size_t slash = operation.find('/');
  std::string provider = operation.substr(0, slash);
  size_t next = operation.find('/', slash + 1);
  std::string type = operation.substr(slash + 1, next - slash - 1);
  std::string group = "rg-" + std::string(rng() % 2 == 0 ? "prod" : "dev") + "-apps";
  if (provider == "Microsoft.Resources")
    return std::string("/subscriptions/") + kSubscription + "/resourceGroups/" + group;
  return std::string("/subscriptions/") + kSubscription + "/resourceGroups/" + group +
         "/providers/" + provider + "/" + type + "/" + type.substr(0, 4) + "-" +
         std::to_string(rng() % 12);
}

json record(const std::string& caller, const std::string& operation, const std::string& ip,
            int64_t timeNs, std::mt19937_64& rng) {
  std::string resourceId = resourceFor(operation, rng);
  std::string provider = operation.substr(0, operation.find('/'));
  size_t rg = resourceId.find("/resourceGroups/");
  std::string groupName = resourceId.substr(rg + 16, resourceId.find('/', rg + 16) - rg - 16);
  std::string correlation = guid(rng);
  std::string eventData = guid(rng);
  std::string method =
      operation.size() > 7 && operation.substr(operation.size() - 7) == "/delete" ? "DELETE"
      : operation.size() > 5 && operation.substr(operation.size() - 5) == "/read" ? "GET"
                                                                                  : "PUT";
  return {
      {"authorization", {{"action", operation}, {"scope", resourceId}}},
      {"caller", caller},
      {"channels", "Operation"},
      {"claims",
       {{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", caller},
        {"ipaddr", ip},
        {"appid", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"}}},
      {"correlationId", correlation},
      {"description", ""},
      {"eventDataId", eventData},
      {"eventName", {{"value", "EndRequest"}, {"localizedValue", "End request"}}},
      {"category", {{"value", "Administrative"}, {"localizedValue", "Administrative"}}},
      {"eventTimestamp", formatIso8601(timeNs)},
      {"id", resourceId + "/events/" + eventData + "/ticks/" + std::to_string(timeNs / 100)},
      {"level", "Informational"},
      {"operationId", correlation},
      {"operationName", {{"value", operation}, {"localizedValue", operation}}},
      {"resourceGroupName", groupName},
      {"resourceProviderName", {{"value", provider}, {"localizedValue", provider}}},
      {"resourceType", {{"value", operation.substr(0, operation.rfind('/'))}}},
      {"resourceId", resourceId},
      {"status", {{"value", "Succeeded"}, {"localizedValue", "Succeeded"}}},
      {"subStatus", {{"value", method == "PUT" ? "Created" : "OK"}}},
      {"submissionTimestamp", formatIso8601(timeNs + 12 * kSecondNs)},
      {"subscriptionId", kSubscription},
      {"tenantId", kTenant},
      {"httpRequest",
       {{"clientRequestId", guid(rng)}, {"clientIpAddress", ip}, {"method", method}}},
  };
}

struct Timed {
  int64_t timeNs;
  json record;
};

}  // namespace

ActivityLog generateActivityLog(const ActivityLogOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<Timed> records;
  ActivityLog log;
  const auto people = personas();
  const int injectDay = o.injectFromDay;
  auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
  auto uniform = [&](int64_t lo, int64_t hi) { return lo + int64_t(rng() % uint64_t(hi - lo)); };

  for (int day = 0; day < o.days; ++day) {
    const int64_t dayNs = o.startNs + day * kDayNs;
    const int weekday = (4 + day) % 7;  // 0 Sunday; the start is a Thursday
    const bool weekend = weekday == 0 || weekday == 6;
    for (const auto& p : people) {
      // The traveller alternates three-day blocks: home (US), then away (GB).
      const bool away = !p.travelIps.empty() && (day / 3) % 2 == 1;
      const auto& ips = away ? p.travelIps : p.homeIps;
      int count = weekend ? int(rng() % 3) : int(uniform(p.minPerDay, p.maxPerDay + 1));
      // Office hours, 08:00 to 18:00 UTC; erin stays away during her injected hour.
      const bool erinInjected =
          o.injectAnomalies && p.caller == "erin@contoso.com" && day == injectDay + 2;
      for (int i = 0; i < count; ++i) {
        int64_t t = dayNs + 8 * kHourNs + uniform(0, 10 * kHourNs / kSecondNs) * kSecondNs;
        if (erinInjected && t >= dayNs + 10 * kHourNs && t < dayNs + 11 * kHourNs) continue;
        records.push_back({t, record(p.caller, pick(p.operations), pick(ips), t, rng)});
      }
    }
  }
  if (o.injectAnomalies) {
    auto at = [&](int day, int hour, int minute) {
      return o.startNs + day * kDayNs + hour * kHourNs + minute * 60 * kSecondNs;
    };
    // alice: an operation she never performed, from her usual address.
    int64_t t = at(injectDay, 11, 17);
    records.push_back(
        {t, record("alice@contoso.com", "Microsoft.Authorization/roleAssignments/write",
                   "80.130.1.10", t, rng)});
    log.injected.push_back({"ueba.new-operation", "alice@contoso.com", t});
    // bob: a known operation from the Netherlands, next door (no impossible travel).
    t = at(injectDay, 14, 3);
    records.push_back({t, record("bob@contoso.com", "Microsoft.Network/virtualNetworks/read",
                                 "145.97.1.50", t, rng)});
    log.injected.push_back({"ueba.new-country", "bob@contoso.com", t});
    // carol: a new address in her own country.
    t = at(injectDay + 1, 9, 41);
    records.push_back({t, record("carol@contoso.com", "Microsoft.Storage/storageAccounts/read",
                                 "4.2.2.2", t, rng)});
    log.injected.push_back({"ueba.new-ip", "carol@contoso.com", t});
    // dave: on a US day, a call from his known British address 20 minutes after his last one.
    int daveDay = injectDay;
    while ((daveDay / 3) % 2 == 1)
      ++daveDay;
    int64_t last = 0;
    for (const auto& r : records) {
      if (r.record["caller"] == "dave@contoso.com" && r.timeNs >= at(daveDay, 0, 0) &&
          r.timeNs < at(daveDay + 1, 0, 0))
        last = std::max(last, r.timeNs);
    }
    t = (last != 0 ? last : at(daveDay, 17, 0)) + 20 * 60 * kSecondNs;
    records.push_back(
        {t, record("dave@contoso.com", "Microsoft.Web/sites/read", "81.2.69.142", t, rng)});
    log.injected.push_back({"ueba.impossible-travel", "dave@contoso.com", t});
    // erin: 40 disk deletions within one hour, from her usual address.
    int64_t first = at(injectDay + 2, 10, 2);
    for (int i = 0; i < 40; ++i) {
      t = first + i * 80 * kSecondNs;
      records.push_back(
          {t, record("erin@contoso.com", "Microsoft.Compute/disks/delete", "20.42.1.1", t, rng)});
    }
    log.injected.push_back({"ueba.mass-deletion", "erin@contoso.com", first});
  }
  // The REST API lists newest first.
  std::stable_sort(records.begin(), records.end(),
                   [](const Timed& a, const Timed& b) { return a.timeNs > b.timeNs; });
  json value = json::array();
  for (auto& r : records)
    value.push_back(std::move(r.record));
  log.records = value.size();
  log.json = json{{"value", std::move(value)}}.dump(1);
  return log;
}

}  // namespace bulwark::test
