/*
 * Bulwark plugin ABI, version 1 (1.1 adds event sources: emit_events, skip_record, read_events;
 * 1.2 adds host services for plugins of any resource type: the vulnerability database,
 * plugin-scoped persistent state, CLI commands, HTTP routes and background services of
 * `bulwark server`).
 *
 * This is the whole contract between the Bulwark kernel and a plugin shared library. It is
 * plain C so that plugins and kernels built by different compilers, standard libraries and
 * Boost versions keep working together.
 *
 * Stability rules (kept for every 1.y release):
 *   - Structs are append-only: a new field is added at the end, guarded by a minor bump.
 *     Readers check `struct_size` before touching a field added after 1.0.
 *   - The kernel loads a plugin when plugin major == kernel major and plugin minor <= kernel
 *     minor. Anything else is refused with a message naming the file and both versions.
 *   - No exception, C++ standard library type or Boost type crosses this boundary. Errors are
 *     status codes plus `last_error(instance)`.
 *
 * Ownership (applies to every field unless the field says otherwise):
 *   - Whoever allocates frees. Memory the plugin returns stays valid until the plugin's next
 *     call of the same function on the same instance; the kernel copies what it keeps.
 *   - Memory the kernel passes in is valid only for the duration of the call.
 *
 * Threading: the kernel calls one instance from one thread at a time. Host services may be
 * called only from inside a call the kernel made, on the thread that made it, except those
 * marked "any thread" (1.2), which threads a plugin's service started may call between
 * start_service and the return of stop_service.
 *
 * Trust: in-process plugins are trusted code with the kernel's privileges. Run untrusted
 * plugins in a separate process.
 */
#ifndef BULWARK_PLUGIN_H
#define BULWARK_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BW_ABI_MAJOR 1
#define BW_ABI_MINOR 2

/* The one symbol a plugin exports. */
#define BW_PLUGIN_ENTRY_SYMBOL "bulwark_plugin_entry"

#if defined(_WIN32)
#define BW_EXPORT __declspec(dllexport)
#else
#define BW_EXPORT __attribute__((visibility("default")))
#endif

/* A string is a pointer and a length; it is not necessarily NUL-terminated. */
typedef struct bw_str {
  const char* ptr;
  size_t len;
} bw_str;

typedef enum bw_status {
  BW_OK = 0,
  BW_ERROR = 1,            /* details in last_error(instance) */
  BW_INVALID_ARGUMENT = 2, /* e.g. an assessment id the plugin does not own */
  BW_CANCELLED = 3,        /* the plugin stopped because host->cancelled() said so */
  BW_UNSUPPORTED = 4,      /* the plugin has no such capability */
  BW_NOT_FOUND = 5         /* 1.2: state_get of a key that holds no value */
} bw_status;

typedef enum bw_log_level {
  BW_LOG_DEBUG = 0,
  BW_LOG_INFO = 1,
  BW_LOG_WARNING = 2,
  BW_LOG_ERROR = 3
} bw_log_level;

/* Capability bits announced in bw_plugin_api.capabilities. */
#define BW_CAP_COLLECT UINT64_C(0x1)
#define BW_CAP_ASSESS UINT64_C(0x2)
#define BW_CAP_DETECT UINT64_C(0x4)
#define BW_CAP_EVENTS UINT64_C(0x8)    /* 1.1: event sources, served by read_events */
#define BW_CAP_COMMANDS UINT64_C(0x10) /* 1.2: CLI commands, served by run_command */
#define BW_CAP_HTTP UINT64_C(0x20)     /* 1.2: routes of `bulwark server`, served by handle_http */
#define BW_CAP_SERVICE UINT64_C(0x40)  /* 1.2: background work in `bulwark server` */

typedef enum bw_assessment_state {
  BW_STATE_HEALTHY = 0,
  BW_STATE_UNHEALTHY = 1,
  BW_STATE_NOT_APPLICABLE = 2,
  BW_STATE_ERROR = 3 /* the check could not decide; never counted as healthy */
} bw_assessment_state;

typedef enum bw_severity {
  BW_SEVERITY_INFORMATIONAL = 0,
  BW_SEVERITY_LOW = 1,
  BW_SEVERITY_MEDIUM = 2,
  BW_SEVERITY_HIGH = 3
} bw_severity;

/* ---- Hot-path records: flat C structs in batches, keys interned by the host. ---- */

/* An interned key: obtained from host->intern(), stable for the life of the host. */
typedef uint32_t bw_key;

typedef struct bw_field {
  bw_key key;
  bw_str value;
} bw_field;

