// tplguard-word-break-compare: jieba's dictionary (the segmenter of src/text/segmenter.hpp)
// against ICU's dictionary-based word break iterator, on the question the lexicon rules ask:
// is a term found in a key a whole word there (恭喜中奖) or characters of two other words
// (集中|奖励)? Figures and how to read them: docs/benchmarks.md, "Word boundaries".
//
//   tplguard-word-break-compare [--source DIR] [--labels] [--keys N] [--rounds R]
//
// 1. Labelled occurrences, from corpus/eval/singles.jsonl and the examples of the lexicon
//    rules (title-marketing, title-personal, keyword-personal):
//    - a case expected to raise the rule: with an `at`, the term at `at` is a word; otherwise,
//      when exactly one term occurrence is not nested in another, that one is a word (terms
//      nested in it, 券 in 代金券, and cases with several terms are skipped);
//    - a case expected to pass the rule: the occurrence is no word when the case's note marks
//      a word crossing it (高中|奖学金 against 中奖) or holding it (首发车 against 首发), or when
//      the term is one character inside a word the lexicon allows (亲 in 亲属, 券 in 证券); other
//      passing occurrences (a word in a non-marketing sense: 税收优惠, 拒收红包) are skipped.
// 2. Agreement of the two splits on the titles of corpus/real/.
// 3. Speed: the titles of corpus/real/templates.jsonl repeated to N keys, one thread.
// Exits 2 when a file is missing or unreadable.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <unicode/uvernum.h>
#include "yaml/yaml.hpp"

#include "text/canonical.hpp"
#include "text/segmenter.hpp"

namespace yaml = tplguard::yaml;

namespace {

using tplguard::text::Canonicalizer;
using tplguard::text::Dictionary;
using tplguard::text::Segmentation;
using tplguard::text::to_utf8;

struct Missing : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::filesystem::path g_root;

std::filesystem::path need(const std::string& rel) {
  const auto p = g_root / rel;
  if (!std::filesystem::is_regular_file(p)) throw Missing(p.string() + ": no such file");
  return p;
}

std::vector<nlohmann::json> read_jsonl(const std::string& rel) {
  std::ifstream in(need(rel));
  if (!in) throw Missing(rel + ": cannot be read");
  std::vector<nlohmann::json> out;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const std::exception& e) {
      throw Missing(rel + ":" + std::to_string(n) + ": " + e.what());
    }
  }
  return out;
}

yaml::Node read_yaml(const std::string& rel) {
  const auto p = need(rel);
  try {
    return yaml::parse_file(p.string());
  } catch (const std::exception& e) {
    throw Missing(p.string() + ": " + e.what());
  }
}

// ---- lexicons and rules ----------------------------------------------------------------

struct Term {
  std::u32string key;
  bool inside = false;  // `inside: true`: the linter also takes it inside a longer word
};

struct LexiconRule {
  std::string id;
  bool keyword_field = false;  // target: keyword-name (else title)
  std::vector<Term> terms;
  std::vector<std::u32string> allowed;
  uint32_t tolerance = 0;  // boundary_tolerance, thousandths of a nat (largest of the files)
};

void load_lexicon(const Canonicalizer& canon, const std::string& rel, LexiconRule& rule) {
  const yaml::Node root = read_yaml(rel);
  for (const auto& cat : root["categories"]) {
    const bool cat_inside = cat["inside"] && cat["inside"].as<bool>();
    for (const auto& t : cat["terms"]) {
      Term term;
      if (t.IsMap()) {
        term.key = canon.key_of(t["term"].as<std::string>());
        term.inside = t["inside"] ? t["inside"].as<bool>() : cat_inside;
      } else {
        term.key = canon.key_of(t.as<std::string>());
        term.inside = cat_inside;
      }
      if (term.key.empty()) continue;
      auto same = std::find_if(rule.terms.begin(), rule.terms.end(), [&](const Term& o) { return o.key == term.key; });
      if (same == rule.terms.end()) rule.terms.push_back(term);
      else same->inside = same->inside || term.inside;  // 亲 and 亲~ fold to one key
    }
  }
  for (const auto& a : root["allowed"]) rule.allowed.push_back(canon.key_of(a.as<std::string>()));
  if (root["boundary_tolerance"])
    rule.tolerance = std::max(rule.tolerance, static_cast<uint32_t>(root["boundary_tolerance"].as<double>() * 1000 + 0.5));
}

