// Words and sounds: the dictionary segmenter, term matches that respect word boundaries, and
// the look-alike, variant, tone-mark, homophone, initials and insertion folds.
#include <catch2/catch.hpp>

#include <algorithm>

#include "rules/term_matcher.hpp"
#include "support.hpp"
#include "text/canonical.hpp"
#include "text/segmenter.hpp"
#include "text/unicode_tables.hpp"

using namespace tplguard;
using namespace tplguard::text;

namespace {
std::string words(const std::string& s) {
  static const Canonicalizer canon;
  const std::u32string key = canon.key_of(s);
  Segmentation seg;
  seg.compute(Dictionary::builtin(), key);
  std::string out;
  for (const auto& w : seg.words()) {
    if (!out.empty()) out += "|";
    out += to_utf8(std::u32string_view(key).substr(w.begin, w.end - w.begin));
  }
  return out;
}

// Finds `term` (one term, id 0) in `text`; returns the matched original text and how.
struct Found {
  std::string text;
  rules::MatchVia via;
};
std::vector<Found> find(const std::string& term, const std::string& text,
                        rules::TermBoundary boundary = rules::TermBoundary::word, bool sounds = false,
                        bool initials = false, bool inserted = false) {
  static const Canonicalizer canon;
  rules::TermMatcher m;
  const std::u32string key = canon.key_of(term);
  m.add_term(0, key, canon.pinyin_of_key(key), rules::TermPosition::anywhere, boundary);
  if (sounds) m.add_sound(0, key, rules::SoundClasses::exact());
  if (initials) m.add_initials(0, key);
  m.set_skip_inserted(inserted);
  m.build();
  Canonical c;
  canon.canonicalize(text, c);
  PinyinKey py;
  canon.pinyin(c, py);
  std::vector<rules::TermMatch> out;
  m.find(c, &py, out);
  std::vector<Found> found;
  for (const auto& t : out) {
    auto [b, e] = c.original_range(t.key_begin, t.key_end);
    found.push_back({to_utf8(std::u32string_view(c.original).substr(b, e - b)), t.via});
  }
  return found;
}
}  // namespace

TEST_CASE("the dictionary is jieba's, folded like the text", "[text][words]") {
  const Dictionary& d = Dictionary::builtin();
  CHECK(d.node_count() > 300000);
  Canonicalizer canon;
  CHECK(d.cost(canon.key_of("订单")) != Dictionary::kNoWord);
  CHECK(d.cost(canon.key_of("訂單")) == d.cost(canon.key_of("订单")));  // traditional spelling, same word
  CHECK(d.cost(canon.key_of("鸿包")) == Dictionary::kNoWord);
  CHECK(d.tag(canon.key_of("面积")) == "n");
  CHECK(d.cost(canon.key_of("订")) < d.unknown_cost());
}

TEST_CASE("keys are split into words the way jieba splits them", "[text][words]") {
  CHECK(words("集中奖励发放通知") == "集中|奖励|发放|通知");
  CHECK(words("恭喜中奖提醒") == "恭喜|中奖|提醒");
  CHECK(words("订单发货提醒") == "订单|发货|提醒");
  CHECK(words("大红包装到货") == "大红|包装|到货");
  // Runs of Latin letters or digits are one word each; so is an unknown character.
  CHECK(words("hb到账2024年") == "hb|到|账|2024|年");
  CHECK(words("") == "");
}

TEST_CASE("a term matches where it is a word, not across two words", "[text][words]") {
  CHECK(find("中奖", "恭喜中奖提醒").size() == 1);
  CHECK(find("中奖", "集中奖励发放通知").empty());
  CHECK(find("积分", "面积分户登记提醒").empty());
  CHECK(find("积分", "积分到账提醒").size() == 1);
  CHECK(find("亲", "亲属关系变更通知").empty());  // inside a longer word
  CHECK(find("亲", "亲，您的订单已发货").size() == 1);
  // `inside`: inside a longer word too, but still never across two.
  CHECK(find("红包", "抢红包活动通知").empty());
  CHECK(find("红包", "抢红包活动通知", rules::TermBoundary::inside).size() == 1);
  CHECK(find("红包", "大红包装到货通知", rules::TermBoundary::inside).empty());
  // The old behaviour stays available for callers that rewrite text (synonyms).
  CHECK(find("中奖", "集中奖励", rules::TermBoundary::anywhere).size() == 1);
}

