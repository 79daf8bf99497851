#include "title_generator.hpp"

#include <unicode/translit.h>
#include <unicode/unistr.h>
#include "yaml/yaml.hpp"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace tplguard::bench {

namespace {

// splitmix64: small, fast and the same everywhere.
struct Rng {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  // Skewed towards small indexes, as real title frequencies are.
  size_t skewed(size_t n) {
    const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
    return std::min(n - 1, static_cast<size_t>(static_cast<double>(n) * u * u));
  }
};

struct Base {
  std::string stem;  // the corpus title without its suffix
  std::vector<std::string> keywords;
  std::string kind;
};

const std::vector<std::string> kScenes = {
    "会员", "门店", "课程", "预约", "外卖", "快递", "酒店", "团购", "拼车", "物业", "停车", "挂号", "图书", "健身",
    "充电", "家政", "租车", "机票", "火车票", "电影票", "演出", "体检", "疫苗", "社区", "班级", "考试", "报名", "维修",
    "售后", "积分", "优选", "生鲜", "药品", "宠物", "洗衣", "美容", "婚庆", "装修", "保险", "基金", "话费", "水电",
    "燃气", "学费", "餐厅", "咖啡", "花店", "书店", "影院", "景区", "博物馆", "展会", "讲座", "直播", "问诊", "检测"};
const std::vector<std::string> kObjects = {"订单", "服务", "活动", "申请", "账户", "包裹", "工单", "预约", "课程", "门票"};
const std::vector<std::string> kSuffixes = {"通知", "提醒"};

std::string example_for(const std::string& name, Rng& rng) {
  auto has = [&](const char* w) { return name.find(w) != std::string::npos; };
  char buf[64];
  if (has("时间") || has("日期")) {
    std::snprintf(buf, sizeof buf, "2024年%zu月%zu日 %02zu:%02zu", 1 + rng.below(12), 1 + rng.below(28), rng.below(24),
                  rng.below(60));
    return buf;
  }
  if (has("金额") || has("价格") || has("余额") || has("费")) {
    std::snprintf(buf, sizeof buf, "%zu.%02zu元", 1 + rng.below(999), rng.below(100));
    return buf;
  }
  if (has("号")) {
    std::snprintf(buf, sizeof buf, "SF%010zu", static_cast<size_t>(rng.next() % 10000000000ull));
    return buf;
  }
  if (has("数量") || has("次数")) return std::to_string(1 + rng.below(20));
  if (has("电话") || has("手机")) return "138" + std::to_string(10000000 + rng.below(89999999));
  if (has("状态")) return rng.chance(0.5) ? "已完成" : "处理中";
  if (has("地址") || has("地点")) return "广州市天河区体育西路" + std::to_string(1 + rng.below(300)) + "号";
  if (has("姓名") || has("昵称") || has("名字")) return rng.chance(0.5) ? "张三" : "李四";
  static const std::vector<std::string> things = {"咖啡", "会员卡", "瑜伽课", "洗衣服务", "电影票", "体检套餐"};
  return things[rng.below(things.size())];
}

}  // namespace

struct TitleGenerator::Data {
  Rng rng;
  bool keywords = true;
  std::vector<Base> bases;
  std::vector<std::pair<std::string, std::vector<std::string>>> synonyms;  // word, variants
  std::vector<std::vector<std::string>> contrasts;
  std::unique_ptr<icu::Transliterator> to_traditional;
};

