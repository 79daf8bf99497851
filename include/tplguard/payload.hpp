#pragma once
// Payload validation: checks a send or management request body against its API's spec
// before it reaches WeChat, and names the error code WeChat would answer.
//
//   auto engine = tplguard::Engine::load();
//   tplguard::PayloadContext context;                   // optional, loaded once
//   context.load_app_json("miniprogram/app.json");
//   context.load_templates("saved-gettemplate.json");
//   auto validator = tplguard::PayloadValidator::create(*engine, std::move(context));
//   // then, from any thread:
//   tplguard::PayloadResult r = validator->validate(body, "subscribe-send");
//
// A validator is immutable and safe to call from many threads at once; it never throws on
// bad input (bad JSON, wrong types, an unknown API: PayloadResult::error says what).
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tplguard/model.hpp"

namespace tplguard {

class Engine;

// A context file that cannot be used: the message names the file, line and column.
class ContextError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What the mini program and the account look like; makes checks sharper. Without it,
// page, template_id and data keys are checked for shape only.
class PayloadContext {
 public:
  PayloadContext();
  ~PayloadContext();
  PayloadContext(const PayloadContext&);
  PayloadContext& operator=(const PayloadContext&);
  PayloadContext(PayloadContext&&) noexcept;
  PayloadContext& operator=(PayloadContext&&) noexcept;

  // The mini program's app.json: `page` must be one of its pages or subpackage pages
  // (page-not-found, 41030). Throws ContextError.
  void load_app_json(const std::string& path);
  void add_app_json_text(std::string_view text, const std::string& path = "app.json");
  // Saved answers of template/list (mini-program templates), gettemplate (subscribe
  // templates) or the official account's get_all_private_template, or a list of their
  // templates: template ids must be known (40037), data keys must be the content's (47003),
  // enum values must be listed (47003). May be called for several files. Throws ContextError.
  void load_templates(const std::string& path);
  void add_templates_text(std::string_view text, const std::string& path = "templates.json");

  size_t page_count() const;
  size_t template_count() const;

  struct Data;

 private:
  friend class PayloadValidator;
  std::shared_ptr<Data> data_;
};

// One API the validator knows (rules/apis/<id>.yaml).
struct ApiInfo {
  std::string id;                  // subscribe-send, template-add, ...
  std::string title_zh, title_en;
  std::string method, url;
  std::vector<std::string> names;  // other spellings accepted for it (subscribe/send)
  std::string doc, file;
};

struct PayloadOptions {
  std::string path;               // the file name put in findings' locations (text input)
  size_t index = 0;               // the record's position, put in findings' `index`
  std::set<std::string> select;   // only these rules (empty: all payload rules)
  std::set<std::string> ignore;   // not these rules
  std::map<std::string, Level> levels;  // per-rule level overrides (a config's `rules:`)
};

struct PayloadResult {
  const ApiInfo* api = nullptr;   // the API validated against (null when none could be)
  bool detected = false;          // the API was told from the body's shape
  std::vector<Finding> findings;  // sorted by position in the text, when known
  // Non-empty when the body could not be validated at all: malformed JSON, an unknown API
  // name, or a body whose API cannot be told from its shape. `error_location` says where.
  std::string error;
  Location error_location;
  bool ok() const { return error.empty(); }
};

class PayloadValidator {
 public:
  // The validator of an engine's rule pack (rules/apis and rules/payload), with a context.
  static std::shared_ptr<const PayloadValidator> create(const Engine& engine, PayloadContext context = {});
  ~PayloadValidator();

  const std::vector<ApiInfo>& apis() const;
  // An API by its id or one of its names (subscribe/send, /cgi-bin/message/subscribe/send).
  const ApiInfo* api(std::string_view id_or_name) const;
  // The API a body is for, told from its shape; null with `why` set when it cannot be.
  const ApiInfo* detect(const nlohmann::json& body, std::string* why = nullptr) const;

  // `api`: an API id or name, or "auto" (or empty) to tell it from the body. A parsed body
  // has no source positions, so findings carry field paths but no line and column.
  PayloadResult validate(const nlohmann::json& body, std::string_view api = "auto",
                         const PayloadOptions& options = {}) const;
  // The same on JSON text; findings carry the line and column of the offending value.
  PayloadResult validate_text(std::string_view json, std::string_view api = "auto",
                              const PayloadOptions& options = {}) const;

  // The same rules and specs, another context.
  std::shared_ptr<const PayloadValidator> with_context(PayloadContext context) const;

  struct Impl;
  const Impl& impl() const { return *impl_; }
  explicit PayloadValidator(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tplguard
