// The payload validator as a library user meets it: API names and detection, text input
// with positions, errcodes from the specs, contexts, options, bad input, threads and the
// allocation-free clean path.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <thread>

#include "payload_support.hpp"

using namespace tplguard;
using nlohmann::json;
using test_support::has_finding;
using test_support::validator;

// Counts heap allocations made by the calling thread while `counting` is set. (GCC takes
// the malloc/free pair for a mismatch with new/delete expressions: it is the replacement.)
// Sanitizer builds keep their own allocator: replacing operator new there makes ASan report
// every allocation that crosses the two as a mismatch, so the counting test is left out.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TPLGUARD_COUNT_ALLOCATIONS 0
#else
#define TPLGUARD_COUNT_ALLOCATIONS 1
#endif
#if TPLGUARD_COUNT_ALLOCATIONS
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
thread_local bool counting = false;
thread_local size_t allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace {

const char* kOpenid = "oWQ0O5DWIQvjGf9FWIZubVWMDt1w";
const char* kTemplate = "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q";

json subscribe_body() {
  return {{"touser", kOpenid},
          {"template_id", kTemplate},
          {"page", "pages/order/detail?id=5"},
          {"miniprogram_state", "formal"},
          {"lang", "zh_CN"},
          {"data",
           {{"character_string1", {{"value", "SF1234567890"}}},
            {"thing2", {{"value", "订单已发货，请注意查收"}}},
            {"time3", {{"value", "2024年1月30日 11:44"}}},
            {"amount4", {{"value", "¥88.50"}}}}}};
}

std::string detected(const json& body) {
  std::string why;
  const ApiInfo* a = validator().detect(body, &why);
  return a ? a->id : "? " + why;
}

const Finding* find(const PayloadResult& r, const std::string& rule) {
  for (const auto& f : r.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("payload: a typical subscribe body is clean", "[payload]") {
  const PayloadResult r = validator().validate(subscribe_body(), "subscribe-send");
  INFO((r.findings.empty() ? "" : r.findings[0].message_en));
  CHECK(r.ok());
  REQUIRE(r.api != nullptr);
  CHECK(r.api->id == "subscribe-send");
  CHECK(!r.detected);
  CHECK(r.findings.empty());
}

TEST_CASE("payload: APIs are named by id or by their endpoint", "[payload]") {
  CHECK(validator().apis().size() == 15);
  for (const char* name : {"subscribe-send", "subscribe/send", "/cgi-bin/message/subscribe/send",
                           "https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=TOKEN"}) {
    INFO(name);
    REQUIRE(validator().api(name) != nullptr);
    CHECK(validator().api(name)->id == "subscribe-send");
  }
  CHECK(validator().api("template/send")->id == "mp-template-send");
  CHECK(validator().api("wxopen/template/send")->id == "wxopen-template-send");
  CHECK(validator().api("uniform_send")->id == "uniform-send");
  CHECK(validator().api("nonsense") == nullptr);
  const PayloadResult r = validator().validate(subscribe_body(), "subscribe-snd");
  CHECK(!r.ok());
  CHECK(r.error.find("unknown API 'subscribe-snd' (did you mean 'subscribe-send'?)") != std::string::npos);
}

TEST_CASE("payload: --api auto tells the API from the body's shape, or says why not", "[payload][detect]") {
  json b = subscribe_body();
  CHECK(detected(b) == "subscribe-send");  // miniprogram_state is subscribe-send's own
  b.erase("miniprogram_state");
  b.erase("lang");
  CHECK(detected(b) == "subscribe-send");  // page: the official-account API has none
  b.erase("page");
  CHECK(detected(b) == "? the body fits mp-template-send and subscribe-send; pass --api to say which");
  b["form_id"] = "0b2c8f1e9a7d4c3b2a1f0e9d8c7b6a5f";
  CHECK(detected(b) == "wxopen-template-send");
  CHECK(detected({{"touser", kOpenid}, {"templateId", kTemplate}, {"data", json::object()}}) == "cloud-subscribe-send");
  CHECK(detected({{"touser", kOpenid}, {"weapp_template_msg", json::object()}}) == "uniform-send");
  CHECK(detected({{"touser", kOpenid}, {"template_id", kTemplate}, {"url", "https://a.b"}, {"data", json::object()}}) ==
        "mp-template-send");
  // keyword1 and first are no subscribe keys: an official-account body
  CHECK(detected({{"touser", kOpenid}, {"template_id", kTemplate}, {"data", {{"first", {{"value", "a"}}}}}}) ==
        "mp-template-send");
  CHECK(detected({{"offset", 0}, {"count", 5}}) == "? the body fits library-list and template-list; pass --api to say which");
  CHECK(detected({{"id", "AT0002"}, {"keyword_id_list", {3, 4}}}) == "template-add");
  CHECK(detected({{"id", "AT0002"}}) == "library-get");
  CHECK(detected({{"template_id", kTemplate}}) == "template-del");
  CHECK(detected({{"priTmplId", kTemplate}}) == "subscribe-del");
  CHECK(detected({{"tid", "401"}, {"kidList", {1, 2}}}) == "subscribe-add");
  CHECK(detected({{"tid", "401"}}) == "subscribe-pub-keywords");
  CHECK(detected({{"ids", "612"}, {"start", 0}, {"limit", 10}}) == "subscribe-pub-titles");
  // A typo does not defeat detection: the cloud call's templateId still names it.
  CHECK(detected({{"toUser", kOpenid}, {"templateId", kTemplate}, {"page", "index"}}) == "cloud-subscribe-send");
  // Nor on the REST API: the APIs that know the most fields are told apart by the data keys...
  CHECK(detected({{"toUser", kOpenid}, {"template_id", kTemplate}, {"page", "index"}, {"data", {{"thing1", {{"value", "a"}}}}}}) ==
        "subscribe-send");
  // ...and when they cannot be, the message names the stranger and the APIs the rest fits.
  CHECK(detected({{"toUser", kOpenid}, {"template_id", kTemplate}, {"data", {{"thing1", {{"value", "a"}}}}}}) ==
        "? no API has every field of the body (none has toUser); it fits mp-template-send and subscribe-send equally well; "
        "pass --api to say which");
  CHECK(detected(json::object()).rfind("? an empty body", 0) == 0);
  CHECK(detected(json::array()).rfind("? the body is a list", 0) == 0);
  CHECK(detected({{"form_id", "x"}, {"miniprogram_state", "formal"}}).find("mixes fields of") != std::string::npos);
  CHECK(detected({{"foo", 1}}) == "? no API knows this body's fields; pass --api");

  const PayloadResult r = validator().validate({{"offset", 0}, {"count", 5}});
  CHECK(!r.ok());
  CHECK(r.api == nullptr);
  const PayloadResult d = validator().validate({{"id", "AT0002"}, {"keyword_id_list", {3, 3}}});
  REQUIRE(d.ok());
  CHECK(d.detected);
  CHECK(d.api->id == "template-add");
  CHECK(has_finding(d, "list-duplicate", "/keyword_id_list/1"));
}

TEST_CASE("payload: each finding carries the errcode WeChat would answer", "[payload][errcode]") {
  auto code_of = [](const json& body, const std::string& api, const std::string& rule, const std::string& field) {
    const PayloadResult r = validator().validate(body, api);
    for (const auto& f : r.findings)
      if (f.rule == rule && f.field == field) return f.errcode.value_or(0);
    return -1;
  };
  json b = subscribe_body();
  b.erase("touser");
  CHECK(code_of(b, "subscribe-send", "field-required", "/touser") == 40003);
  b = subscribe_body();
  b["template_id"] = "AT0002";
  CHECK(code_of(b, "subscribe-send", "template-id-library", "/template_id") == 40037);
  b = subscribe_body();
  b["page"] = "https://example.com";
  CHECK(code_of(b, "subscribe-send", "page-format", "/page") == 41030);
  b = subscribe_body();
  b["data"]["thing2"]["value"] = "EMS\n";
  CHECK(code_of(b, "subscribe-send", "value-control-char", "/data/thing2/value") == 47003);
  CHECK(code_of({{"touser", kOpenid}, {"template_id", kTemplate}, {"form_id", "FORMID"}, {"data", {{"keyword1", {{"value", "a"}}}}}},
                "wxopen-template-send", "form-id-shape", "/form_id") == 41028);
  CHECK(code_of({{"touser", kOpenid}, {"template_id", kTemplate}, {"miniprogram", {{"appid", "wx2c5a33d31b4ee88f"}, {"pagepath", "a b"}}},
                 {"data", {{"keyword1", {{"value", "a"}}}}}},
                "mp-template-send", "page-format", "/miniprogram/pagepath") == 40165);
  CHECK(code_of({{"start", 0}, {"limit", 10}}, "subscribe-pub-titles", "field-required", "/ids") == 200018);
  CHECK(code_of({{"ids", "a,b"}, {"start", 0}, {"limit", 10}}, "subscribe-pub-titles", "field-format", "/ids") == 200019);
  CHECK(code_of({{"ids", "1"}, {"start", -1}, {"limit", 10}}, "subscribe-pub-titles", "field-range", "/start") == 200016);
  CHECK(code_of({{"ids", "1"}, {"start", 0}, {"limit", 40}}, "subscribe-pub-titles", "field-range", "/limit") == 200017);
  CHECK(code_of({{"tid", "401"}, {"kidList", {1}}}, "subscribe-add", "list-size", "/kidList") == 200020);
  CHECK(code_of({{"tid", "401"}, {"kidList", {1, 2}}, {"sceneDesc", std::string(16, 'x')}}, "subscribe-add", "field-length",
                "/sceneDesc") == 200021);
  CHECK(code_of({{"tid", "abc"}, {"kidList", {1, 2}}}, "subscribe-add", "field-type", "/tid") == 200014);
  // Warnings with no known error code carry none.
  b = subscribe_body();
  b["extra"] = 1;
  CHECK(code_of(b, "subscribe-send", "field-unknown", "/extra") == 0);
}

TEST_CASE("payload: messages name what was sent", "[payload]") {
  json b = subscribe_body();
  b["data"]["thing2"] = "订单已发货";
  PayloadResult r = validator().validate(b, "subscribe-send");
  const Finding* f = find(r, "data-value-unwrapped");
  REQUIRE(f != nullptr);
  CHECK(f->message_en == "data.thing2 must be {\"value\": \"...\"}, not the value itself (a string)");
  // The wave dash 〜 is reported as itself, not as the full-width tilde ～.
  b = subscribe_body();
  b["data"]["time3"]["value"] = "15:01〜16:00";
  r = validator().validate(b, "subscribe-send");
  f = find(r, "value-fullwidth-tilde");
  REQUIRE(f != nullptr);
  CHECK(f->message_en == "data.time3.value joins a range with the full-width '〜'; WeChat only takes '~'");
  CHECK(f->message_zh.find("不能用全角“〜”") != std::string::npos);
  b["data"]["time3"]["value"] = "15:01～16:00";
  f = find(r = validator().validate(b, "subscribe-send"), "value-fullwidth-tilde");
  REQUIRE(f != nullptr);
  CHECK(f->message_en.find("full-width '～'") != std::string::npos);
  // One item, several items.
  r = validator().validate({{"tid", "401"}, {"kidList", {1}}}, "subscribe-add");
  f = find(r, "list-size");
  REQUIRE(f != nullptr);
  CHECK(f->message_en == "kidList has 1 item; 2 to 5 expected");
  CHECK(f->message_zh == "kidList 有 1 项，应为 2 到 5 项");
  r = validator().validate({{"tid", "401"}, {"kidList", {1, 2, 3, 4, 5, 6}}}, "subscribe-add");
  f = find(r, "list-size");
  REQUIRE(f != nullptr);
  CHECK(f->message_en == "kidList has 6 items; 2 to 5 expected");
}

TEST_CASE("payload: misspelt keys get a did-you-mean, in both languages", "[payload]") {
  json b = {{"toUser", kOpenid}, {"template_Id", kTemplate}, {"datas", {{"thing1", {{"value", "a"}}}}}};
  PayloadResult r = validator().validate(b, "subscribe-send");
  std::map<std::string, std::string> unknown, required;
  for (const auto& f : r.findings) {
    if (f.rule == "field-unknown") unknown[f.field] = f.message_en;
    if (f.rule == "field-required") required[f.field] = f.message_en;
  }
  CHECK(unknown["/toUser"] == "subscribe-send has no field toUser; did you mean 'touser'?");
  CHECK(unknown["/template_Id"] == "subscribe-send has no field template_Id; did you mean 'template_id'?");
  CHECK(unknown["/datas"] == "subscribe-send has no field datas; did you mean 'data'?");
  CHECK(required.size() == 3);
  for (const auto& [field, message] : required) CHECK(message.find("was given, which is not its name") != std::string::npos);
  // The cloud call's camelCase sent to the REST API: the suggestion says where it belongs.
  b = subscribe_body();
  b["templateId"] = b["template_id"];
  b.erase("template_id");
  r = validator().validate(b, "subscribe-send");
  const Finding* f = find(r, "field-unknown");
  REQUIRE(f != nullptr);
  CHECK(f->message_en ==
        "subscribe-send has no field templateId; did you mean 'template_id'? ('templateId' is a field of cloud-subscribe-send)");
  CHECK(f->message_zh.find("template_id") != std::string::npos);
  f = find(r, "field-required");
  REQUIRE(f != nullptr);
  CHECK(f->message_en == "missing required field template_id ('templateId' was given, which is not its name)");
}

TEST_CASE("payload: text input puts findings on the offending characters", "[payload][text]") {
  const std::string text =
      "{\n"
      "  \"touser\": \"oWQ0O5DWIQvjGf9FWIZubVWMDt1w\",\n"
      "  \"templateId\": \"9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q\",\n"
      "  \"data\": {\n"
      "    \"thing1\": {\"value\": \"🎉限时特价\"},\n"
      "    \"phrase2\": {\"value\": \"已EMS\"}\n"
      "  }\n"
      "}\n";
  PayloadOptions o;
  o.path = "body.json";
  o.index = 7;
  const PayloadResult r = validator().validate_text(text, "subscribe-send", o);
  REQUIRE(r.ok());
  const Finding* unknown = find(r, "field-unknown");
  REQUIRE(unknown != nullptr);
  CHECK(unknown->location.file == "body.json");
  CHECK(unknown->index == 7);
  CHECK(unknown->location.begin.line == 3);
  CHECK(unknown->location.begin.column == 4);  // the key itself, after its quote
  CHECK(unknown->location.end.column == 14);
  const Finding* missing = find(r, "field-required");
  REQUIRE(missing != nullptr);
  CHECK(missing->field == "/template_id");
  CHECK(missing->location.begin.line == 1);  // the object it is missing from
  const Finding* marketing = find(r, "value-marketing");
  REQUIRE(marketing != nullptr);
  CHECK(marketing->location.begin.line == 5);
  // `    "thing1": {"value": "` is 25 code points; 🎉 and 限时 come before 特价.
  CHECK(marketing->location.begin.column == 29);
  CHECK(marketing->location.begin.column_utf16 == 30);  // 🎉 is two UTF-16 units
  CHECK(marketing->location.end.column == 31);
  CHECK(marketing->value_begin == 3);
  CHECK(marketing->value_end == 5);
  const Finding* phrase = find(r, "value-format");
  REQUIRE(phrase != nullptr);
  CHECK(phrase->location.begin.line == 6);
  CHECK(phrase->location.begin.column == 28);
  CHECK(phrase->location.end.column == 31);
  // Sorted by position.
  for (size_t i = 1; i < r.findings.size(); ++i)
    CHECK(r.findings[i - 1].location.byte_begin <= r.findings[i].location.byte_begin);

  // A parsed body has field paths but no positions.
  const PayloadResult p = validator().validate(json::parse(text), "subscribe-send");
  REQUIRE(find(p, "value-format") != nullptr);
  CHECK(find(p, "value-format")->field == "/data/phrase2/value");
  CHECK(find(p, "value-format")->location.begin.line == 0);
}

TEST_CASE("payload: bad text is an error with its line and column, never a crash", "[payload][text]") {
  PayloadResult r = validator().validate_text("{\n  \"touser\": \"a\",\n  \"data\": {,}\n}", "subscribe-send");
  CHECK(!r.ok());
  CHECK(r.error.rfind("malformed JSON", 0) == 0);
  CHECK(r.error_location.begin.line == 3);
  CHECK(r.findings.empty());
  r = validator().validate_text("{\"touser\": \"\xff\"}", "subscribe-send");
  CHECK(r.error == "invalid UTF-8 (byte 0xFF)");
  CHECK(r.error_location.begin.column == 13);
  r = validator().validate_text("  \n", "subscribe-send");
  CHECK(r.error.rfind("empty input", 0) == 0);
  r = validator().validate_text(std::string(100000, '[') + std::string(100000, ']'), "subscribe-send");
  CHECK(r.error.find("nesting deeper than") != std::string::npos);
  r = validator().validate_text("\xEF\xBB\xBF{\"offset\": 0, \"count\": 5}", "library-list");
  CHECK(r.ok());
  CHECK(r.findings.empty());
  // Not an object: a finding, the API being known.
  r = validator().validate_text("[1, 2]", "library-list");
  CHECK(r.ok());
  CHECK(has_finding(r, "field-type", ""));
}

TEST_CASE("payload: odd parsed bodies are findings, not crashes", "[payload]") {
  json b = subscribe_body();
  b["data"]["thing2"]["value"] = std::string("bad \xff utf-8");
  PayloadResult r = validator().validate(b, "subscribe-send");
  CHECK(r.ok());
  CHECK(has_finding(r, "value-format", "/data/thing2/value"));
  b = subscribe_body();
  b["data"]["a/b~c"] = {{"value", "x"}};
  r = validator().validate(b, "subscribe-send");
  CHECK(has_finding(r, "data-key-malformed", "/data/a~1b~0c"));
  // Deep nesting in an unknown field, a huge data object.
  json deep = json::array();
  for (int i = 0; i < 5000; ++i) deep = json::array({deep});
  b = subscribe_body();
  b["deep"] = deep;
  for (int i = 0; i < 20000; ++i) b["data"]["thing" + std::to_string(i + 10)] = {{"value", "值"}};
  r = validator().validate(b, "subscribe-send");
  CHECK(r.ok());
  CHECK(has_finding(r, "field-unknown", "/deep"));
  CHECK(test_support::errors_of(r) == 0);
}

TEST_CASE("payload: select and ignore keep or drop rules", "[payload]") {
  json b = subscribe_body();
  b["touser"] = "OPENID";
  b["data"]["thing2"]["value"] = "";
  PayloadOptions o;
  CHECK(validator().validate(b, "subscribe-send", o).findings.size() == 2);
  o.select = {"openid-shape"};
  PayloadResult r = validator().validate(b, "subscribe-send", o);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "openid-shape");
  o.select.clear();
  o.ignore = {"openid-shape", "value-empty"};
  CHECK(validator().validate(b, "subscribe-send", o).findings.empty());
}

TEST_CASE("payload: --api auto with the account's templates: the answer listing the id decides", "[payload][detect][context]") {
  // Without context this body fits the official account's send and the subscribe send.
  const json body = {{"touser", kOpenid}, {"template_id", kTemplate}, {"data", {{"thing1", {{"value", "a"}}}}}};
  REQUIRE(detected(body).rfind("? the body fits mp-template-send and subscribe-send", 0) == 0);
  auto detect_with = [&](const std::string& templates) {
    PayloadContext c;
    c.add_templates_text(templates, "templates.json");
    std::string why;
    const ApiInfo* a = PayloadValidator::create(test_support::engine(), c)->detect(body, &why);
    return a ? a->id : "? " + why;
  };
  const std::string tpl = std::string(R"({"priTmplId": ")") + kTemplate + R"(", "template_id": ")" + kTemplate +
                          R"(", "title": "发货通知", "content": "物品:{{thing1.DATA}}\n"})";
  CHECK(detect_with(R"({"errcode": 0, "data": [)" + tpl + "]}") == "subscribe-send");            // gettemplate
  CHECK(detect_with(R"({"template_list": [)" + tpl + "]}") == "mp-template-send");              // the official account's
  // A bare list says no answer (unless its ids are priTmplId, which only subscribe templates
  // have), and a template id the answer does not list decides nothing.
  CHECK(detect_with("[" + tpl + "]").rfind("? the body fits mp-template-send and subscribe-send", 0) == 0);
  CHECK(detect_with(std::string(R"([{"priTmplId": ")") + kTemplate + R"(", "content": "{{thing1.DATA}}"}])") ==
        "subscribe-send");
  std::string other = tpl;
  other.replace(other.find(kTemplate), std::string(kTemplate).size(), "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc");
  other.replace(other.find(kTemplate), std::string(kTemplate).size(), "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc");
  CHECK(detect_with(R"({"errcode": 0, "data": [)" + other + "]}").rfind("? the body fits", 0) == 0);
  // Validation detects the same way.
  PayloadContext c;
  c.add_templates_text(R"({"errcode": 0, "data": [)" + tpl + "]}", "gettemplate.json");
  const PayloadResult r = PayloadValidator::create(test_support::engine(), c)->validate(body);
  REQUIRE(r.ok());
  CHECK(r.detected);
  CHECK(r.api->id == "subscribe-send");
}

TEST_CASE("payload: a context checks pages, template ids, data keys and enum values", "[payload][context]") {
  PayloadContext c;
  c.add_app_json_text(R"({"pages": ["pages/index/index", "/pages/order/detail"],
                          "subPackages": [{"root": "pkg", "pages": ["a/b"]}]})");
  c.add_templates_text(R"({"errcode": 0, "errmsg": "ok", "data": [
      {"priTmplId": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q", "title": "发货通知",
       "content": "单号:{{character_string1.DATA}}\n物品:{{thing2.DATA}}\n时间:{{time3.DATA}}\n金额:{{amount4.DATA}}\n",
       "example": "", "type": 2}]})",
                       "gettemplate.json");
  CHECK(c.page_count() == 3);
  CHECK(c.template_count() == 1);
  const auto v = PayloadValidator::create(test_support::engine(), c);
  CHECK(v->validate(subscribe_body(), "subscribe-send").findings.empty());
  json b = subscribe_body();
  b["page"] = "pages/order/detial?id=5";
  PayloadResult r = v->validate(b, "subscribe-send");
  REQUIRE(has_finding(r, "page-not-found", "/page"));
  CHECK(find(r, "page-not-found")->message_en.find("did you mean 'pages/order/detail'?") != std::string::npos);
  b["page"] = "/pkg/a/b";
  CHECK(v->validate(b, "subscribe-send").findings.empty());
  b = subscribe_body();
  b["template_id"] = "wDYzYZVxobJivW9oMpSCpuvACOfJXQIoKUm0PY397Tc";
  CHECK(has_finding(v->validate(b, "subscribe-send"), "template-id-unknown", "/template_id"));
  b = subscribe_body();
  b["data"].erase("time3");
  b["data"]["time03"] = {{"value", "15:01"}};
  r = v->validate(b, "subscribe-send");
  CHECK(has_finding(r, "data-key-missing", "/data/time3"));
  CHECK(has_finding(r, "data-key-extra", "/data/time03"));
  // The validator without context does not know.
  CHECK(!has_finding(validator().validate(b, "subscribe-send"), "data-key-missing"));
  // with_context shares the rules.
  CHECK(has_finding(validator().with_context(c)->validate(b, "subscribe-send"), "data-key-extra"));
}