// ---- cases -----------------------------------------------------------------------------

struct Case {
  std::string id, category, title, note, at;
  std::vector<std::string> keywords;
  std::set<std::string> expect;
  std::string only_rule;  // a rule example counts for its own rule only
};

std::vector<Case> load_cases(const std::vector<LexiconRule>& rules) {
  std::vector<Case> cases;
  for (const auto& j : read_jsonl("corpus/eval/singles.jsonl")) {
    Case c;
    c.id = j.value("id", "");
    c.category = j.value("category", "");
    c.title = j.value("title", "");
    c.note = j.value("note", "");
    if (j.contains("keywords"))
      for (const auto& k : j["keywords"]) c.keywords.push_back(k.is_string() ? k.get<std::string>() : k.value("name", ""));
    for (const auto& e : j["expect"]) c.expect.insert(e.get<std::string>());
    cases.push_back(std::move(c));
  }
  for (const auto& r : rules) {
    const yaml::Node ex = read_yaml("rules/" + r.id + ".yaml")["examples"];
    for (const char* side : {"pass", "fail"}) {
      int n = 0;
      for (const auto& e : ex[side]) {
        Case c;
        c.id = r.id + "/" + side + "-" + std::to_string(++n);
        c.category = "rule-examples";
        c.only_rule = r.id;
        if (e.IsScalar()) {
          c.title = e.as<std::string>();
        } else {
          c.title = e["title"].as<std::string>("");
          c.at = e["at"].as<std::string>("");
          for (const auto& k : e["keywords"]) c.keywords.push_back(k.IsScalar() ? k.as<std::string>() : k["name"].as<std::string>(""));
        }
        if (std::strcmp(side, "fail") == 0) c.expect.insert(r.id);
        cases.push_back(std::move(c));
      }
    }
  }
  return cases;
}

// Runs of Han characters in a note ("高中|奖学金, not 中奖" -> 高中, 奖学金, 中奖).
std::vector<std::u32string> note_words(const Canonicalizer& canon, const std::string& note) {
  std::u32string cps;
  std::vector<uint32_t> byte_of;
  tplguard::text::decode_utf8(note, cps, byte_of);
  auto han = [](char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); };
  std::vector<std::u32string> out;
  for (size_t i = 0; i < cps.size();) {
    if (!han(cps[i])) { ++i; continue; }
    size_t j = i;
    while (j < cps.size() && han(cps[j])) ++j;
    out.push_back(canon.key_of(to_utf8(std::u32string_view(cps).substr(i, j - i))));
    i = j;
  }
  return out;
}

// ---- the two segmenters ----------------------------------------------------------------

// ICU's boundaries of a key, as key (code point) indices.
class IcuWords {
 public:
  IcuWords() {
    UErrorCode st = U_ZERO_ERROR;
    bi_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), st));
    if (U_FAILURE(st)) throw std::runtime_error(std::string("ICU word break iterator: ") + u_errorName(st));
  }
  ~IcuWords() { utext_close(ut_); }
  static void to_utf16(std::u32string_view key, std::u16string& out) {
    out.clear();
    for (char32_t c : key) {
      if (c < 0x10000) {
        out.push_back(static_cast<char16_t>(c));
      } else {
        out.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
        out.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      }
    }
  }
  void set(const std::u16string& s) {
    UErrorCode st = U_ZERO_ERROR;
    ut_ = utext_openUChars(ut_, s.data(), static_cast<int64_t>(s.size()), &st);
    bi_->setText(ut_, st);
    if (U_FAILURE(st)) throw std::runtime_error(std::string("ICU setText: ") + u_errorName(st));
  }
  icu::BreakIterator& it() { return *bi_; }
  // Flags per key index (size key.size() + 1): a word boundary of ICU's there.
  std::vector<uint8_t> boundaries(std::u32string_view key) {
    to_utf16(key, u16_);
    std::vector<int32_t> key_at(u16_.size() + 1, -1);
    for (size_t i = 0, u = 0; i <= key.size(); ++i) {
      key_at[u] = static_cast<int32_t>(i);
      if (i < key.size()) u += key[i] < 0x10000 ? 1 : 2;
    }
    set(u16_);
    std::vector<uint8_t> at(key.size() + 1, 0);
    for (int32_t p = bi_->first(); p != icu::BreakIterator::DONE; p = bi_->next()) {
      if (key_at[p] < 0) throw std::runtime_error("ICU broke inside a surrogate pair");
      at[key_at[p]] = 1;
    }
    return at;
  }

 private:
  std::unique_ptr<icu::BreakIterator> bi_;
  UText* ut_ = nullptr;
  std::u16string u16_;
};

