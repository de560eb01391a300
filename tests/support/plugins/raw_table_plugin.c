/* A plugin written against the C ABI alone, without the C++ layer. Built several times:
 * with a foreign ABI version (the loader must refuse it) and as "errors", whose entry points
 * all fail or return garbage (the kernel must record errors and report nothing healthy). */
#include <bulwark/plugin.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#ifndef RAW_RETURNS_ERRORS
#define RAW_RETURNS_ERRORS 0
#endif

#define STR(s) \
  { s, sizeof(s) - 1 }

struct bw_plugin {
  int unused;
};

static const char kManifest[] =
    "{\"id\":\"" RAW_ID
    "\",\"version\":\"1.0.0\",\"description\":\"raw C test plugin\","
    "\"collectors\":[{\"id\":\"" RAW_ID
    "-collector\",\"types\":[\"Microsoft.Storage/"
    "storageAccounts\"]}],"
    "\"assessments\":[{\"id\":\"" RAW_ID
    ".fails\",\"title\":\"Always fails\","
    "\"resourceType\":\"Microsoft.Storage/storageAccounts\",\"severity\":\"High\"},"
    "{\"id\":\"" RAW_ID
    ".bad-state\",\"title\":\"Returns an unknown state\","
    "\"resourceType\":\"Microsoft.Storage/storageAccounts\",\"severity\":\"Medium\"}]}";

static bw_status create(const bw_host_api* host, bw_str settings, bw_plugin** out) {
  (void)host;
  (void)settings;
  *out = (bw_plugin*)calloc(1, sizeof(bw_plugin));
  return *out ? BW_OK : BW_ERROR;
}

static void destroy(bw_plugin* p) {
  free(p);
}

static bw_str last_error(bw_plugin* p) {
  bw_str s = STR("deliberate failure from the raw test plugin");
  (void)p;
  return s;
}

static bw_status collect(bw_plugin* p, bw_str id) {
  (void)p;
  (void)id;
  return RAW_RETURNS_ERRORS ? BW_ERROR : BW_OK;
}

static bw_status assess(bw_plugin* p, bw_str id, bw_str resource, bw_assessment_result* out) {
  static const char kBadState[] = RAW_ID ".bad-state";
  (void)p;
  (void)resource;
  if (id.len == sizeof(kBadState) - 1 && memcmp(id.ptr, kBadState, id.len) == 0) {
    out->state = (bw_assessment_state)42;
    out->reason.ptr = NULL;
    out->reason.len = 17; /* garbage: a length without a pointer */
    return BW_OK;
  }
  /* Claims healthy but fails: the kernel must trust the status, not the state. */
  out->state = BW_STATE_HEALTHY;
  return RAW_RETURNS_ERRORS ? BW_ERROR : BW_OK;
}

static bw_status detect(bw_plugin* p, const bw_event* e, size_t n) {
  (void)p;
  (void)e;
  (void)n;
  return BW_UNSUPPORTED;
}

/* The table's size is what a plugin built against RAW_MAJOR.RAW_MINOR would announce: the
 * kernel must not read past it. */
#if RAW_MAJOR == 1 && RAW_MINOR == 0
#define RAW_TABLE_SIZE offsetof(bw_plugin_api, read_events)
#elif RAW_MAJOR == 1 && RAW_MINOR == 1
#define RAW_TABLE_SIZE offsetof(bw_plugin_api, run_command)
#else
#define RAW_TABLE_SIZE sizeof(bw_plugin_api)
#endif

static const bw_plugin_api kApi = {RAW_TABLE_SIZE,
                                   RAW_MAJOR,
                                   RAW_MINOR,
                                   BW_CAP_COLLECT | BW_CAP_ASSESS,
                                   {kManifest, sizeof(kManifest) - 1},
                                   create,
                                   destroy,
                                   last_error,
                                   collect,
                                   assess,
                                   detect,
                                   NULL, /* read_events (ABI 1.1): no event sources */
                                   NULL, /* run_command (ABI 1.2) */
                                   NULL, /* handle_http */
                                   NULL, /* start_service */
                                   NULL /* stop_service */};

BW_EXPORT const bw_plugin_api* bulwark_plugin_entry(uint16_t major, uint16_t minor) {
  (void)major;
  (void)minor;
  return &kApi;
}
