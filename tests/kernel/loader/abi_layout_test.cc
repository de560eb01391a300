// Freezes the layout of ABI 1.0 and the members 1.1 and 1.2 appended. A change here breaks every
// plugin built against 1.x: new fields go at the end of a struct, with a minor version bump.
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
// 1.2: appended after the 1.1 table, which ended at 88 bytes.
static_assert(offsetof(bw_plugin_api, run_command) == 88);
static_assert(offsetof(bw_plugin_api, handle_http) == 96);
static_assert(offsetof(bw_plugin_api, start_service) == 104);
static_assert(offsetof(bw_plugin_api, stop_service) == 112);
static_assert(sizeof(bw_plugin_api) == 120);

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
// 1.2: appended after the 1.1 table, which ended at 96 bytes.
static_assert(offsetof(bw_host_api, host_error) == 96);
static_assert(offsetof(bw_host_api, vuln_info) == 104);
static_assert(offsetof(bw_host_api, vuln_match) == 112);
static_assert(offsetof(bw_host_api, state_get) == 120);
static_assert(offsetof(bw_host_api, state_put) == 128);
static_assert(offsetof(bw_host_api, state_delete) == 136);
static_assert(offsetof(bw_host_api, state_list) == 144);
static_assert(offsetof(bw_host_api, write_output) == 152);
static_assert(sizeof(bw_host_api) == 160);

// 1.2 records. Those used in arrays are frozen for good (a later minor adds new types).
static_assert(sizeof(bw_package_query) == 96);
static_assert(offsetof(bw_package_query, source_package) == 80);
static_assert(offsetof(bw_vuln_match, id) == 8);
static_assert(offsetof(bw_vuln_match, aliases) == 24);
static_assert(offsetof(bw_vuln_match, alias_count) == 32);
static_assert(offsetof(bw_vuln_match, source) == 40);
static_assert(offsetof(bw_vuln_match, state) == 200);
static_assert(sizeof(bw_vuln_match) == 216);
static_assert(offsetof(bw_vuln_db_info, available) == 4);
static_assert(offsetof(bw_vuln_db_info, imported_at) == 8);
static_assert(offsetof(bw_vuln_db_info, version) == 24);
static_assert(sizeof(bw_vuln_db_info) == 40);
static_assert(offsetof(bw_state_entry, value) == 16);
static_assert(offsetof(bw_state_entry, updated_unix_ns) == 32);
static_assert(sizeof(bw_state_entry) == 40);
static_assert(sizeof(bw_http_header) == 32);
static_assert(offsetof(bw_http_request, method) == 8);
static_assert(offsetof(bw_http_request, body) == 72);
static_assert(offsetof(bw_http_request, headers) == 104);
static_assert(offsetof(bw_http_request, header_count) == 112);
static_assert(sizeof(bw_http_request) == 120);
static_assert(offsetof(bw_http_response, status) == 4);
static_assert(offsetof(bw_http_response, content_type) == 8);
static_assert(offsetof(bw_http_response, body) == 24);
static_assert(offsetof(bw_http_response, headers) == 40);
static_assert(sizeof(bw_http_response) == 56);

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
  CHECK(BW_CAP_EVENTS == 8);       // 1.1
  CHECK(BW_CAP_COMMANDS == 0x10);  // 1.2
  CHECK(BW_CAP_HTTP == 0x20);
  CHECK(BW_CAP_SERVICE == 0x40);
  CHECK(BW_NOT_FOUND == 5);
  CHECK(BW_STATE_IF_ABSENT == 1);
  CHECK(BW_OUTPUT_STDOUT == 1);
  CHECK(BW_OUTPUT_STDERR == 2);
  CHECK(BW_STATE_HEALTHY == 0);
  CHECK(BW_STATE_UNHEALTHY == 1);
  CHECK(BW_STATE_NOT_APPLICABLE == 2);
  CHECK(BW_STATE_ERROR == 3);
  CHECK(BW_SEVERITY_HIGH == 3);
  CHECK(std::string(BW_PLUGIN_ENTRY_SYMBOL) == "bulwark_plugin_entry");
}