TEST_CASE("terms are matched by sound where the characters are no word of their own", "[text][words]") {
  auto f = find("红包", "领鸿包提醒", rules::TermBoundary::word, true);
  REQUIRE(f.size() == 1);
  CHECK(f[0].text == "鸿包");
  CHECK(f[0].via == rules::MatchVia::sound);
  CHECK(find("积分", "计分结果通知", rules::TermBoundary::word, true).empty());      // 计分 is a word
  CHECK(find("积分", "几分钟后开始", rules::TermBoundary::word, true).empty());      // inside 几分钟
  CHECK(find("红包", "领鸿包提醒", rules::TermBoundary::word, false).empty());      // sounds off
  // Fuzzy classes merge zh/z and -ng/-n: zhongjiang and zongjian are one sound.
  const auto fuzzy = rules::SoundClasses::fuzzy({{"zh", "z"}}, {{"ang", "an"}});
  const auto exact = rules::SoundClasses::exact();
  CHECK(fuzzy.class_of[syllable_of(U'张')] == fuzzy.class_of[syllable_of(U'赞')]);
  CHECK(exact.class_of[syllable_of(U'张')] != exact.class_of[syllable_of(U'赞')]);
}

TEST_CASE("a homophone keeps one of the term's characters (sounds.keep_one)", "[text][words]") {
  auto marketing = [](const std::string& title) {
    return test_support::has_rule(test_support::lint_one(test_support::make_template(title)), "title-marketing");
  };
  CHECK(marketing("鸿包到账提醒"));              // 包 stays
  CHECK(marketing("优慧券到账提醒"));
  CHECK_FALSE(marketing("富力物业缴费通知"));    // every character differs from 福利: a name
  CHECK_FALSE(marketing("范县政务服务通知"));    // nor 返现
}

TEST_CASE("pinyin with tone marks, initials and inserted letters reach the term", "[text][words]") {
  auto f = find("红包", "Hóngbāo领取提醒");
  REQUIRE(f.size() == 1);
  CHECK(f[0].via == rules::MatchVia::pinyin);
  f = find("红包", "hb到账提醒", rules::TermBoundary::word, false, true);
  REQUIRE(f.size() == 1);
  CHECK(f[0].via == rules::MatchVia::initials);
  CHECK(find("红包", "hbo到账提醒", rules::TermBoundary::word, false, true).empty());  // a whole run only
  CHECK(find("红包", "hb到账提醒").empty());                                          // not marked
  f = find("红包", "红1包到账提醒", rules::TermBoundary::word, false, false, true);
  REQUIRE(f.size() == 1);
  CHECK(f[0].text == "红1包");
  CHECK(find("红包", "红123包", rules::TermBoundary::word, false, false, true).empty());  // a number, not a filler
}

TEST_CASE("a term with one character miswritten as a look-alike is the term, unless that spelling is a word",
          "[text][words]") {
  static const Canonicalizer canon;
  auto find_mis = [&](const std::string& term, const std::string& text) {
    rules::TermMatcher m;
    const std::u32string key = canon.key_of(term);
    m.add_term(0, key, {}, rules::TermPosition::anywhere, rules::TermBoundary::word);
    m.add_miswritten(0, key, {{U'券', {U'卷', U'劵'}}, {U'免', {U'兔'}}});
    m.build();
    Canonical c;
    canon.canonicalize(text, c);
    std::vector<rules::TermMatch> out;
    m.find(c, nullptr, out);
    return out;
  };
  auto f = find_mis("代金券", "代金卷发放通知");
  REQUIRE(f.size() == 1);
  CHECK(f[0].via == rules::MatchVia::miswritten);
  CHECK(f[0].key_begin == 0);
  CHECK(f[0].key_end == 3);
  CHECK(find_mis("代金券", "代金劵发放通知").size() == 1);
  CHECK(find_mis("免费领取", "兔费领取提醒").size() == 1);
  CHECK(find_mis("代金券", "代金券发放通知")[0].via == rules::MatchVia::text);  // the term itself
  CHECK(find_mis("券", "试卷批改通知").empty());      // one-character terms are never miswritten
  CHECK(find_mis("代金券", "代卷金发放通知").empty());  // the look-alike in another place
  // Through the shipped rules (lexicons/miswritings.yaml), with the reason in the message.
  auto fs = test_support::lint_one(test_support::make_template("拆扣结算提醒"), {}, {"title-marketing"});
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].message_zh.find("“折扣”的错写") != std::string::npos);
  CHECK(test_support::lint_one(test_support::make_template("试卷批改完成通知"), {}, {"title-marketing"}).empty());
  CHECK(test_support::lint_one(test_support::make_template("卷发造型预约提醒"), {}, {"title-marketing"}).empty());
}

