// The corpus must come out right: real approved templates raise no error under their kind's
// profile, labelled bad templates raise their rules, labelled similar pairs are decided right.
#include "yaml/yaml.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "io/template_reader.hpp"
#include "support.hpp"

using namespace tplguard;
using test_support::engine;

namespace {
const std::string kCorpus = std::string(TPLGUARD_SOURCE_DIR) + "/corpus";
}

TEST_CASE("real approved templates raise no error under their kind's profile", "[corpus]") {
  const std::string path = kCorpus + "/real/templates.jsonl";
  io::ReadResult r = io::read_templates_file(path);
  REQUIRE(r.errors.empty());
  std::vector<nlohmann::json> rows;
  std::stringstream lines(test_support::read_file(path));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == r.templates.size());
  size_t approved = 0;
  LintOptions options;
  options.set_rules = false;  // the corpus repeats titles across sources: not one account
  for (const auto& t : r.templates) {
    const auto& row = rows[t.index];
    const std::string confidence = row["title_confidence"];
    if (confidence == "low" || row.value("suspect", false)) continue;
    ++approved;
    INFO(row["kind"].get<std::string>() << " " << t.title.value << " (" << row["source"].get<std::string>() << ")");
    for (const auto& f : engine().lint({t}, options)) {
      INFO(f.rule << ": " << f.message_en);
      CHECK(f.level != Level::error);
    }
  }
  CHECK(approved >= 100);
}

TEST_CASE("labelled bad templates raise the rules they are labelled with, in every profile", "[corpus]") {
  size_t checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus + "/bad")) {
    const std::string path = entry.path().string();
    io::ReadResult r = io::read_templates_file(path);
    REQUIRE(r.errors.empty());
    yaml::Node doc = yaml::parse_file(path)["templates"];
    for (int p = 0; p < kProfileCount; ++p) {
      const Profile profile = static_cast<Profile>(p);
      LintOptions options;
      options.profile = profile;
      const auto findings = engine().lint(r.templates, options);
      for (const auto& t : r.templates) {
        yaml::Node labels = doc[t.index];
        if (!labels["expect"]) continue;
        if (labels["errors_in"]) {
          bool listed = false;
          for (const auto& name : labels["errors_in"]) listed |= parse_profile(name.as<std::string>()) == profile;
          if (!listed) continue;
        }
        for (const auto& rule : labels["expect"]) {
          const std::string id = rule.as<std::string>();
          INFO(path << ": " << t.title.value << " must raise " << id << " under " << to_string(profile));
          bool found = false;
          for (const auto& f : findings) found |= f.index == t.index && f.rule == id && f.level == Level::error;
          CHECK(found);
          ++checked;
        }
      }
    }
  }
  CHECK(checked >= 180);
}

namespace {

// Lints each pair as two titles (or two keywords under one title) and compares the verdict
// with the label; returns {right, total}.
std::pair<size_t, size_t> judge_pairs(const std::string& path) {
  std::stringstream lines(test_support::read_file(path));
  size_t right = 0, total = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto pair = nlohmann::json::parse(line);
    const std::string a = pair["a"], b = pair["b"];
    std::vector<Finding> fs;
    LintOptions o;
    if (pair["field"] == "title") {
      o.select = {"title-duplicate", "title-similar"};
      fs = engine().lint({test_support::make_template(a, {}, 0), test_support::make_template(b, {}, 1)}, o);
    } else {
      o.select = {"keyword-duplicate", "keyword-similar"};
      fs = engine().lint({test_support::make_template("订单发货提醒", {{{a, ""}, {b, ""}}})}, o);
    }
    const bool similar = !fs.empty();
    INFO(a << " / " << b << " labelled " << pair["similar"]);
    CHECK(similar == pair["similar"].get<bool>());
    right += similar == pair["similar"].get<bool>();
    ++total;
  }
  return {right, total};
}

}  // namespace

TEST_CASE("labelled similar pairs are decided right", "[corpus][similarity]") {
  // shared/corpus/similar-pairs.jsonl, copied as it is.
  auto [right, total] = judge_pairs(kCorpus + "/similar-pairs.jsonl");
  CHECK(total == 40);
  CHECK(right == total);
  // Pairs we labelled ourselves by the same principle, to keep the measure honest beyond
  // the shared set (contrast events, pending states, synonyms, subject prefixes).
  std::tie(right, total) = judge_pairs(kCorpus + "/similar-pairs-extra.jsonl");
  CHECK(total >= 30);
  CHECK(right == total);
  // Pairs that need meaning: synonyms, word order, qualifiers and events a synonym must not
  // merge (labelled by a reviewer's judgement; 35 of 100 were right before the thesaurus).
  std::tie(right, total) = judge_pairs(kCorpus + "/similar-pairs-meaning.jsonl");
  CHECK(total == 100);
  CHECK(right == total);
}