typedef struct bw_event {
  int64_t time_unix_ns;
  bw_key source; /* e.g. interned "auth.log" */
  bw_key type;   /* e.g. interned "ssh.login.failed" */
  bw_str resource_id;
  const bw_field* fields; /* entity fields: ip, user, host, process, url, ... */
  size_t field_count;
  bw_str raw; /* the original line or record */
} bw_event;

/* A field of an event (1.1, a convention, no layout change): its decimal value is the 1-based
 * line or record number the event came from, which the kernel shows with the file name in
 * evidence and diagnostics ("file:line"); the kernel takes it out of the event's fields. */
#define BW_RECORD_FIELD "bw.record"

/* An alert of a native detector. `rule_id` must be one of the native rules the plugin's
 * manifest declares (ruleSets[].nativeRules); the kernel takes the MITRE tactic and technique,
 * description and remediation from that declaration, and the title when `title` is empty. Entity
 * keys come from host->intern. `evidence_json` is a JSON array of strings (one line each) or an
 * object (one line). An alert with an unknown rule id, a severity outside bw_severity, an
 * unknown key or evidence that is not JSON is counted as invalid and dropped. */
typedef struct bw_alert {
  bw_str rule_id;
  bw_severity severity;
  int64_t time_unix_ns;
  bw_str resource_id;
  bw_str title;
  const bw_field* entities;
  size_t entity_count;
  bw_str evidence_json; /* cold data: may be empty */
} bw_alert;

/* ---- 1.2: records of the host services. Types used in arrays are frozen: a later minor adds
 * new functions and types instead of growing these. ---- */

/* One installed package to look up in the vulnerability database. Empty strings are "not
 * given". A distro package (distro set) only meets its distro's advisories for `release`,
 * looked up by `source_package` when given; it never meets upstream advisories. */
typedef struct bw_package_query {
  bw_str ecosystem; /* OSV name: npm, PyPI, Go, crates.io, Maven, RubyGems, Debian, ... */
  bw_str package;
  bw_str version;
  bw_str distro;  /* debian, ubuntu, alpine, wolfi, ... (os-release ID) */
  bw_str release; /* bookworm / 12, v3.18 / 3.18.4 */
  bw_str source_package;
} bw_package_query;

/* One advisory affecting one queried package. */
typedef struct bw_vuln_match {
  size_t query; /* index of the package in the batch */
  bw_str id;
  const bw_str* aliases; /* CVE ids and the like */
  size_t alias_count;
  bw_str source;          /* osv, debian-tracker, alpine-secdb, wolfi-secdb */
  bw_str severity;        /* Critical, High, Medium, Low or Unknown */
  bw_str severity_origin; /* "source", "cvss" or empty */
  bw_str cvss;
  bw_str summary;
  bw_str ecosystem;
  bw_str release;
  bw_str package; /* as stored: the source package for distro advisories */
  bw_str installed_version;
  bw_str fixed_version; /* empty when no fix exists */
  bw_str state;         /* "fixed", "unfixed" or "wont-fix" */
} bw_vuln_match;

/* The database the operator imported (`bulwark vulndb import`). */
typedef struct bw_vuln_db_info {
  uint32_t struct_size; /* set by the caller; the kernel fills what fits */
  int available;        /* 0: none configured, or it cannot be opened */
  bw_str imported_at;   /* ISO 8601 UTC time of the last import */
  /* Identifies the content: changes whenever an import changed it, even within a second. */
  bw_str version;
} bw_vuln_db_info;

/* One key of the plugin's persistent state. */
typedef struct bw_state_entry {
  bw_str key;
  bw_str value;
  int64_t updated_unix_ns;
} bw_state_entry;

/* state_put flags. */
#define BW_STATE_IF_ABSENT UINT32_C(0x1) /* keep the value a key already holds */

/* write_output streams. */
#define BW_OUTPUT_STDOUT 1
#define BW_OUTPUT_STDERR 2

typedef struct bw_http_header {
  bw_str name;
  bw_str value;
} bw_http_header;

/* A request to one of the plugin's routes. The kernel has checked the route's token, method
 * and body size already. Kernel-owned, valid during handle_http. */
typedef struct bw_http_request {
  uint32_t struct_size;
  bw_str method;
  bw_str path; /* without the query string */
  bw_str query;
  bw_str content_type;
  bw_str body;
  bw_str client_address;
  const bw_http_header* headers;
  size_t header_count;
} bw_http_request;

/* The plugin's answer. The kernel sets struct_size and zeroes the rest before the call;
 * plugin-owned memory, valid until the next handle_http call on the same instance. An empty
 * content_type means application/json. */
typedef struct bw_http_response {
  uint32_t struct_size;
  int status;
  bw_str content_type;
  bw_str body;
  const bw_http_header* headers;
  size_t header_count;
} bw_http_response;

