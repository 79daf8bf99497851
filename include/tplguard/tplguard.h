/* tplguard's C API: validate WeChat message request bodies from C or any language with a C
 * FFI. Build an engine once, then validate from any thread; no C++ exception crosses this
 * interface. Strings are UTF-8.
 *
 *   char* error = NULL;
 *   tplguard_engine* engine = tplguard_engine_new(NULL, &error);   // the shipped rules
 *   char* findings = NULL;
 *   int status = tplguard_validate(engine, "subscribe-send", body, strlen(body), &findings);
 *   // status 0: no error-level finding, 1: error-level findings, 2: bad input
 *   tplguard_free(findings);
 *   tplguard_engine_free(engine);
 *
 * The contract:
 *  - Ownership. Every char* the library returns (through a return value or an out
 *    parameter) is a new allocation that the caller owns and frees with tplguard_free,
 *    exactly once; it stays valid after the engine is freed. An engine from
 *    tplguard_engine_new is freed with tplguard_engine_free, exactly once. The const char*
 *    of tplguard_version is static: never free it. Strings and options passed in are only
 *    read during the call and never kept: the caller may free them when the call returns.
 *  - NULL. tplguard_free(NULL) and tplguard_engine_free(NULL) do nothing. A NULL options is
 *    the defaults and a NULL field of options is that field's default; a NULL `error` or
 *    `findings_json` means "not wanted"; a NULL `api` is "auto". A NULL engine makes
 *    tplguard_validate return TPLGUARD_FAILED and tplguard_apis return NULL. `json` may be
 *    NULL only with `length` 0 (an empty body: TPLGUARD_BAD_INPUT).
 *  - Out parameters are set on every call, success or not: *error and *findings_json are
 *    NULL unless the function put a string there.
 *  - Bodies are `length` bytes, need not end in NUL and may hold any bytes: invalid UTF-8,
 *    NUL bytes, malformed or deeply nested JSON are TPLGUARD_BAD_INPUT with a message, never
 *    a crash.
 *  - Threads. An engine is immutable: any number of threads may call tplguard_validate and
 *    tplguard_apis on it at once. Freeing it while another thread still uses it is
 *    undefined.
 *  - Undefined, as with malloc and free: freeing anything twice, using an engine after
 *    tplguard_engine_free, passing tplguard_free a pointer the library did not return (an
 *    engine among them) or tplguard_engine_free one that is not an engine, and a `json`
 *    pointer with fewer than `length` readable bytes. The library cannot detect these.
 */
#ifndef TPLGUARD_TPLGUARD_H
#define TPLGUARD_TPLGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tplguard_engine tplguard_engine;

typedef struct tplguard_options {
  const char* rules_dir;         /* rule pack directory; NULL: the shipped rules */
  const char* app_json;          /* the mini program's app.json; NULL: pages not checked */
  const char* const* templates;  /* NULL-terminated list of saved template-list answers, or NULL */
  const char* lang;              /* "zh" or "en": the language of each finding's "message"; NULL: en */
} tplguard_options;

/* Exit-status-like results of tplguard_validate. */
enum {
  TPLGUARD_CLEAN = 0,         /* no error-level finding */
  TPLGUARD_FINDINGS = 1,      /* at least one error-level finding */
  TPLGUARD_BAD_INPUT = 2,     /* malformed JSON, invalid UTF-8, unknown or undetectable API */
  TPLGUARD_FAILED = -1        /* bad arguments or out of memory: nothing was validated */
};

/* Loads the rule pack and the context files. Returns NULL on failure and, when `error` is
 * not NULL, sets *error to a message naming the file and line (free it with tplguard_free;
 * NULL when the engine was made, or when even the message could not be allocated). */
tplguard_engine* tplguard_engine_new(const tplguard_options* options, char** error);

/* Frees an engine; NULL does nothing. */
void tplguard_engine_free(tplguard_engine* engine);

/* Validates `length` bytes of JSON text as a request body for `api` (an API id such as
 * "subscribe-send", one of its names such as "subscribe/send", or NULL / "auto" to tell it
 * from the body). Sets *findings_json (when not NULL) to the JSON report of
 * `tplguard check --format json` for this one body:
 *   {"findings": [...], "input_errors": [...],
 *    "payloads": [{"file": "", "index": 0, "line": 1, "api": "subscribe-send" | null,
 *                  "detected": bool}], "summary": {...}}
 * Returns TPLGUARD_FAILED, with *findings_json NULL, when the arguments are unusable or
 * memory ran out. Thread-safe. */
int tplguard_validate(const tplguard_engine* engine, const char* api, const char* json, size_t length,
                      char** findings_json);

/* The API ids the engine knows, as a JSON array of strings (free it with tplguard_free);
 * NULL for a NULL engine or when memory ran out. */
char* tplguard_apis(const tplguard_engine* engine);

/* Frees a string the library returned; NULL does nothing. */
void tplguard_free(void* p);

/* The library's version, e.g. "0.1.0": static, never NULL, never freed. */
const char* tplguard_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TPLGUARD_TPLGUARD_H */
