// The audit: the index join gives exactly what comparing every pair gives, clusters are
// stars, lint and audit report the same pairs, and the batches/streaming keep indexes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include "similarity/title_join.hpp"
#include "pipeline/engine_impl.hpp"
#include "rules/similarity.hpp"
#include "support.hpp"
#include "title_generator.hpp"
#include "tplguard/audit.hpp"

using namespace tplguard;

namespace {

std::shared_ptr<const Engine> shared_engine() {
  static const auto e = Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  return e;
}

std::vector<Template> titles_to_templates(const std::vector<std::string>& titles) {
  std::vector<Template> out;
  for (size_t i = 0; i < titles.size(); ++i) out.push_back(test_support::make_template(titles[i], std::nullopt, i));
  return out;
}

std::vector<std::string> generated_titles(size_t n, uint64_t seed) {
  bench::TitleGenerator gen({seed, false, TPLGUARD_SOURCE_DIR});
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(gen.next().title);
  return out;
}

struct AuditOutcome {
  std::vector<std::tuple<size_t, std::string, std::string>> set_findings;  // index, rule, related
  std::vector<Cluster> clusters;
  std::vector<Finding> template_findings;
};

AuditOutcome run_audit(const std::vector<Template>& templates, bool exhaustive, unsigned jobs = 2, size_t batch = 5000) {
  AuditOptions o;
  o.jobs = jobs;
  o.exhaustive = exhaustive;
  Auditor a(shared_engine(), o);
  AuditOutcome out;
  for (size_t b = 0; b < templates.size(); b += batch) {
    std::vector<Template> part(templates.begin() + static_cast<std::ptrdiff_t>(b),
                               templates.begin() + static_cast<std::ptrdiff_t>(std::min(templates.size(), b + batch)));
    a.add(part, out.template_findings);
  }
  a.finish();
  for (size_t i = 0; i < a.set_finding_count(); ++i) {
    const Finding f = a.set_finding(i);
    CHECK(f.index == a.set_finding_index(i));
    out.set_findings.emplace_back(f.index, f.rule, f.related);
  }
  out.clusters = a.clusters();
  return out;
}

std::string describe(const Cluster& c) {
  std::string s = c.rule + " rep=" + std::to_string(c.members[c.representative].index) + ":";
  for (const auto& m : c.members) s += " " + std::to_string(m.index) + "/" + m.title + "/" + m.reason_en;
  return s;
}

const rules::StemBuilder& title_stems() {
  for (const auto& r : shared_engine()->impl().pack.rules)
    if (auto s = r.kind->title_stems()) return *s;
  throw std::runtime_error("no title-similar rule");
}

bool similar_titles(const std::string& a, const std::string& b) {
  const auto& canon = *shared_engine()->impl().pack.canon;
  text::Canonical ca, cb;
  canon.canonicalize(a, ca);
  canon.canonicalize(b, cb);
  if (ca.key == cb.key) return false;
  rules::Stem sa, sb;
  title_stems().stem(ca, sa);
  title_stems().stem(cb, sb);
  return rules::compare_stems(sa, sb, title_stems().params()) != rules::SimilarReason::none;
}

}  // namespace

