/* The C API, compiled as C: engine from a rules directory, validation of JSON text, findings
 * as JSON, contexts, and the errors a C caller can meet. Exit status 0 when all checks pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tplguard/tplguard.h"

static int failures = 0;

#define CHECK(cond)                                                   \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

static int contains(const char* haystack, const char* needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

static int validate(const tplguard_engine* e, const char* api, const char* body, char** out) {
  return tplguard_validate(e, api, body, strlen(body), out);
}

static const char* kClean =
    "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\","
    " \"page\": \"pages/index/index\", \"data\": {\"thing1\": {\"value\": \"订单已发货\"}}}";

int main(void) {
  char* error = NULL;
  char* out = NULL;
  tplguard_options options;
  memset(&options, 0, sizeof options);
  options.rules_dir = TPLGUARD_SOURCE_DIR "/rules";

  tplguard_engine* engine = tplguard_engine_new(&options, &error);
  CHECK(engine != NULL);
  CHECK(error == NULL);
  if (engine == NULL) {
    fprintf(stderr, "%s\n", error ? error : "(no message)");
    tplguard_free(error);
    return 1;
  }
  CHECK(strlen(tplguard_version()) > 0);

  /* A clean body. */
  CHECK(validate(engine, "subscribe-send", kClean, &out) == TPLGUARD_CLEAN);
  CHECK(contains(out, "\"api\":\"subscribe-send\""));
  CHECK(contains(out, "\"findings\": []"));
  tplguard_free(out);

  /* data sent as a JSON string: 47003, on line 1. */
  const char* bad =
      "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\","
      " \"data\": \"{\\\"thing1\\\": {\\\"value\\\": \\\"x\\\"}}\"}";
  CHECK(validate(engine, "subscribe/send", bad, &out) == TPLGUARD_FINDINGS);
  CHECK(contains(out, "\"rule\":\"data-not-object\""));
  CHECK(contains(out, "\"errcode\":47003"));
  CHECK(contains(out, "\"field\":\"/data\""));
  CHECK(contains(out, "\"line\":1"));
  tplguard_free(out);

  /* The API told from the body; a finding without a findings pointer. */
  CHECK(validate(engine, NULL, "{\"id\": \"AT0002\", \"keyword_id_list\": [3, 4, 5]}", &out) == TPLGUARD_CLEAN);
  CHECK(contains(out, "\"api\":\"template-add\""));
  CHECK(contains(out, "\"detected\":true"));
  tplguard_free(out);
  CHECK(validate(engine, "auto", "{\"offset\": 0, \"count\": 50}", NULL) == TPLGUARD_BAD_INPUT); /* ambiguous */
  CHECK(validate(engine, "template-list", "{\"offset\": 0, \"count\": 50}", NULL) == TPLGUARD_FINDINGS);

  /* Bad input: malformed JSON, invalid UTF-8, an unknown API; never a crash. */
  CHECK(validate(engine, "subscribe-send", "{\"touser\": ", &out) == TPLGUARD_BAD_INPUT);
  CHECK(contains(out, "malformed JSON"));
  tplguard_free(out);
  CHECK(validate(engine, "subscribe-send", "{\"touser\": \"\xff\"}", &out) == TPLGUARD_BAD_INPUT);
  CHECK(contains(out, "invalid UTF-8"));
  tplguard_free(out);
  CHECK(validate(engine, "no-such-api", kClean, &out) == TPLGUARD_BAD_INPUT);
  CHECK(contains(out, "unknown API"));
  tplguard_free(out);
  CHECK(tplguard_validate(engine, "subscribe-send", "{}", 0, &out) == TPLGUARD_BAD_INPUT); /* empty input */
  tplguard_free(out);
  CHECK(tplguard_validate(NULL, "subscribe-send", kClean, strlen(kClean), &out) == TPLGUARD_FAILED);
  CHECK(out == NULL);
  CHECK(tplguard_validate(engine, "subscribe-send", NULL, 5, &out) == TPLGUARD_FAILED);

  /* The header's contract on NULL: each of these is allowed and does what it says. */
  tplguard_free(NULL);
  tplguard_engine_free(NULL);
  CHECK(tplguard_apis(NULL) == NULL);
  out = (char*)1; /* an out parameter is set on every call */
  CHECK(tplguard_validate(engine, NULL, NULL, 0, &out) == TPLGUARD_BAD_INPUT);
  CHECK(contains(out, "input_errors"));
  tplguard_free(out);
  out = (char*)1;
  CHECK(tplguard_validate(NULL, NULL, NULL, 0, &out) == TPLGUARD_FAILED);
  CHECK(out == NULL);
  CHECK(tplguard_validate(engine, "subscribe-send", "{\"a\":\"\0\"}", 9, NULL) == TPLGUARD_BAD_INPUT); /* a raw NUL */
  CHECK(tplguard_version() != NULL && strlen(tplguard_version()) > 0);

  char* apis = tplguard_apis(engine);
  CHECK(contains(apis, "\"subscribe-send\""));
  CHECK(contains(apis, "\"subscribe-pub-titles\""));
  out = NULL;
  CHECK(validate(engine, "subscribe-send", kClean, &out) == TPLGUARD_CLEAN);
  tplguard_engine_free(engine);
  /* What the library returned outlives the engine. */
  CHECK(contains(apis, "\"subscribe-send\""));
  CHECK(contains(out, "\"findings\""));
  tplguard_free(apis);
  tplguard_free(out);

  /* A context: the page must be one of app.json's pages; messages in Chinese. */
  const char* app_json = "c_api_test_app.json";
  FILE* f = fopen(app_json, "w");
  CHECK(f != NULL);
  if (f != NULL) {
    fputs("{\"pages\": [\"pages/index/index\"]}", f);
    fclose(f);
  }
  options.app_json = app_json;
  options.lang = "zh";
  engine = tplguard_engine_new(&options, &error);
  CHECK(engine != NULL);
  if (engine != NULL) {
    const char* elsewhere =
        "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\","
        " \"page\": \"pages/gone/gone\", \"data\": {\"thing1\": {\"value\": \"订单已发货\"}}}";
    CHECK(validate(engine, "subscribe-send", elsewhere, &out) == TPLGUARD_FINDINGS);
    CHECK(contains(out, "\"rule\":\"page-not-found\""));
    CHECK(contains(out, "\"errcode\":41030"));
    CHECK(contains(out, "不是小程序的页面"));
    tplguard_free(out);
    CHECK(validate(engine, "subscribe-send", kClean, NULL) == TPLGUARD_CLEAN);
    tplguard_engine_free(engine);
  }
  remove(app_json);

  /* Saved template lists (a NULL-terminated list): an unknown template id is 40037, a key
   * the template does not have 47003. */
  {
    const char* templates_file = "c_api_test_templates.json";
    const char* templates[] = {templates_file, NULL};
    f = fopen(templates_file, "w");
    CHECK(f != NULL);
    if (f != NULL) {
      fputs("{\"errcode\": 0, \"data\": [{\"priTmplId\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\","
            " \"content\": \"物品:{{thing1.DATA}}\\n\"}]}", f);
      fclose(f);
    }
    options.app_json = NULL;
    options.lang = NULL;
    options.templates = templates;
    engine = tplguard_engine_new(&options, &error);
    CHECK(engine != NULL);
    if (engine != NULL) {
      CHECK(validate(engine, "subscribe-send", kClean, NULL) == TPLGUARD_CLEAN);
      const char* other =
          "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc\","
          " \"data\": {\"thing1\": {\"value\": \"订单已发货\"}, \"thing2\": {\"value\": \"书\"}}}";
      CHECK(validate(engine, "subscribe-send", other, &out) == TPLGUARD_FINDINGS);
      CHECK(contains(out, "\"rule\":\"template-id-unknown\""));
      CHECK(contains(out, "\"errcode\":40037"));
      tplguard_free(out);
      const char* extra =
          "{\"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\", \"template_id\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\","
          " \"data\": {\"thing1\": {\"value\": \"订单已发货\"}, \"thing2\": {\"value\": \"书\"}}}";
      CHECK(validate(engine, "subscribe-send", extra, &out) == TPLGUARD_FINDINGS);
      CHECK(contains(out, "\"rule\":\"data-key-extra\""));
      CHECK(contains(out, "\"errcode\":47003"));
      tplguard_free(out);
      tplguard_engine_free(engine);
    }
    remove(templates_file);
    options.templates = NULL;
  }

  /* Errors at creation: a missing rules directory, a broken context file. */
  options.app_json = NULL;
  options.rules_dir = "/nonexistent/rules";
  CHECK(tplguard_engine_new(&options, &error) == NULL);
  CHECK(contains(error, "/nonexistent/rules"));
  tplguard_free(error);
  options.rules_dir = NULL;
  options.app_json = "/nonexistent/app.json";
  CHECK(tplguard_engine_new(&options, &error) == NULL);
  CHECK(contains(error, "/nonexistent/app.json: cannot read"));
  tplguard_free(error);
  CHECK(tplguard_engine_new(&options, NULL) == NULL); /* no error pointer: still no crash */
  tplguard_engine_free(NULL);

  if (failures == 0) printf("c_api_test: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