TEST_CASE("service words jieba lacks are words (data/service-words.txt)", "[text][words]") {
  CHECK(words("电子面单打印") == "电子面单|打印");
  CHECK(words("首发车时刻") == "首发车|时刻");
  auto marketing = [](const std::string& title) {
    return test_support::has_rule(test_support::lint_one(test_support::make_template(title)), "title-marketing");
  };
  CHECK_FALSE(marketing("电子面单生成通知"));  // no homophone of 免单: 面单 is a word
  CHECK_FALSE(marketing("新聘人员报到提醒"));  // nor of 新品
  CHECK_FALSE(marketing("首发车时刻调整通知")); // 首发 inside 首发车
  CHECK(marketing("免单到账提醒"));
  CHECK(marketing("新客首单立减通知"));          // 立减 is a word now, and marketing
}

TEST_CASE("a term refused or warned against is not offered (negation)", "[text][words]") {
  auto marketing = [](const std::string& title) {
    return test_support::has_rule(test_support::lint_one(test_support::make_template(title)), "title-marketing");
  };
  CHECK_FALSE(marketing("拒收红包承诺提醒"));
  CHECK_FALSE(marketing("严禁收受礼品通知"));      // a word of `between`
  CHECK_FALSE(marketing("谨防红包诈骗提醒"));
  CHECK_FALSE(marketing("刷单返利诈骗预警通知"));  // a word of `after`
  CHECK(marketing("领红包提醒"));
  CHECK(marketing("红包拒收提醒"));              // after the term, no refusal of it
  CHECK(marketing("拒收后领取红包提醒"));        // too far away to be about the term
  CHECK(marketing("不收押金免费领取提醒"));      // something else between: an evasion
  const std::string lex = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/marketing.yaml");
  auto with = [&](const std::string& from, const std::string& to) {
    REQUIRE(lex.find(from) != std::string::npos);
    std::string bad = lex;
    bad.replace(bad.find(from), from.size(), to);
    return test_support::pack_load_error("lexicons/marketing.yaml", bad);
  };
  CHECK(with("  before: [拒收,", "  before: [拒,").find("`negation.before` has 2 characters or more") != std::string::npos);
  CHECK(with("  after: [诈骗,", "  afterwards: [诈骗,").find("`negation` has before, between and after") != std::string::npos);
}

TEST_CASE("an emoji reads as what it shows, and is marketing only where that word is", "[text][words]") {
  auto marketing = [](const std::string& title) {
    return test_support::has_rule(test_support::lint_one(test_support::make_template(title)), "title-marketing");
  };
  CHECK(marketing("🧧到账提醒"));        // a red packet wherever it stands
  CHECK(marketing("会员💳开通提醒"));    // 会员 + card: 会员卡
  CHECK(marketing("🆕品上市通知"));      // 新品
  CHECK(marketing("🔥爆商品补货提醒"));  // 火爆
  CHECK_FALSE(marketing("💳还款提醒"));     // a card repayment
  CHECK_FALSE(marketing("🆕版本发布通知"));  // a new version
  CHECK_FALSE(marketing("🔥警处理提醒"));    // a fire alarm
  CHECK_FALSE(marketing("💸支出提醒"));     // money going out is no cash-back
  // Every emoji is still a symbol in a title.
  CHECK(test_support::has_rule(test_support::lint_one(test_support::make_template("💳还款提醒")), "title-symbol"));
}