std::string split_string(std::u32string_view key, const std::vector<uint8_t>& cut) {
  std::string s;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && cut[i]) s += '|';
    tplguard::text::append_utf8(s, key[i]);
  }
  return s;
}

std::vector<uint8_t> jieba_cuts(const Segmentation& seg, size_t n) {
  std::vector<uint8_t> at(n + 1, 0);
  at[0] = at[n] = 1;
  for (const auto& w : seg.words()) at[w.begin] = at[w.end] = 1;
  return at;
}

// ---- part 1: labelled occurrences -----------------------------------------------------

struct Occurrence {
  std::string case_id, category, text, reason;
  std::u32string key;
  uint32_t b = 0, e = 0;
  const Term* term = nullptr;
  bool word = false;  // the label
};

struct Skipped {
  int several = 0, nested = 0, with_at = 0, pass_unstated = 0, by_hand = 0;
};

// Occurrences the rule above labels wrongly, read by hand before either segmenter was run.
bool hand_skip(const std::string& case_id, const std::u32string& term) {
  // 九五折 is 95% of the price (九五|折): the only term found, 五折, is no word there.
  return case_id == "mkt-discount-007" && term == U"五折";
}

void label(const Canonicalizer& canon, const std::vector<LexiconRule>& rules, const std::vector<Case>& cases,
           std::vector<Occurrence>& out, Skipped& skipped) {
  for (const Case& c : cases) {
    const auto notes = note_words(canon, c.note);
    for (const LexiconRule& r : rules) {
      if (!c.only_rule.empty() && c.only_rule != r.id) continue;
      std::vector<std::string> texts = r.keyword_field ? c.keywords : std::vector<std::string>{c.title};
      std::vector<Occurrence> occ;
      for (const std::string& text : texts) {
        const std::u32string key = canon.key_of(text);
        for (const Term& t : r.terms)
          for (size_t p = key.find(t.key); p != std::u32string::npos; p = key.find(t.key, p + 1)) {
            Occurrence o;
            o.case_id = c.id;
            o.category = c.category;
            o.text = text;
            o.key = key;
            o.b = static_cast<uint32_t>(p);
            o.e = static_cast<uint32_t>(p + t.key.size());
            o.term = &t;
            occ.push_back(std::move(o));
          }
      }
      if (occ.empty()) continue;
      if (c.expect.count(r.id)) {
        if (!c.at.empty()) {
          const std::u32string at = canon.key_of(c.at);
          for (auto& o : occ) {
            if (o.term->key == at) {
              o.word = true;
              o.reason = "expected, at";
              out.push_back(o);
            } else {
              ++skipped.with_at;
            }
          }
          continue;
        }
        auto nested = [&](const Occurrence& a) {
          return std::any_of(occ.begin(), occ.end(), [&](const Occurrence& o) {
            return &o != &a && o.text == a.text && o.b <= a.b && a.e <= o.e && o.e - o.b > a.e - a.b;
          });
        };
        std::vector<const Occurrence*> top;
        for (const auto& o : occ)
          if (!nested(o)) top.push_back(&o);
        if (top.size() != 1) {
          skipped.several += static_cast<int>(occ.size());
          continue;
        }
        Occurrence o = *top[0];
        if (hand_skip(c.id, o.term->key)) {
          ++skipped.by_hand;
          skipped.nested += static_cast<int>(occ.size()) - 1;
          continue;
        }
        o.word = true;
        o.reason = "expected, only term";
        out.push_back(o);
        skipped.nested += static_cast<int>(occ.size()) - 1;
        continue;
      }
      for (auto& o : occ) {
        bool labelled = false;
        auto check = [&](const std::u32string& w, bool from_note) {
          if (w.size() < 1) return;
          for (size_t p = o.key.find(w); p != std::u32string::npos && !labelled; p = o.key.find(w, p + 1)) {
            const auto wb = static_cast<uint32_t>(p), we = static_cast<uint32_t>(p + w.size());
            const bool crosses = (wb < o.b && we > o.b && we < o.e) || (wb > o.b && wb < o.e && we > o.e);
            const bool holds = wb <= o.b && o.e <= we && we - wb > o.e - o.b;
            if (from_note && (crosses || holds)) {
              o.reason = std::string("pass, note: ") + to_utf8(w) + (crosses ? " crosses it" : " holds it");
              labelled = true;
            } else if (!from_note && holds && o.e - o.b == 1) {
              o.reason = "pass, inside allowed " + to_utf8(w);
              labelled = true;
            }
          }
        };
        for (const auto& w : notes) check(w, true);
        for (const auto& w : r.allowed) check(w, false);
        if (labelled) {
          o.word = false;
          out.push_back(o);
        } else {
          ++skipped.pass_unstated;
        }
      }
    }
  }
}