TEST_CASE("audit: the index join and comparing every pair give identical clusters on 20,000 titles", "[audit][join]") {
  const auto templates = titles_to_templates(generated_titles(20'000, 42));
  const AuditOutcome fast = run_audit(templates, false);
  const AuditOutcome every_pair = run_audit(templates, true);

  // The corpus is not trivial: many clusters, large ones, chains resolved into stars.
  size_t similar_clusters = 0, largest = 0;
  for (const auto& c : fast.clusters)
    if (c.rule == "title-similar") {
      ++similar_clusters;
      largest = std::max(largest, c.members.size());
    }
  CHECK(similar_clusters > 1000);
  CHECK(largest >= 20);
  CHECK(fast.set_findings.size() > 10'000);

  REQUIRE(fast.clusters.size() == every_pair.clusters.size());
  for (size_t i = 0; i < fast.clusters.size(); ++i) {
    INFO("cluster " << i);
    REQUIRE(describe(fast.clusters[i]) == describe(every_pair.clusters[i]));
  }
  CHECK(fast.set_findings == every_pair.set_findings);
}

namespace {

// Titles made of thesaurus words (any variant of a class), scene words, contrast members and
// qualifiers, in shuffled order: many pairs with the same words in another order, synonyms
// and a word or a qualifier more.
std::vector<std::string> thesaurus_titles(size_t n, uint32_t seed) {
  const std::string lex = std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/";
  std::vector<std::vector<std::string>> classes;
  for (const auto& kv : yaml::parse_file(lex + "synonyms.yaml")["synonyms"]) {
    std::vector<std::string> words{kv.first.as<std::string>()};
    for (const auto& v : kv.second) words.push_back(v.as<std::string>());
    if (words.size() > 1) classes.push_back(std::move(words));
  }
  std::vector<std::string> extras;
  const yaml::Node contrasts = yaml::parse_file(lex + "contrasts.yaml");
  for (const auto& g : contrasts["groups"])
    for (const auto& m : g["members"]) extras.push_back(m.as<std::string>());
  for (const auto& q : contrasts["qualifiers"]) extras.push_back(q.as<std::string>());
  const std::vector<std::string> scenes = {"订单", "会员", "课程", "门店", "酒店", "车辆", "图书", "物业", "账单", "活动"};
  // A small vocabulary, so that titles share words often.
  std::mt19937 rng(seed);
  std::shuffle(classes.begin(), classes.end(), rng);
  classes.resize(25);
  std::shuffle(extras.begin(), extras.end(), rng);
  extras.resize(12);
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string> parts;
    if (rng() % 4 != 0) parts.push_back(scenes[rng() % scenes.size()]);
    const size_t words = 1 + rng() % 2;
    for (size_t k = 0; k < words; ++k) {
      const auto& c = classes[rng() % classes.size()];
      parts.push_back(c[rng() % c.size()]);
    }
    if (rng() % 3 == 0) parts.push_back(extras[rng() % extras.size()]);
    if (rng() % 2 == 0) std::shuffle(parts.begin(), parts.end(), rng);
    if (rng() % 8 == 0) parts.insert(parts.begin() + static_cast<std::ptrdiff_t>(rng() % parts.size()), "已");
    std::string t;
    for (const auto& p : parts) t += p;
    out.push_back(t + (rng() % 2 ? "通知" : "提醒"));
  }
  return out;
}

}  // namespace

TEST_CASE("audit: the index and every pair agree on titles with synonyms and reordered words", "[audit][join]") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    const auto titles = thesaurus_titles(4'000, seed);
    const auto templates = titles_to_templates(titles);
    const AuditOutcome fast = run_audit(templates, false);
    const AuditOutcome every_pair = run_audit(templates, true);
    // Not trivial: clusters joined by reordered words and by synonyms, and by a word more.
    size_t same_words = 0, added = 0;
    for (const auto& c : fast.clusters)
      for (const auto& m : c.members) {
        same_words += m.reason_en.find("same words") != std::string::npos;
        added += m.reason_en.find("added") != std::string::npos || m.reason_en.find("without") != std::string::npos;
      }
    INFO("seed " << seed);
    CHECK(same_words > 100);
    CHECK(added > 100);
    REQUIRE(fast.clusters.size() == every_pair.clusters.size());
    for (size_t i = 0; i < fast.clusters.size(); ++i) {
      INFO("cluster " << i);
      REQUIRE(describe(fast.clusters[i]) == describe(every_pair.clusters[i]));
    }
    CHECK(fast.set_findings == every_pair.set_findings);
    // And lint's set check agrees with the audit on the same titles.
    if (seed == 1) {
      std::vector<std::tuple<size_t, std::string, std::string>> from_lint;
      for (const auto& f : shared_engine()->lint(templates))
        if (f.rule == "title-similar" || f.rule == "title-duplicate")
          from_lint.emplace_back(f.index, f.rule, f.related.substr(f.related.find(' ') + 1));
      auto from_audit = fast.set_findings;
      for (auto& [index, rule, related] : from_audit) related = related.substr(related.find(' ') + 1);
      std::sort(from_lint.begin(), from_lint.end());
      std::sort(from_audit.begin(), from_audit.end());
      CHECK(from_lint == from_audit);
    }
  }
}

TEST_CASE("audit: reordered words and synonyms cluster; a qualifier or another event stays apart", "[audit]") {
  const auto out = run_audit(
      titles_to_templates({"订单发货提醒", "发货订单通知", "订单发出提醒", "订单部分退款通知", "订单退款通知", "订单签收提醒"}),
      false);
  REQUIRE(out.clusters.size() == 1);
  std::vector<std::string> members;
  for (const auto& m : out.clusters[0].members) members.push_back(m.title);
  CHECK(members == std::vector<std::string>{"订单发货提醒", "发货订单通知", "订单发出提醒"});
}

TEST_CASE("audit: every member of a similar cluster is similar to its representative; no title is in two", "[audit]") {
  const auto titles = generated_titles(3'000, 7);
  const AuditOutcome out = run_audit(titles_to_templates(titles), false, 2, 700);
  std::map<size_t, int> seen;
  for (const auto& c : out.clusters) {
    if (c.rule != "title-similar") continue;
    REQUIRE(c.members.size() >= 2);
    const auto& rep = c.members[c.representative];
    for (const auto& m : c.members) {
      CHECK(++seen[m.index] == 1);
      CHECK(m.title == titles[m.index]);
      if (&m != &rep) CHECK(similar_titles(m.title, rep.title));
    }
  }
  // Every title reported as too similar has its canonical title in some cluster.
  const auto& canon = *shared_engine()->impl().pack.canon;
  std::map<std::u32string, size_t> first_of_key;
  for (size_t i = 0; i < titles.size(); ++i) first_of_key.emplace(canon.key_of(titles[i]), i);
  for (const auto& [index, rule, related] : out.set_findings)
    if (rule == "title-similar") CHECK(seen.count(first_of_key.at(canon.key_of(titles[index]))) == 1);
}

TEST_CASE("audit: a chain of similar titles becomes stars, not one group", "[audit]") {
  // 支付成功 ~ 订单支付成功 ~ 会员订单支付成功, but the first and last are 4 characters apart.
  {
    const auto out = run_audit(titles_to_templates({"支付成功通知", "订单支付成功通知", "会员订单支付成功通知"}), false);
    REQUIRE(out.clusters.size() == 1);
    const auto& c = out.clusters[0];
    CHECK(c.members.size() == 3);
    CHECK(c.members[c.representative].title == "订单支付成功通知");  // similar to both ends
    const auto every_pair = run_audit(titles_to_templates({"支付成功通知", "订单支付成功通知", "会员订单支付成功通知"}), true);
    CHECK(describe(every_pair.clusters[0]) == describe(c));
  }
  {
    // With a third title on the first star, the middle title moves to the last one's star.
    const std::vector<std::string> t = {"支付成功通知", "订单支付成功通知", "支付成功提醒", "会员订单支付成功通知"};
    const auto out = run_audit(titles_to_templates(t), false);
    REQUIRE(out.clusters.size() == 2);
    CHECK(describe(out.clusters[0]) == describe(run_audit(titles_to_templates(t), true).clusters[0]));
    std::map<std::string, std::vector<std::string>> stars;
    for (const auto& c : out.clusters)
      for (const auto& m : c.members) stars[c.members[c.representative].title].push_back(m.title);
    CHECK(stars["支付成功通知"] == std::vector<std::string>{"支付成功通知", "支付成功提醒"});
    CHECK(stars["会员订单支付成功通知"] == std::vector<std::string>{"订单支付成功通知", "会员订单支付成功通知"});
  }
  {
    // Contrasts stay apart; a lone title is in no cluster.
    const auto out = run_audit(titles_to_templates({"购买成功通知", "购买失败通知", "会议开始提醒"}), false);
    CHECK(out.clusters.empty());
    CHECK(out.set_findings.empty());
  }
}

TEST_CASE("audit: duplicates cluster by canonical title and name the first", "[audit]") {
  const auto out = run_audit(titles_to_templates({"购买成功通知", "订单发货提醒", "購買成功通知", "购买成功 通知"}), false);
  REQUIRE(!out.clusters.empty());
  const Cluster& dup = out.clusters[0];
  CHECK(dup.rule == "title-duplicate");
  REQUIRE(dup.members.size() == 3);
  CHECK(dup.members[0].index == 0);
  CHECK(dup.members[2].index == 3);
  size_t duplicates = 0;
  for (const auto& [index, rule, related] : out.set_findings)
    if (rule == "title-duplicate") {
      ++duplicates;
      CHECK(related.find("购买成功通知") != std::string::npos);
    }
  CHECK(duplicates == 2);
}

TEST_CASE("audit: lint's set check and the audit report the same titles against the same others", "[audit][lint]") {
  const auto titles = generated_titles(2'000, 11);
  const auto templates = titles_to_templates(titles);
  const auto linted = shared_engine()->lint(templates);
  std::vector<std::tuple<size_t, std::string, std::string>> from_lint;
  for (const auto& f : linted)
    if (f.rule == "title-similar" || f.rule == "title-duplicate") {
      // lint names the other template by "<input>" (in-memory templates have no file)
      from_lint.emplace_back(f.index, f.rule, f.related.substr(f.related.find(' ') + 1));
    }
  auto from_audit = run_audit(templates, false).set_findings;
  for (auto& [index, rule, related] : from_audit) related = related.substr(related.find(' ') + 1);
  std::sort(from_lint.begin(), from_lint.end());
  std::sort(from_audit.begin(), from_audit.end());
  CHECK(from_lint.size() > 500);
  CHECK(from_lint == from_audit);
  // And lint's result is what comparing every earlier title gives.
  size_t checked = 0;
  for (const auto& [index, rule, related] : from_lint) {
    if (rule != "title-similar" || ++checked > 200) continue;
    size_t first = titles.size();
    for (size_t i = 0; i < index && first == titles.size(); ++i)
      if (similar_titles(titles[index], titles[i])) first = i;
    CHECK(related == titles[first]);
  }
}

TEST_CASE("audit: with approved titles among proposals and repeated library records, lint, the index join and every "
          "pair agree, in small batches", "[audit][lint][join]") {
  const auto titles = generated_titles(3'000, 23);
  auto templates = titles_to_templates(titles);
  std::mt19937 rng(5);
  for (auto& t : templates)
    if (rng() % 3 == 0) t.library_id = "AT" + std::to_string(t.index);  // approved
  // Some library records listed again later (library/list, then library/get).
  const size_t n = templates.size();
  for (size_t i = 0; i < n; i += 97)
    if (!templates[i].library_id.empty()) {
      Template again = templates[i];
      again.index = templates.size();
      templates.push_back(again);
    }
  auto pairs_of = [](const std::vector<Finding>& fs) {
    std::vector<std::tuple<size_t, std::string, std::string, std::string>> out;
    for (const auto& f : fs)
      if (f.rule == "title-similar" || f.rule == "title-duplicate")
        out.emplace_back(f.index, f.rule, f.related.substr(f.related.find(' ') + 1), to_string(f.level));
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto from_lint = pairs_of(shared_engine()->lint(templates));
  auto audit_pairs = [&](bool exhaustive) {
    AuditOptions o;
    o.jobs = 2;
    o.exhaustive = exhaustive;
    Auditor a(shared_engine(), o);
    std::vector<Finding> per_template;
    for (size_t b = 0; b < templates.size(); b += 700)
      a.add(std::vector<Template>(templates.begin() + static_cast<std::ptrdiff_t>(b),
                                  templates.begin() + static_cast<std::ptrdiff_t>(std::min(templates.size(), b + 700))),
            per_template);
    a.finish();
    CHECK(a.repeats() > 5);
    std::vector<Finding> set;
    for (size_t i = 0; i < a.set_finding_count(); ++i) set.push_back(a.set_finding(i));
    return pairs_of(set);
  };
  const auto fast = audit_pairs(false);
  CHECK(from_lint.size() > 500);
  size_t capped = 0;
  for (const auto& p : from_lint) capped += std::get<3>(p) == "warning";
  CHECK(capped > 50);  // approved titles against earlier approved ones
  CHECK(from_lint == fast);
  CHECK(fast == audit_pairs(true));
}

TEST_CASE("audit: per-template rules run on every template; library repeats are one template", "[audit]") {
  std::vector<Template> t = titles_to_templates({"领红包提醒", "购买成功通知", "购买成功通知"});
  t[1].library_id = "AT0002";
  t[2].library_id = "AT0002";  // library/list then library/get: the same template twice
  t[2].keywords.emplace();
  const auto out = run_audit(t, false);
  CHECK(test_support::has_rule(out.template_findings, "title-marketing"));
  CHECK(out.set_findings.empty());  // no duplicate of itself
  CHECK(out.clusters.empty());
  size_t keyword_count = 0;
  for (const auto& f : out.template_findings) keyword_count += f.rule == "keyword-count";
  CHECK(keyword_count == 1);  // its keywords are still checked
}
