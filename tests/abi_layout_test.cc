// Freezes the layout of ABI 1.0 and the members 1.1 appended. A change here breaks every plugin
// built against 1.x: new fields go at the end of a struct, with a minor version bump.
#include <bulwark/plugin.h>

#include <catch2/catch.hpp>
#include <cstddef>

static_assert(sizeof(void*) == 8, "layout checks below are for LP64 targets");

static_assert(offsetof(bw_plugin_api, struct_size) == 0);
static_assert(offsetof(bw_plugin_api, abi_major) == 4);
static_assert(offsetof(bw_plugin_api, abi_minor) == 6);
static_assert(offsetof(bw_plugin_api, capabilities) == 8);
static_assert(offsetof(bw_plugin_api, manifest_json) == 16);
static_assert(offsetof(bw_plugin_api, create) == 32);
static_assert(offsetof(bw_plugin_api, destroy) == 40);
static_assert(offsetof(bw_plugin_api, last_error) == 48);
static_assert(offsetof(bw_plugin_api, collect) == 56);
static_assert(offsetof(bw_plugin_api, assess) == 64);
static_assert(offsetof(bw_plugin_api, detect) == 72);
// 1.1: appended after the 1.0 table, which ended at 80 bytes.
static_assert(offsetof(bw_plugin_api, read_events) == 80);
static_assert(sizeof(bw_plugin_api) == 88);

static_assert(offsetof(bw_host_api, struct_size) == 0);
static_assert(offsetof(bw_host_api, abi_major) == 4);
static_assert(offsetof(bw_host_api, abi_minor) == 6);
static_assert(offsetof(bw_host_api, ctx) == 8);
static_assert(offsetof(bw_host_api, log) == 16);
static_assert(offsetof(bw_host_api, cancelled) == 24);
static_assert(offsetof(bw_host_api, inventory_count) == 32);
static_assert(offsetof(bw_host_api, inventory_get) == 40);
static_assert(offsetof(bw_host_api, emit_resource) == 48);
static_assert(offsetof(bw_host_api, intern) == 56);
static_assert(offsetof(bw_host_api, key_text) == 64);
static_assert(offsetof(bw_host_api, emit_alerts) == 72);
// 1.1: appended after the 1.0 table, which ended at 80 bytes.
static_assert(offsetof(bw_host_api, emit_events) == 80);
static_assert(offsetof(bw_host_api, skip_record) == 88);
static_assert(sizeof(bw_host_api) == 96);

static_assert(sizeof(bw_str) == 16);
static_assert(offsetof(bw_field, value) == 8 && sizeof(bw_field) == 24);
static_assert(offsetof(bw_event, source) == 8);
static_assert(offsetof(bw_event, type) == 12);
static_assert(offsetof(bw_event, resource_id) == 16);
static_assert(offsetof(bw_event, fields) == 32);
static_assert(offsetof(bw_event, field_count) == 40);
static_assert(offsetof(bw_event, raw) == 48);
static_assert(sizeof(bw_event) == 64);
static_assert(offsetof(bw_alert, severity) == 16);
static_assert(offsetof(bw_alert, time_unix_ns) == 24);
static_assert(offsetof(bw_alert, resource_id) == 32);
static_assert(offsetof(bw_alert, title) == 48);
static_assert(offsetof(bw_alert, entities) == 64);
static_assert(offsetof(bw_alert, entity_count) == 72);
static_assert(offsetof(bw_alert, evidence_json) == 80);
static_assert(sizeof(bw_alert) == 96);
static_assert(offsetof(bw_assessment_result, reason) == 8);
static_assert(offsetof(bw_assessment_result, evidence_json) == 24);
static_assert(sizeof(bw_assessment_result) == 40);

TEST_CASE("ABI constants of version 1.0 are frozen", "[abi]") {
  CHECK(BW_ABI_MAJOR == 1);
  CHECK(BW_CAP_COLLECT == 1);
  CHECK(BW_CAP_ASSESS == 2);
  CHECK(BW_CAP_DETECT == 4);
  CHECK(BW_CAP_EVENTS == 8);  // 1.1
  CHECK(BW_STATE_HEALTHY == 0);
  CHECK(BW_STATE_UNHEALTHY == 1);
  CHECK(BW_STATE_NOT_APPLICABLE == 2);
  CHECK(BW_STATE_ERROR == 3);
  CHECK(BW_SEVERITY_HIGH == 3);
  CHECK(std::string(BW_PLUGIN_ENTRY_SYMBOL) == "bulwark_plugin_entry");
}