TitleGenerator::TitleGenerator(const GeneratorOptions& o) : data_(new Data) {
  std::unique_ptr<Data> guard(data_);
  Data& d = *data_;
  d.rng.state = o.seed * 0x2545F4914F6CDD1Dull + 1;
  d.keywords = o.keywords;
  std::ifstream corpus(o.source_dir + "/corpus/real/templates.jsonl");
  if (!corpus) throw std::runtime_error("cannot read " + o.source_dir + "/corpus/real/templates.jsonl");
  std::string line;
  while (std::getline(corpus, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    Base b;
    b.stem = j.at("title").get<std::string>();
    for (const auto& s : kSuffixes)
      if (b.stem.size() > s.size() && b.stem.compare(b.stem.size() - s.size(), s.size(), s) == 0)
        b.stem.resize(b.stem.size() - s.size());
    if (j.contains("keywords") && j["keywords"].is_array())
      for (const auto& k : j["keywords"]) b.keywords.push_back(k.at("name").get<std::string>());
    b.kind = j.value("kind", "unknown");
    d.bases.push_back(std::move(b));
  }
  const yaml::Node syn = yaml::parse_file(o.source_dir + "/rules/lexicons/synonyms.yaml")["synonyms"];
  for (const auto& kv : syn) {
    std::vector<std::string> variants;
    for (const auto& v : kv.second) variants.push_back(v.as<std::string>());
    if (variants.empty()) continue;  // a word with no synonym: nothing to swap
    d.synonyms.emplace_back(kv.first.as<std::string>(), std::move(variants));
  }
  for (const auto& g : yaml::parse_file(o.source_dir + "/rules/lexicons/contrasts.yaml")["groups"]) {
    std::vector<std::string> members;
    for (const auto& m : g["members"]) members.push_back(m.as<std::string>());
    d.contrasts.push_back(std::move(members));
  }
  UErrorCode status = U_ZERO_ERROR;
  d.to_traditional.reset(icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU has no Hans-Hant transliterator");
  guard.release();
}

TitleGenerator::~TitleGenerator() { delete data_; }

namespace {

bool replace_first(std::string& s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  if (at == std::string::npos) return false;
  s.replace(at, from.size(), to);
  return true;
}

// Byte offsets of character boundaries (UTF-8).
std::vector<size_t> boundaries(const std::string& s) {
  std::vector<size_t> b;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) b.push_back(i);
  return b;
}

}  // namespace

GeneratedTemplate TitleGenerator::next() {
  Data& d = *data_;
  Rng& r = d.rng;
  const Base& base = d.bases[r.skewed(d.bases.size())];
  std::string stem = base.stem;
  size_t base_at = 0;  // where the corpus stem starts in `stem`
  // Longer, specific titles: a scene (and sometimes an object) in front.
  if (r.chance(0.75)) {
    std::string prefix = kScenes[r.below(kScenes.size())];
    if (r.chance(0.35)) prefix += kScenes[r.below(kScenes.size())];
    if (r.chance(0.25) && stem.find("订单") == std::string::npos) prefix += kObjects[r.below(kObjects.size())];
    stem = prefix + stem;
    base_at = prefix.size();
  }
  if (r.chance(0.2)) {  // a synonym swap: 支付 -> 付款
    const auto& [word, variants] = d.synonyms[r.below(d.synonyms.size())];
    replace_first(stem, word, variants[r.below(variants.size())]);
  }
  if (r.chance(0.2)) {  // another event of a contrast group: 成功 -> 失败
    for (size_t tries = 0; tries < 4; ++tries) {
      const auto& group = d.contrasts[r.below(d.contrasts.size())];
      bool done = false;
      for (const auto& m : group)
        if (stem.find(m) != std::string::npos) {
          done = replace_first(stem, m, group[r.below(group.size())]);
          break;
        }
      if (done) break;
    }
  }
  if (r.chance(0.1) && stem.find("已") == std::string::npos && stem.find("的") == std::string::npos) {
    // 已 before the event (订单已发货), 的 after the scene (会员的充值).
    const auto b = boundaries(stem);
    if (r.chance(0.5) && b.size() > 3) stem.insert(b[b.size() - 3], "已");
    else stem.insert(base_at, base_at > 0 ? "的" : "已");
  }
  std::string title = stem + kSuffixes[r.below(kSuffixes.size())];
  if (r.chance(0.04)) {  // traditional forms
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(title);
    d.to_traditional->transliterate(u);
    title.clear();
    u.toUTF8String(title);
  }
  if (r.chance(0.02)) {  // a space or brackets
    const auto b = boundaries(title);
    if (r.chance(0.5)) title.insert(b[1 + r.below(b.size() - 2)], " ");
    else title = "【" + title + "】";
  }
  GeneratedTemplate t;
  t.title = std::move(title);
  t.kind = base.kind == "unknown" ? "miniprogram-template" : base.kind;
  if (d.keywords)
    for (const auto& k : base.keywords) t.keywords.emplace_back(k, example_for(k, r));
  return t;
}

}  // namespace tplguard::bench