TEST_CASE("payload: a key the template enumerates is checked against its list, not its type", "[payload][context]") {
  // The corpus' line 9 sent phrase3 "EMS" (a phrase takes only Chinese): right if the
  // template lists it, and then only the list decides.
  PayloadContext c;
  c.add_templates_text(std::string(R"({"errcode": 0, "data": [{"priTmplId": ")") + kTemplate +
                       R"(", "content": "快递公司:{{phrase3.DATA}}\n", "keywordEnumValueList":
                          [{"keywordCode": "phrase3.DATA", "enumValueList": ["EMS", "顺丰"]}]}]})");
  const auto v = PayloadValidator::create(test_support::engine(), c);
  json b = {{"touser", kOpenid}, {"template_id", kTemplate}, {"data", {{"phrase3", {{"value", "EMS"}}}}}};
  CHECK(v->validate(b, "subscribe-send").findings.empty());
  CHECK(has_finding(validator().validate(b, "subscribe-send"), "value-format", "/data/phrase3/value"));
  b["data"]["phrase3"]["value"] = "中通";
  PayloadResult r = v->validate(b, "subscribe-send");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "value-enum");
  CHECK(r.findings[0].message_en == "data.phrase3.value is '中通', not one of the template's values (EMS, 顺丰)");
  // With value-enum off, the list is not used: the type's own rule applies again.
  PayloadOptions o;
  o.ignore = {"value-enum"};
  b["data"]["phrase3"]["value"] = "EMS";
  CHECK(has_finding(v->validate(b, "subscribe-send", o), "value-format", "/data/phrase3/value"));
}

