// The engine: a compiled rule pack, immutable after load, shared by every thread. Its lint()
// is the pipeline's pass (lint_pass.cpp) with fingerprint ordinals and silenced findings
// dropped.
#include <filesystem>

#include "payload/validator.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/rule_pack.hpp"
#include "tplguard/tplguard.hpp"

namespace tplguard {

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

std::shared_ptr<const Engine> Engine::from_impl(std::unique_ptr<Impl> impl) {
  return std::shared_ptr<const Engine>(new Engine(std::move(impl)));
}

std::string default_rules_dir() {
  if (const char* env = std::getenv("TPLGUARD_RULES")) return env;
  return TPLGUARD_SOURCE_RULES_DIR;
}

namespace pipeline {

std::shared_ptr<const Engine> build_engine(const rules::PackSources& sources) {
  auto impl = std::make_unique<Engine::Impl>();
  try {
    impl->pack = rules::load_rule_pack(sources, kind_registry());
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    // Nothing but RulePackError leaves loading: a pack is user input too.
    throw RulePackError(sources.dir + ": " + e.what());
  }
  for (const auto& r : impl->pack.rules) {
    impl->index_of.emplace(r.info.id, impl->infos.size());
    impl->infos.push_back(r.info);
  }
  // Payload rules and API specs are compiled now, so a broken spec fails the load too.
  std::vector<const rules::CompiledRule*> payload_rules;
  for (const auto& r : impl->pack.rules)
    if (dynamic_cast<const payload::PayloadRuleKind*>(r.kind.get())) payload_rules.push_back(&r);
  try {
    impl->payload = payload::compile(impl->pack.dir, payload_rules, *impl->pack.canon);
  } catch (const RulePackError&) {
    throw;
  } catch (const std::exception& e) {
    throw RulePackError(sources.dir + "/apis: " + e.what());
  }
  return Engine::from_impl(std::move(impl));
}

}  // namespace pipeline

std::shared_ptr<const Engine> Engine::load(const EngineOptions& options) {
  rules::PackSources sources;
  sources.dir = options.rules_dir.empty() ? default_rules_dir() : options.rules_dir;
  sources.extra_dirs = options.extra_rule_dirs;
  for (const auto& [id, files] : options.extra_lexicons)
    for (const auto& f : files) sources.extra_lexicons[id].push_back({f, f});
  return pipeline::build_engine(sources);
}

const std::vector<RuleInfo>& Engine::rules() const { return impl_->infos; }

// Here rather than in payload/: the validator's compiled specs live in the engine, which the
// pipeline owns.
std::shared_ptr<const PayloadValidator> PayloadValidator::create(const Engine& engine, PayloadContext context) {
  auto impl = std::make_unique<Impl>();
  impl->compiled = engine.impl().payload;
  impl->context = std::shared_ptr<const PayloadContext::Data>(context.data_);
  return std::make_shared<const PayloadValidator>(std::move(impl));
}

const RuleInfo* Engine::rule(std::string_view id) const {
  auto it = impl_->index_of.find(std::string(id));
  return it == impl_->index_of.end() ? nullptr : &impl_->infos[it->second];
}
std::vector<Finding> Engine::lint(const std::vector<Template>& templates, const LintOptions& options,
                                  const std::vector<Template>& library) const {
  std::vector<Finding> findings = pipeline::lint_pass(*impl_, templates, options, library);
  pipeline::FingerprintOrdinals ordinals;
  for (Finding& f : findings) ordinals.number(f);
  if (!options.keep_suppressed) std::erase_if(findings, [](const Finding& f) { return f.suppressed.has_value(); });
  return findings;
}

}  // namespace tplguard
