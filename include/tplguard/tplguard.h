/* tplguard's C API: validate WeChat message request bodies from C or any language with a C
 * FFI. Build an engine once, then validate from any thread; no C++ exception crosses this
 * interface. Strings are UTF-8; every string the library returns is freed with tplguard_free.
 *
 *   char* error = NULL;
 *   tplguard_engine* engine = tplguard_engine_new(NULL, &error);   // the shipped rules
 *   char* findings = NULL;
 *   int status = tplguard_validate(engine, "subscribe-send", body, strlen(body), &findings);
 *   // status 0: no error-level finding, 1: error-level findings, 2: bad input
 *   tplguard_free(findings);
 *   tplguard_engine_free(engine);
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
 * not NULL, sets *error to a message naming the file and line (free it with tplguard_free). */
tplguard_engine* tplguard_engine_new(const tplguard_options* options, char** error);

void tplguard_engine_free(tplguard_engine* engine);

/* Validates `length` bytes of JSON text as a request body for `api` (an API id such as
 * "subscribe-send", one of its names such as "subscribe/send", or NULL / "auto" to tell it
 * from the body). Sets *findings_json (when not NULL) to the JSON report of
 * `tplguard check --format json` for this one body:
 *   {"findings": [...], "input_errors": [...],
 *    "payloads": [{"file": "", "index": 0, "line": 1, "api": "subscribe-send" | null,
 *                  "detected": bool}], "summary": {...}}
 * Thread-safe. */
int tplguard_validate(const tplguard_engine* engine, const char* api, const char* json, size_t length,
                      char** findings_json);

/* The API ids the engine knows, as a JSON array of strings. */
char* tplguard_apis(const tplguard_engine* engine);

void tplguard_free(void* p);

const char* tplguard_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TPLGUARD_TPLGUARD_H */