TEST_CASE("one split per title is shared, and character tag masks never hide a word of the tags", "[text][words]") {
  static const Canonicalizer canon;
  const Dictionary& d = Dictionary::builtin();
  const std::u32string a = canon.key_of("订单发货提醒"), b = canon.key_of("集中奖励发放");
  const Segmentation& first = segment(d, a);
  CHECK(first.key() == std::u32string_view(a));
  CHECK(&segment(d, a) == &first);  // the memo: the same object, not split again
  CHECK(segment(d, b).key() == std::u32string_view(b));
  std::string split;
  for (const auto& w : segment(d, b).words())
    split += (split.empty() ? "" : "|") + to_utf8(std::u32string_view(b).substr(w.begin, w.end - w.begin));
  CHECK(split == words("集中奖励发放"));  // the memo's split is the split
  // Every character of a word has the word's tag in its mask (日常 is a time word, t).
  const uint64_t t = d.tag_mask({"t"});
  REQUIRE(t != 0);
  for (char32_t ch : canon.key_of("日常")) CHECK((d.char_tags(ch) & t) != 0);
  CHECK(d.char_tags(U'𠀀') == ~uint64_t{0});  // outside the BMP: anything is possible
}

TEST_CASE("look-alike letters and variant characters fold to what they stand for", "[text][words]") {
  Canonicalizer c;
  auto key = [&](const std::string& s) { return to_utf8(c.key_of(s)); };
  CHECK(key("соupon") == "coupon");     // Cyrillic с, о
  CHECK(key("ΗΒ") == "hb");             // Greek capitals
  CHECK(key("ＶＩＰ") == "vip");         // full-width I stays i
  CHECK(key("hóngbāo") == "hongbao");   // tone marks
  CHECK(key("特価") == "特价");          // Japanese shinjitai
  CHECK(key("双十ニ") == "双十二");      // katakana ニ looks like 二
  CHECK(key("全场ハ折") == "全场八折");
  // A variant that is an ordinary simplified character keeps its meaning.
  CHECK(key("芸豆") == "芸豆");
  CHECK(key("户口") == "户口");
}