TEST_CASE("payload: context files are read strictly, naming file, line and column", "[payload][context]") {
  PayloadContext c;
  auto message = [&](auto&& f) -> std::string {
    try {
      f();
    } catch (const ContextError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(message([&] { c.add_app_json_text("{\"pages\": [1]}", "app.json"); }) == "app.json:1:12: a page must be a string");
  CHECK(message([&] { c.add_app_json_text("{\"pages\": [\n", "app.json"); }).rfind("app.json:2:", 0) == 0);
  CHECK(message([&] { c.add_app_json_text("{}", "app.json"); }) == "app.json:1:1: app.json has no `pages`");
  CHECK(message([&] { c.add_templates_text("{\"errcode\": 40001, \"errmsg\": \"x\"}", "t.json"); }) ==
        "t.json:1:13: the saved answer is an error (errcode 40001)");
  CHECK(message([&] { c.add_templates_text("[{\"title\": \"x\"}]", "t.json"); }) ==
        "t.json:1:2: a template has no template_id (or priTmplId)");
  CHECK(message([&] { c.load_app_json("/nonexistent/app.json"); }).rfind("/nonexistent/app.json: cannot read", 0) == 0);
  CHECK(c.page_count() == 0);  // nothing half-loaded
  // Accepted shapes: template/list, gettemplate, get_all_private_template, a bare list, JSONL.
  c.add_templates_text(R"({"list": [{"template_id": "a", "content": "{{keyword1.DATA}}"}]})");
  c.add_templates_text(R"({"template_list": [{"template_id": "b", "content": "{{thing1.DATA}}"}]})");
  c.add_templates_text(R"([{"priTmplId": "c", "content": "{{thing1.DATA}}"}])");
  c.add_templates_text("{\"priTmplId\": \"d\", \"content\": \"x\"}\n\n{\"priTmplId\": \"e\", \"content\": \"x\"}\n", "t.jsonl");
  CHECK(c.template_count() == 5);
}

TEST_CASE("payload: one validator serves many threads at once", "[payload][threads][concurrency]") {
  // With a context, so the lookups in app.json pages and the template catalogue run
  // concurrently too.
  PayloadContext c;
  c.add_app_json_text(R"({"pages": ["pages/order/detail"]})");
  c.add_templates_text(R"({"errcode": 0, "data": [{"priTmplId": "9e6r8P2-jmGAYHfmcCetaMuCVD3K7w8KFkAQNGwxs7Q",
      "content": "单号:{{character_string1.DATA}}\n物品:{{thing2.DATA}}\n时间:{{time3.DATA}}\n金额:{{amount4.DATA}}\n状态:{{enum5.DATA}}\n",
      "keywordEnumValueList": [{"keywordCode": "enum5.DATA", "enumValueList": ["已发货"]}]}]})");
  const auto shared = PayloadValidator::create(test_support::engine(), c);
  const PayloadValidator& v = *shared;
  std::vector<json> bodies;
  bodies.push_back(subscribe_body());
  bodies.back()["data"]["enum5"] = {{"value", "已发货"}};
  json bad = subscribe_body();
  bad["data"]["thing2"]["value"] = "限时特价\n新品上架，送你优惠券和红包，快来抢购吧";
  bad["touser"] = "";
  bodies.push_back(bad);
  bodies.push_back(json::parse(R"({"touser": "OPENID", "template_id": "AT0002", "form_id": "the formId is a mock one",
      "data": {"keyword1": {"value": "a"}}, "emphasis_keyword": "keyword9.DATA"})"));
  json context_bad = subscribe_body();
  context_bad["page"] = "pages/order/detial";
  context_bad["data"]["enum5"] = {{"value", "已取消"}};
  context_bad["data"]["thing9"] = {{"value", "x"}};
  bodies.push_back(context_bad);
  std::vector<std::vector<std::string>> expected;
  auto describe = [](const PayloadResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) out.push_back(f.rule + f.field + f.message_zh + std::to_string(f.location.begin.column));
    return out;
  };
  for (const auto& b : bodies) {
    expected.push_back(describe(v.validate(b)));
    expected.push_back(describe(v.validate_text(b.dump())));
  }
  std::atomic<size_t> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const size_t k = static_cast<size_t>(i + t) % bodies.size();
        if (describe(v.validate(bodies[k])) != expected[2 * k]) ++mismatches;
        if (describe(v.validate_text(bodies[k].dump())) != expected[2 * k + 1]) ++mismatches;
      }
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
  CHECK(expected[2].size() >= 5);
  for (const char* rule : {"page-not-found", "value-enum", "data-key-extra"}) {
    INFO(rule);
    CHECK(has_finding(v.validate(context_bad), rule));
  }
}

#if TPLGUARD_COUNT_ALLOCATIONS
TEST_CASE("payload: a clean parsed body is validated without allocating", "[payload][alloc]") {
  const json body = subscribe_body();
  const ApiInfo* api = validator().api("subscribe-send");
  REQUIRE(api != nullptr);
  PayloadResult warm = validator().validate(body, "subscribe-send");  // grows thread-local buffers
  REQUIRE(warm.findings.empty());
  allocations = 0;
  counting = true;
  PayloadResult r = validator().validate(body, "subscribe-send");
  counting = false;
  CHECK(r.findings.empty());
  CHECK(allocations == 0);
  // The counter does count: a finding allocates its messages.
  json bad = body;
  bad["touser"] = "";
  allocations = 0;
  counting = true;
  PayloadResult b = validator().validate(bad, "subscribe-send");
  counting = false;
  CHECK(!b.findings.empty());
  CHECK(allocations > 0);
}
#endif
