// The event model: interned keys, pseudo-fields and the SDK wire form.
#include <catch2/catch.hpp>

#include "detect/event_wire.h"
#include "util/time.h"

using namespace bulwark;
using namespace bulwark::detect;

TEST_CASE("keys are interned once and the well-known ones are fixed", "[detect][event]") {
  KeyTable keys;
  CHECK(keys.text(keys::kIp) == "ip");
  CHECK(keys.text(keys::kRaw) == "raw");
  CHECK(keys.intern("ip") == keys::kIp);
  Key custom = keys.intern("namespace");
  CHECK(custom > keys::kLastWellKnown);
  CHECK(keys.intern(std::string("name") + "space") == custom);
  CHECK(keys.find("never-seen") == 0);
  CHECK(keys.text(0).empty());
  CHECK(keys.text(100000).empty());
}

TEST_CASE("events travel to plugins as bw_event and back unchanged", "[detect][event]") {
  KeyTable keys;
  Event e;
  e.timeNs = 1700000000123456789LL;
  e.type = keys.intern("ssh.login.failed");
  e.source = keys.intern("syslog");
  e.resourceId = "/subscriptions/s/vm1";
  e.raw = "raw line";
  e.set(keys::kIp, "192.0.2.1");
  e.set(keys::kUser, "root");
  e.set(keys::kUser, "admin");  // set replaces
  std::vector<bw_field> fields;
  bw_event wire = toWire(e, fields);
  CHECK(wire.field_count == 2);
  CHECK(wire.time_unix_ns == e.timeNs);
  CHECK(std::string(wire.raw.ptr, wire.raw.len) == "raw line");
  Event back = fromWire(wire);
  CHECK(back.get(keys::kUser, keys) == "admin");
  CHECK(back.get(keys::kType, keys) == "ssh.login.failed");
  CHECK(back.get(keys::kSource, keys) == "syslog");
  CHECK(back.get(keys::kResourceId, keys) == "/subscriptions/s/vm1");
  CHECK(back.timeNs == e.timeNs);
}

TEST_CASE("ISO 8601 timestamps and their formatting", "[detect][event]") {
  CHECK(parseIso8601("1970-01-01T00:00:00Z") == 0);
  CHECK(parseIso8601("2026-11-29T01:50:12.5+01:00") ==
        (*unixSeconds(2026, 11, 29, 0, 50, 12)) * kNsPerSecond + 500000000);
  CHECK(formatIso8601(*parseIso8601("2024-02-29 23:59:59Z")) == "2024-02-29T23:59:59Z");
  for (const char* bad : {"", "2026-13-01T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00+5",
                          "2026-01-01T00:00:00Zjunk", "abcd-ef-ghTij:kl:mn"})
    CHECK_FALSE(parseIso8601(bad).has_value());
}