TEST_CASE("the lexicon keys of the word and sound matching refuse bad values with file and line",
          "[text][words][rule-pack]") {
  const std::string lex = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/marketing.yaml");
  auto with = [&](const std::string& from, const std::string& to) {
    const size_t at = lex.find(from);
    REQUIRE(at != std::string::npos);
    return test_support::pack_load_error("lexicons/marketing.yaml", lex.substr(0, at) + to + lex.substr(at + from.size()));
  };
  auto line_of = [&](const std::string& what) {
    return std::to_string(1 + std::count(lex.begin(), lex.begin() + static_cast<long>(lex.find(what)), '\n'));
  };
  CHECK(test_support::pack_load_error("lexicons/marketing.yaml", lex).empty());  // the copy loads
  std::string e = with("inserted: true", "inserted: maybe");
  CHECK(e.find("marketing.yaml:" + line_of("inserted: true") + ": ") != std::string::npos);
  CHECK(e.find("`inserted` is true or false") != std::string::npos);
  e = with("initials: [[zh, z],", "initials: [[zh],");
  CHECK(e.find("marketing.yaml:" + line_of("initials: [[zh, z],")) != std::string::npos);
  CHECK(e.find("a fuzzy sound is a pair of spellings") != std::string::npos);
  e = with("{term: 优惠, inside: true,", "{term: 优惠, inside: yes please,");
  CHECK(e.find("`inside` is true or false") != std::string::npos);
  e = with("boundary_tolerance: 2\n", "boundary_tolerance: -1\n");
  CHECK(e.find("marketing.yaml:" + line_of("boundary_tolerance: 2\n") + ": ") != std::string::npos);
  CHECK(e.find("`boundary_tolerance` is 0 to 100 nats") != std::string::npos);
  e = with("miswritings: lexicons/miswritings.yaml", "miswritings: [券]");
  CHECK(e.find("marketing.yaml:" + line_of("miswritings: lexicons/miswritings.yaml") + ": ") != std::string::npos);
  CHECK(e.find("`miswritings` names a data file") != std::string::npos);
  // The miswritings file: one character each, and never the character itself.
  const std::string mis = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/miswritings.yaml");
  const std::string entry = "  券: [卷, 劵, 眷]";
  REQUIRE(mis.find(entry) != std::string::npos);
  const std::string mis_line = std::to_string(1 + std::count(mis.begin(), mis.begin() + static_cast<long>(mis.find(entry)), '\n'));
  auto mis_with = [&](const std::string& to) {
    std::string bad = mis;
    bad.replace(bad.find(entry), entry.size(), to);
    return test_support::pack_load_error("lexicons/miswritings.yaml", bad);
  };
  e = mis_with("  券: [卷子, 劵]");
  CHECK(e.find("miswritings.yaml:" + mis_line + ": ") != std::string::npos);
  CHECK(e.find("a miswriting is one character") != std::string::npos);
  e = mis_with("  券: [劵, 券]");
  CHECK(e.find("a look-alike folds to the character itself") != std::string::npos);
  e = mis_with("  券: 卷");
  CHECK(e.find("the look-alikes are a list") != std::string::npos);

  // The new keys of this round: real_word_min_frequency, quantities, and scenes' sections.
  e = with("real_word_min_frequency: 5", "real_word_min_frequency: -3");
  CHECK(e.find("marketing.yaml:" + line_of("real_word_min_frequency: 5") + ": ") != std::string::npos);
  CHECK(e.find("`real_word_min_frequency` is a frequency") != std::string::npos);
  e = with("{term: 满减, initials: true, quantities: true}", "{term: 满减, initials: true, quantities: lots}");
  CHECK(e.find("`quantities` is true or false") != std::string::npos);
  e = with("  numerals: \"0123456789〇零一二三四五六七八九十百千万两壹贰叁肆伍陆柒捌玖拾佰仟\"", "  numerals: \"--\"");
  CHECK(e.find("`quantities.numerals` holds no digit or numeral") != std::string::npos);
  e = with("quantities:\n  numerals:", "quantities: 5\nunused:\n  numerals:");
  CHECK(e.find("`quantities` is a mapping") != std::string::npos);
  {  // a term that takes quantities in a lexicon that does not say what a number is
    const size_t b = lex.find("quantities:\n  numerals:"), e2 = lex.find("\n", lex.find("  units:", b));
    REQUIRE(b != std::string::npos);
    const std::string without = lex.substr(0, b) + lex.substr(e2 + 1);
    e = test_support::pack_load_error("lexicons/marketing.yaml", without);
    CHECK(e.find("takes quantities, but no lexicon of the rule says what a number is made of") != std::string::npos);
  }
  const std::string scenes = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/scenes.yaml");
  REQUIRE(scenes.find("\nentities: [") != std::string::npos);
  std::string bad_scenes = scenes;
  bad_scenes.replace(bad_scenes.find("\nentities: ["), 12, "\nentites: [");
  e = test_support::pack_load_error("lexicons/scenes.yaml", bad_scenes);
  CHECK(e.find("scenes.yaml:") != std::string::npos);
  CHECK(e.find("unknown section `entites`") != std::string::npos);

  const std::string rule = test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/title-generic.yaml");
  const std::string from = "  words: [lexicons/generic.yaml, lexicons/generic-words.yaml]";
  REQUIRE(rule.find(from) != std::string::npos);
  std::string bad = rule;
  bad.replace(bad.find(from), from.size(), "  words: []");
  CHECK(test_support::pack_load_error("title-generic.yaml", bad).find("title-generic.yaml:") != std::string::npos);
  CHECK(test_support::pack_load_error("title-generic.yaml", bad).find("`words` names at least one file") != std::string::npos);
  bad = rule;
  bad.replace(bad.find(from), from.size(), "  words: [lexicons/no-such-file.yaml]");
  CHECK(test_support::pack_load_error("title-generic.yaml", bad).find("no-such-file.yaml") != std::string::npos);
}