struct Method {
  const char* name;
  int tp = 0, fp = 0, fn = 0, tn = 0;
  void add(bool label, bool said) {
    if (label && said) ++tp;
    else if (!label && said) ++fp;
    else if (label) ++fn;
    else ++tn;
  }
  int n() const { return tp + fp + fn + tn; }
  double acc() const { return n() ? 100.0 * (tp + tn) / n() : 0; }
  double precision() const { return tp + fp ? 100.0 * tp / (tp + fp) : 0; }
  double recall() const { return tp + fn ? 100.0 * tp / (tp + fn) : 0; }
};

struct Verdicts {
  bool j_aligned0, j_aligned_tol, j_inside, j_linter, icu, icu_linter;
  std::string j_split, icu_split;
};

// ---- main -------------------------------------------------------------------------------

int run(int argc, char** argv) {
  g_root = TPLGUARD_SOURCE_DIR;
  bool labels_only = false;
  size_t keys_wanted = 100000;
  int rounds = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--source" && i + 1 < argc) g_root = argv[++i];
    else if (a == "--labels") labels_only = true;
    else if (a == "--keys" && i + 1 < argc) keys_wanted = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "usage: tplguard-word-break-compare [--source DIR] [--labels] [--keys N] [--rounds R]\n");
      return 2;
    }
  }

  // Every input is looked for before anything is printed (the lexicons, named by the rules,
  // are read next, also before any output).
  for (const char* f : {"corpus/eval/singles.jsonl", "corpus/real/library-titles.jsonl", "corpus/real/templates.jsonl",
                        "rules/title-marketing.yaml", "rules/title-personal.yaml", "rules/keyword-personal.yaml"})
    need(f);
  const Canonicalizer canon;
  std::vector<LexiconRule> rules;
  for (const char* id : {"title-marketing", "title-personal", "keyword-personal"}) {
    const yaml::Node rule = read_yaml(std::string("rules/") + id + ".yaml");
    LexiconRule r;
    r.id = id;
    r.keyword_field = rule["target"].as<std::string>("") == "keyword-name";
    for (const auto& f : rule["params"]["lexicon"]) load_lexicon(canon, "rules/" + f.as<std::string>(), r);
    rules.push_back(std::move(r));
  }
  const std::vector<Case> cases = load_cases(rules);
  std::vector<Occurrence> occ;
  Skipped skipped;
  label(canon, rules, cases, occ, skipped);
  const int positives = static_cast<int>(std::count_if(occ.begin(), occ.end(), [](const auto& o) { return o.word; }));
  std::printf("Labelled occurrences: %zu (%d words, %zu not words) from %zu cases\n", occ.size(), positives,
              occ.size() - positives, cases.size());
  std::printf("Skipped: %d in expected cases with several terms, %d nested in the labelled term, %d beside an `at`,"
              " %d in passing cases whose boundary no note or allowed word states, %d by hand\n",
              skipped.several, skipped.nested, skipped.with_at, skipped.pass_unstated, skipped.by_hand);
  std::printf("boundary_tolerance of the lexicons: title-marketing %u, title-personal %u, keyword-personal %u"
              " (thousandths of a nat)\n\n",
              rules[0].tolerance, rules[1].tolerance, rules[2].tolerance);
  if (labels_only) {
    for (const auto& o : occ)
      std::printf("%-28s %-5s %-10s %s  [%s]\n", o.case_id.c_str(), o.word ? "word" : "no", to_utf8(o.term->key).c_str(),
                  o.text.c_str(), o.reason.c_str());
    return 0;
  }

  const Dictionary& dict = Dictionary::builtin();
  Segmentation seg;
  IcuWords icu;
  std::map<const Occurrence*, Verdicts> verdict;
  for (const auto& o : occ) {
    const LexiconRule& r = *std::find_if(rules.begin(), rules.end(), [&](const LexiconRule& x) {
      return std::any_of(x.terms.begin(), x.terms.end(), [&](const Term& t) { return &t == o.term; });
    });
    seg.compute(dict, o.key);
    Verdicts v;
    v.j_aligned0 = seg.aligned(o.b, o.e, 0);
    v.j_aligned_tol = seg.aligned(o.b, o.e, r.tolerance);
    v.j_inside = seg.inside_word(o.b, o.e);
    v.j_linter = v.j_aligned_tol || (o.term->inside && v.j_inside);
    const auto cuts = icu.boundaries(o.key);
    v.icu = cuts[o.b] && cuts[o.e];
    bool none_between = true;
    for (uint32_t i = o.b + 1; i < o.e; ++i) none_between = none_between && !cuts[i];
    v.icu_linter = v.icu || (o.term->inside && none_between);
    v.j_split = split_string(o.key, jieba_cuts(seg, o.key.size()));
    v.icu_split = split_string(o.key, cuts);
    verdict[&o] = v;
  }

  // Tables.
  struct Row {
    Method m[6] = {{"jieba aligned(0)"}, {"jieba aligned(tol)"}, {"jieba inside_word"},
                   {"jieba as the linter"}, {"ICU boundaries"}, {"ICU as the linter"}};
    int pos = 0, neg = 0;
  };
  std::map<std::string, Row> by_cat;
  Row total;
  for (const auto& o : occ) {
    const Verdicts& v = verdict[&o];
    const bool said[6] = {v.j_aligned0, v.j_aligned_tol, v.j_inside, v.j_linter, v.icu, v.icu_linter};
    for (Row* row : {&by_cat[o.category], &total}) {
      (o.word ? row->pos : row->neg)++;
      for (int k = 0; k < 6; ++k) row->m[k].add(o.word, said[k]);
    }
  }
  std::printf("1. Is the occurrence a whole word? (positive = word; tol = the lexicons' boundary_tolerance;\n"
              "   'as the linter' = whole word, or inside one word for a term marked `inside: true`)\n\n");
  std::printf("%-22s %5s %5s %5s %5s %8s %8s %8s\n", "method", "TP", "FP", "FN", "TN", "prec", "recall", "acc");
  for (const auto& m : total.m)
    std::printf("%-22s %5d %5d %5d %5d %7.1f%% %7.1f%% %7.1f%%\n", m.name, m.tp, m.fp, m.fn, m.tn, m.precision(),
                m.recall(), m.acc());
  std::printf("\nAccuracy per category (words/not words; right of n)\n");
  std::printf("%-28s %9s %9s %9s %9s %9s %9s %9s\n", "category", "w/no", "j-al(0)", "j-al(tol)", "j-inside", "j-linter",
              "icu", "icu-lint");
  for (const auto& [cat, row] : by_cat) {
    std::printf("%-28s %4d/%-4d", cat.c_str(), row.pos, row.neg);
    for (const auto& m : row.m) std::printf(" %5d/%-3d", m.tp + m.tn, m.n());
    std::printf("\n");
  }
  std::printf("\nPrecision / recall per category (jieba aligned(tol) | ICU boundaries)\n");
  for (const auto& [cat, row] : by_cat) {
    const Method &j = row.m[1], &i = row.m[4];
    std::printf("%-28s jieba P %5.1f%% R %5.1f%% | ICU P %5.1f%% R %5.1f%%\n", cat.c_str(), j.precision(), j.recall(),
                i.precision(), i.recall());
  }

  std::printf("\nWhere jieba aligned(tol) and ICU boundaries disagree\n");
  for (const auto& o : occ) {
    const Verdicts& v = verdict[&o];
    if (v.j_aligned_tol == v.icu) continue;
    const bool jieba_right = v.j_aligned_tol == o.word;
    std::printf("  %-24s %-8s in %-16s label %-4s | jieba %-22s %-4s | ICU %-22s %-4s | right: %s\n", o.case_id.c_str(),
                to_utf8(o.term->key).c_str(), to_utf8(o.key).c_str(), o.word ? "word" : "no", v.j_split.c_str(),
                v.j_aligned_tol ? "word" : "no", v.icu_split.c_str(), v.icu ? "word" : "no", jieba_right ? "jieba" : "ICU");
  }
  std::printf("\nWrong for both (jieba aligned(tol), ICU boundaries)\n");
  for (const auto& o : occ) {
    const Verdicts& v = verdict[&o];
    if (v.j_aligned_tol == o.word || v.icu == o.word) continue;
    std::printf("  %-24s %-8s in %-16s label %-4s | jieba %-22s | ICU %s\n", o.case_id.c_str(),
                to_utf8(o.term->key).c_str(), to_utf8(o.key).c_str(), o.word ? "word" : "no", v.j_split.c_str(),
                v.icu_split.c_str());
  }
  // The crossings the lexicons' own comments name (marketing.yaml, marketing-extra.yaml): no
  // words, outside the totals above (phrases, not templates; written with jieba at hand).
  std::printf("\nSupplement, not in the totals: the crossings named in the lexicons' comments (all: no word)\n");
  struct Phrase {
    const char* text;
    const char* term;
  };
  static const Phrase kPhrases[] = {{"集中奖励", "中奖"}, {"面积分户", "积分"}, {"大红包装", "红包"},
                                    {"集团购买", "团购"}, {"打包邮寄", "包邮"}, {"种草坪", "种草"},
                                    {"往返利息", "返利"}, {"督促销售", "促销"}, {"消费金额", "消费金"}};
  int j_right = 0, i_right = 0;
  for (const Phrase& ph : kPhrases) {
    const std::u32string key = canon.key_of(ph.text), term = canon.key_of(ph.term);
    const auto b = static_cast<uint32_t>(key.find(term));
    if (b == std::u32string::npos) throw std::runtime_error("supplement: term not in its phrase");
    const auto e = b + static_cast<uint32_t>(term.size());
    seg.compute(dict, key);
    const bool jw = seg.aligned(b, e, rules[0].tolerance);
    const auto cuts = icu.boundaries(key);
    const bool iw = cuts[b] && cuts[e];
    j_right += !jw;
    i_right += !iw;
    std::printf("  %-8s in %-10s jieba %-14s %-4s | ICU %-14s %s\n", ph.term, ph.text,
                split_string(key, jieba_cuts(seg, key.size())).c_str(), jw ? "word" : "no",
                split_string(key, cuts).c_str(), iw ? "word" : "no");
  }
  std::printf("  right: jieba %d/%zu, ICU %d/%zu\n", j_right, std::size(kPhrases), i_right, std::size(kPhrases));

  std::printf("\nTolerance sweep (jieba aligned(t) alone)\n");
  for (uint32_t t : {0u, 500u, 1000u, 2000u, 3000u, 5000u}) {
    Method m{"t"};
    std::string changed;
    for (const auto& o : occ) {
      seg.compute(dict, o.key);
      const bool said = seg.aligned(o.b, o.e, t);
      m.add(o.word, said);
      if (said != seg.aligned(o.b, o.e, 0))
        changed += " " + to_utf8(o.term->key) + "@" + o.case_id + (said == o.word ? "(right)" : "(wrong)");
    }
    std::printf("  t=%-5u TP %3d FP %3d FN %3d TN %3d  acc %.1f%%  changed from t=0:%s\n", t, m.tp, m.fp, m.fn, m.tn,
                m.acc(), changed.empty() ? " none" : changed.c_str());
  }

  // Part 2: agreement on real titles.
  std::printf("\n2. Same split as jieba's best split (boundary sets equal), real titles\n");
  std::vector<std::u32string> template_keys;
  for (const char* file : {"corpus/real/library-titles.jsonl", "corpus/real/templates.jsonl"}) {
    int same = 0, n = 0, shown = 0;
    std::vector<std::string> examples;
    for (const auto& j : read_jsonl(file)) {
      const std::u32string key = canon.key_of(j.value("title", ""));
      if (key.empty()) continue;
      if (std::strstr(file, "templates")) template_keys.push_back(key);
      seg.compute(dict, key);
      const auto jc = jieba_cuts(seg, key.size());
      const auto ic = icu.boundaries(key);
      ++n;
      if (jc == ic) ++same;
      else if (shown++ < 8) examples.push_back("jieba " + split_string(key, jc) + "   ICU " + split_string(key, ic));
    }
    std::printf("  %-34s %3d/%-3d %5.1f%% the same\n", file, same, n, n ? 100.0 * same / n : 0);
    for (const auto& e : examples) std::printf("      %s\n", e.c_str());
  }

  // Part 3: speed.
  if (template_keys.empty()) throw Missing("corpus/real/templates.jsonl: no titles");
  std::vector<std::u16string> template_u16(template_keys.size());
  for (size_t i = 0; i < template_keys.size(); ++i) IcuWords::to_utf16(template_keys[i], template_u16[i]);
  const size_t nt = template_keys.size();
  using clock = std::chrono::steady_clock;
  volatile uint64_t sink = 0;
  auto jieba_run = [&] {
    uint64_t s = 0;
    for (size_t i = 0; i < keys_wanted; ++i) {
      seg.compute(dict, template_keys[i % nt]);
      s += seg.words().size();
    }
    sink = sink + s;
  };
  std::u16string buf;
  auto convert_run = [&] {
    uint64_t s = 0;
    for (size_t i = 0; i < keys_wanted; ++i) {
      IcuWords::to_utf16(template_keys[i % nt], buf);
      s += buf.size();
    }
    sink = sink + s;
  };
  auto icu_run = [&](bool convert) {
    uint64_t s = 0;
    icu::BreakIterator& it = icu.it();
    for (size_t i = 0; i < keys_wanted; ++i) {
      const std::u16string* u = &template_u16[i % nt];
      if (convert) {
        IcuWords::to_utf16(template_keys[i % nt], buf);
        u = &buf;
      }
      icu.set(*u);
      for (int32_t p = it.first(); p != icu::BreakIterator::DONE; p = it.next()) s += static_cast<uint64_t>(p);
    }
    sink = sink + s;
  };
  jieba_run();
  icu_run(true);  // warm-up: ICU loads its dictionary on first use
  // The four are run in turn, round after round, so that a busy moment of the machine falls
  // on all of them alike.
  std::vector<double> t[4];
  auto timed = [&](std::vector<double>& out, auto&& body) {
    const auto t0 = clock::now();
    body();
    out.push_back(std::chrono::duration<double, std::nano>(clock::now() - t0).count() / static_cast<double>(keys_wanted));
  };
  for (int r = 0; r < rounds; ++r) {
    timed(t[0], jieba_run);
    timed(t[1], [&] { icu_run(true); });
    timed(t[2], [&] { icu_run(false); });
    timed(t[3], convert_run);
  }
  for (auto& v : t) std::sort(v.begin(), v.end());
  std::printf("\n3. Speed: %zu keys (the %zu titles of corpus/real/templates.jsonl repeated), one thread,"
              " %d rounds in turn (min / median ns per key), ICU %s\n",
              keys_wanted, nt, rounds, U_ICU_VERSION);
  static const char* kNames[4] = {"jieba: Segmentation::compute, words()", "ICU: UTF-32 -> UTF-16, setText, all boundaries",
                                  "ICU: setText, all boundaries (UTF-16 given)", "UTF-32 -> UTF-16 alone"};
  for (int k = 0; k < 4; ++k) std::printf("  %-46s %8.1f / %-8.1f\n", kNames[k], t[k].front(), t[k][t[k].size() / 2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const Missing& e) {
    std::fprintf(stderr, "tplguard-word-break-compare: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tplguard-word-break-compare: %s\n", e.what());
    return 1;
  }
}
