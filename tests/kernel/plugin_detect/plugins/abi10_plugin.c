/* A plugin exactly as it was built against ABI 1.0: its table is the 1.0 layout (80 bytes,
 * no read_events), announces minor 0, and is followed in memory by a non-null pointer that a
 * kernel reading past struct_size would take for read_events and call. It collects through
 * the host's inventory and assesses storage accounts, so a scan proves it still works. */
#include <bulwark/plugin.h>
#include <stdlib.h>
#include <string.h>

/* Built a second time as "abi10events", which also (wrongly) announces BW_CAP_EVENTS: the
 * kernel must refuse it, as its table ends before read_events. */
#ifndef ABI10_ID
#define ABI10_ID "abi10"
#endif
#ifndef ABI10_EXTRA_CAPS
#define ABI10_EXTRA_CAPS 0
#endif

#define STR(s) \
  { s, sizeof(s) - 1 }

struct bw_plugin {
  const bw_host_api* host;
};

/* bw_plugin_api as ABI 1.0 declared it. */
typedef struct plugin_api_1_0 {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  uint64_t capabilities;
  bw_str manifest_json;
  bw_status (*create)(const bw_host_api*, bw_str, bw_plugin**);
  void (*destroy)(bw_plugin*);
  bw_str (*last_error)(bw_plugin*);
  bw_status (*collect)(bw_plugin*, bw_str);
  bw_status (*assess)(bw_plugin*, bw_str, bw_str, bw_assessment_result*);
  bw_status (*detect)(bw_plugin*, const bw_event*, size_t);
} plugin_api_1_0;

/* The 1.0 host table ended after emit_alerts. */
#define HOST_1_0_SIZE (offsetof(bw_host_api, emit_alerts) + sizeof(void*))

static const char kManifest[] =
    "{\"id\":\"" ABI10_ID
    "\",\"version\":\"1.0.0\",\"description\":\"built against ABI 1.0\","
    "\"collectors\":[{\"id\":\"" ABI10_ID
    "-storage\",\"types\":[\"Microsoft.Storage/storageAccounts\"]}],"
    "\"assessments\":[{\"id\":\"" ABI10_ID
    ".https-only\",\"title\":\"HTTPS only\","
    "\"resourceType\":\"Microsoft.Storage/storageAccounts\",\"severity\":\"Medium\"}]}";

static bw_status create(const bw_host_api* host, bw_str settings, bw_plugin** out) {
  (void)settings;
  if (host->struct_size < HOST_1_0_SIZE) return BW_ERROR;
  *out = (bw_plugin*)calloc(1, sizeof(bw_plugin));
  if (*out == NULL) return BW_ERROR;
  (*out)->host = host;
  return BW_OK;
}

static void destroy(bw_plugin* p) {
  free(p);
}

static bw_str last_error(bw_plugin* p) {
  bw_str s = STR("abi10 failed");
  (void)p;
  return s;
}

static bw_status collect(bw_plugin* p, bw_str id) {
  bw_str type = STR("Microsoft.Storage/storageAccounts");
  size_t i, n;
  (void)id;
  n = p->host->inventory_count(p->host->ctx, type);
  for (i = 0; i < n; ++i) {
    bw_status s =
        p->host->emit_resource(p->host->ctx, p->host->inventory_get(p->host->ctx, type, i));
    if (s != BW_OK) return s;
  }
  return BW_OK;
}

static int contains(bw_str hay, const char* needle) {
  size_t n = strlen(needle), i;
  for (i = 0; i + n <= hay.len; ++i) {
    if (memcmp(hay.ptr + i, needle, n) == 0) return 1;
  }
  return 0;
}

static bw_status assess(bw_plugin* p, bw_str id, bw_str resource, bw_assessment_result* out) {
  bw_str healthy = STR("HTTPS only");
  bw_str unhealthy = STR("HTTP allowed");
  (void)p;
  (void)id;
  if (contains(resource, "\"supportsHttpsTrafficOnly\":false")) {
    out->state = BW_STATE_UNHEALTHY;
    out->reason = unhealthy;
  } else {
    out->state = BW_STATE_HEALTHY;
    out->reason = healthy;
  }
  out->evidence_json.ptr = NULL;
  out->evidence_json.len = 0;
  return BW_OK;
}

static bw_status detect(bw_plugin* p, const bw_event* e, size_t n) {
  (void)p;
  (void)e;
  (void)n;
  return BW_UNSUPPORTED;
}

static void poison(bw_plugin* p, bw_str a, bw_str b) {
  (void)p;
  (void)a;
  (void)b;
  abort(); /* reached only by a kernel that reads past struct_size */
}

static const struct {
  plugin_api_1_0 api;
  void (*after)(bw_plugin*, bw_str, bw_str);
} kTable = {{sizeof(plugin_api_1_0),
             1,
             0,
             BW_CAP_COLLECT | BW_CAP_ASSESS | ABI10_EXTRA_CAPS,
             {kManifest, sizeof(kManifest) - 1},
             create,
             destroy,
             last_error,
             collect,
             assess,
             detect},
            poison};

BW_EXPORT const bw_plugin_api* bulwark_plugin_entry(uint16_t major, uint16_t minor) {
  (void)major;
  (void)minor;
  return (const bw_plugin_api*)&kTable.api;
}