/* ---- Host services: a table the kernel passes to each plugin instance. ---- */

typedef struct bw_host_api {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  /* Opaque kernel context: pass it back as the first argument of every service. */
  void* ctx;

  /* Writes a log line attributed to the plugin. Secrets must not be logged. */
  void (*log)(void* ctx, bw_log_level level, bw_str message);

  /* Non-zero when the kernel wants the current call to stop early (return BW_CANCELLED). */
  int (*cancelled)(void* ctx);

  /* Collect phase: number of inventory resources of `type` (case-insensitive) in scope. */
  size_t (*inventory_count)(void* ctx, bw_str type);
  /* Collect phase: resource `index` of `type` as ARM JSON with its child resources under a
   * top-level "children" array. Valid until the current collect call returns. */
  bw_str (*inventory_get)(void* ctx, bw_str type, size_t index);

  /* Collect phase: hands the kernel one resource as ARM JSON (needs "id" and "type"). The
   * kernel copies it; resources outside the scan's scopes are dropped. */
  bw_status (*emit_resource)(void* ctx, bw_str resource_json);

  /* Interns a key for bw_field/bw_event; the same text always gives the same key. */
  bw_key (*intern)(void* ctx, bw_str text);
  /* The text of an interned key; valid for the life of the host. */
  bw_str (*key_text)(void* ctx, bw_key key);

  /* Detect phase: hands the kernel a batch of alerts; the kernel copies them. */
  bw_status (*emit_alerts)(void* ctx, const bw_alert* alerts, size_t count);

  /* ---- ABI 1.1: a plugin checks struct_size before touching these. ---- */

  /* read_events only: hands the kernel a batch of events read from the current file; the
   * kernel copies them. Keys come from intern(); `source` and `type` are required. An event
   * the kernel cannot take (an unknown key, no type) is counted as a skipped record. */
  bw_status (*emit_events)(void* ctx, const bw_event* events, size_t count);
  /* read_events only: a record of the current file that does not parse, by its 1-based line
   * (text formats) or record number (binary formats), and why. The kernel counts it and
   * reports it with the file name; the plugin goes on with the next record. */
  void (*skip_record)(void* ctx, uint64_t record, bw_str reason);

  /* ---- ABI 1.2: a plugin checks struct_size before touching these. ---- */

  /* Any thread. Why the calling thread's last failed host service call failed; valid until
   * its next host service call. */
  bw_str (*host_error)(void* ctx);

  /* Any thread. The vulnerability database the operator configured; *out is filled up to
   * out->struct_size. Always BW_OK; out->available says whether there is one. */
  bw_status (*vuln_info)(void* ctx, bw_vuln_db_info* out);
  /* Any thread. Matches a batch of packages. On BW_OK *out holds *out_count matches ordered
   * by query, then advisory id; kernel-owned, valid until the calling thread's next vuln_match.
   * BW_UNSUPPORTED when no database is available, BW_ERROR when the database fails. */
  bw_status (*vuln_match)(void* ctx, const bw_package_query* queries, size_t count,
                          const bw_vuln_match** out, size_t* out_count);

  /* Any thread. The plugin's own persistent state: keys and values (any bytes) that only this
   * plugin id sees, kept in the operator's store across runs and shared by every process
   * using that store. BW_UNSUPPORTED when the command runs without a store. */
  /* *out_value is kernel-owned, valid until the calling thread's next state call. BW_NOT_FOUND
   * when the key holds nothing. */
  bw_status (*state_get)(void* ctx, bw_str key, bw_str* out_value);
  /* Stores (atomically, durably) `value` under `key`; flags: BW_STATE_IF_ABSENT. */
  bw_status (*state_put)(void* ctx, bw_str key, bw_str value, uint32_t flags);
  /* BW_OK also when the key held nothing. */
  bw_status (*state_delete)(void* ctx, bw_str key);
  /* The entries whose key starts with `prefix` (empty: all), ordered by key; kernel-owned,
   * valid until the calling thread's next state call. */
  bw_status (*state_list)(void* ctx, bw_str prefix, const bw_state_entry** out, size_t* out_count);

  /* run_command only: writes command output (BW_OUTPUT_STDOUT or BW_OUTPUT_STDERR). */
  void (*write_output)(void* ctx, int stream, bw_str text);
} bw_host_api;

/* Where read_events starts in a file and how far it got (ABI 1.1). */
typedef struct bw_read_position {
  /* in: the byte to start at, 0 or an offset this function returned for the same file;
   * out: the byte after the last whole record read. A partial record at the end of the file is
   * left unread: the kernel reports it when the file is complete, or reads it on a later call
   * once it has grown (follow mode). */
  uint64_t offset;
  /* in: records (lines) before `offset`; out: records before the new offset. skip_record
   * numbers records from here. */
  uint64_t record;
} bw_read_position;

/* ---- The plugin's table. ---- */

typedef struct bw_plugin bw_plugin; /* opaque plugin instance */

typedef struct bw_assessment_result {
  bw_assessment_state state;
  /* Why the resource got this state, for people. Plugin-owned, valid until the next assess
   * call on the same instance. */
  bw_str reason;
  /* Machine-readable evidence (JSON object), may be empty. Same lifetime as `reason`. */
  bw_str evidence_json;
} bw_assessment_result;

typedef struct bw_plugin_api {
  uint32_t struct_size; /* sizeof(bw_plugin_api) as the plugin was built */
  uint16_t abi_major;
  uint16_t abi_minor;
  uint64_t capabilities; /* BW_CAP_* bits */

  /* JSON describing the plugin: id, version, description, collectors, assessments, rule
   * sets. Static storage, valid while the library is loaded. */
  bw_str manifest_json;

  /* Creates an instance. `host` outlives the instance. `settings_json` is the plugin's
   * settings object from the operator's config. On failure returns non-BW_OK, sets
   * *out_instance to NULL and explains through host->log at BW_LOG_ERROR. */
  bw_status (*create)(const bw_host_api* host, bw_str settings_json, bw_plugin** out_instance);

  /* Destroys an instance made by create. NULL is ignored. */
  void (*destroy)(bw_plugin* instance);

  /* The message of the last failed call on `instance`; valid until the next call. */
  bw_str (*last_error)(bw_plugin* instance);

  /* Runs one collector named in the manifest; resources go out through host->emit_resource. */
  bw_status (*collect)(bw_plugin* instance, bw_str collector_id);

  /* Runs one assessment named in the manifest on one resource (ARM JSON with "children").
   * On BW_OK, *out holds the verdict. On any other status the kernel records an error. */
  bw_status (*assess)(bw_plugin* instance, bw_str assessment_id, bw_str resource_json,
                      bw_assessment_result* out);

  /* Runs the plugin's native detectors on a batch; alerts go out through host->emit_alerts.
   * Event keys are host->intern keys. Called with batches of any size, events in the order
   * they were read; a detector keeps whatever state it needs between batches. */
  bw_status (*detect)(bw_plugin* instance, const bw_event* events, size_t count);

  /* ---- ABI 1.1: the kernel checks struct_size before touching these. ---- */

  /* Reads one file of an event source type the manifest lists under "eventSources", from
   * position->offset to its end, and advances *position past the whole records read; events
   * go out through host->emit_events in batches, unparsable records through
   * host->skip_record. `path` names one regular file (the kernel expands folders). BW_OK when
   * the file was read, even with skipped records; an error when it could not be read.
   * The kernel reads through one instance and detects through another: while read_events
   * runs, the events it emitted may reach `detect` on the plugin's other instance, so the two
   * must not share unguarded state. */
  bw_status (*read_events)(bw_plugin* instance, bw_str source_type, bw_str path,
                           bw_read_position* position);

  /* ---- ABI 1.2: the kernel checks struct_size before touching these. ---- */

  /* Runs one CLI command the manifest lists under "commands" (`bulwark <command> args...`);
   * output goes through host->write_output. `args` excludes the command name and the host
   * options the kernel took (--config, --store, --vulndb). *exit_code is the process exit
   * code (0 ok, 1 findings, 2 usage, 3 runtime error). BW_OK when the command ran, whatever
   * its exit code. */
  bw_status (*run_command)(bw_plugin* instance, bw_str command, const bw_str* args,
                           size_t arg_count, int* exit_code);

  /* Answers a request to one of the routes the manifest lists under "httpRoutes" (by route
   * id). The kernel serialises calls on one instance. Non-BW_OK answers 500. */
  bw_status (*handle_http)(bw_plugin* instance, bw_str route_id, const bw_http_request* request,
                           bw_http_response* response);

  /* `bulwark server` only: starts the plugin's background work (its own threads), after create
   * and before the first request. BW_INVALID_ARGUMENT: the settings do not allow it (the server
   * exits with a usage error and last_error). stop_service asks it to stop and returns once every
   * thread the plugin started has stopped calling host services. */
  bw_status (*start_service)(bw_plugin* instance);
  void (*stop_service)(bw_plugin* instance);
} bw_plugin_api;

/* The entry point. Receives the kernel's ABI version so a plugin may adapt; returns the
 * plugin's static table (never freed), or NULL if the plugin cannot serve that kernel. */
typedef const bw_plugin_api* (*bw_plugin_entry_fn)(uint16_t host_abi_major,
                                                   uint16_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* BULWARK_PLUGIN_H */
