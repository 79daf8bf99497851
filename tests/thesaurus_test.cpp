// The thesaurus and the contrast groups as data (rules/lexicons/synonyms.yaml, contrasts.yaml):
// synonyms never stand on opposite sides of a contrast group, pairs a reviewer calls the same
// word are one class, pairs a reviewer calls different events are not, and a rule pack that
// breaks these is refused when it is loaded.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "pipeline/engine_impl.hpp"
#include "rules/similarity.hpp"
#include "support.hpp"

using namespace tplguard;

namespace {

std::shared_ptr<const Engine> shipped() {
  static const auto e = Engine::load({std::string(TPLGUARD_SOURCE_DIR) + "/rules"});
  return e;
}

std::vector<const rules::StemBuilder*> stem_builders() {
  std::vector<const rules::StemBuilder*> out;
  for (const auto& r : shipped()->impl().pack.rules)
    if (auto s = r.kind->title_stems()) out.push_back(s);
  return out;
}

std::string load_error(const std::string& file, const std::string& text) {
  return test_support::pack_load_error(file, text);
}

std::string shipped_file(const std::string& name) {
  return test_support::read_file(std::string(TPLGUARD_SOURCE_DIR) + "/rules/lexicons/" + name);
}

}  // namespace

TEST_CASE("thesaurus: the shipped classes load, hundreds of them", "[similarity][thesaurus]") {
  const auto builders = stem_builders();
  REQUIRE(builders.size() == 1);  // title-similar (keyword-similar has no title stems)
  // Classes include contrast members and fillers of their own; the thesaurus alone has 200+.
  CHECK(builders[0]->class_count() >= 250);
}

TEST_CASE("thesaurus: pairs a reviewer calls synonyms are one class; different events are not", "[similarity][thesaurus]") {
  const rules::StemBuilder& b = *stem_builders()[0];
  // Judged in the service sense, independently of the data files.
  const std::vector<std::pair<const char*, const char*>> same = {
      {"派送", "配送"}, {"送货", "配送"}, {"发出", "发货"}, {"寄出", "发货"}, {"修改", "更改"}, {"变更", "修改"},
      {"调整", "变更"}, {"取消", "撤销"}, {"撤回", "取消"}, {"退费", "退款"}, {"退钱", "退款"}, {"付款", "支付"},
      {"缴费", "支付"}, {"预订", "预约"}, {"预定", "预约"}, {"入账", "到账"}, {"审批", "审核"}, {"办结", "完成"},
      {"登出", "退出"}, {"生成", "创建"}, {"上升", "上涨"}, {"下降", "下跌"}, {"进场", "入场"}, {"离店", "退房"},
      {"抵达", "到达"}, {"包裹", "快递"}, {"物流", "快递"}, {"日期", "时间"}, {"编号", "号"}, {"延迟", "延误"},
      {"推迟", "延期"}, {"薪资", "工资"}, {"類別", "类型"}, {"帳號", "账户"}, {"拼单", "拼团"}, {"收件", "签收"}};
  for (const auto& [x, y] : same) {
    INFO(x << " / " << y);
    CHECK(b.class_of(x) == b.class_of(y));
  }
  const std::vector<std::pair<const char*, const char*>> different = {
      {"发货", "签收"}, {"揽收", "配送"}, {"支付", "退款"}, {"充值", "提现"}, {"到期", "过期"}, {"延期", "延误"},
      {"取消", "关闭"}, {"预约", "到店"}, {"入住", "退房"}, {"开始", "结束"}, {"送达", "到达"}, {"审核", "受理"},
      {"办理", "处理"}, {"新增", "创建"}, {"开门", "开锁"}, {"过期", "失效"}, {"缴费", "欠费"}, {"部分", "全部"}};
  for (const auto& [x, y] : different) {
    INFO(x << " / " << y);
    CHECK(b.class_of(x) != b.class_of(y));
  }
}

TEST_CASE("thesaurus: no contrast group holds two words of one class", "[similarity][thesaurus]") {
  // Read the files as data, map every member to its class, and look for a class twice in a group.
  const rules::StemBuilder& b = *stem_builders()[0];
  const yaml::Node root = yaml::parse(shipped_file("contrasts.yaml"));
  size_t groups = 0;
  for (const auto& g : root["groups"]) {
    std::map<std::u32string, std::string> seen;
    for (const auto& m : g["members"]) {
      const std::string word = m.as<std::string>();
      const auto [it, fresh] = seen.emplace(b.class_of(word), word);
      INFO("group " << groups << ": " << it->second << " / " << word);
      CHECK(fresh);
    }
    ++groups;
  }
  CHECK(groups >= 30);
  // A qualifier is not also a member.
  std::set<std::u32string> members;
  for (const auto& g : root["groups"])
    for (const auto& m : g["members"]) members.insert(b.class_of(m.as<std::string>()));
  for (const auto& q : root["qualifiers"]) {
    INFO(q.as<std::string>());
    CHECK(members.count(b.class_of(q.as<std::string>())) == 0);
  }
}

TEST_CASE("thesaurus: a rule pack that puts synonyms on opposite sides is refused", "[similarity][thesaurus]") {
  const std::string contrasts = shipped_file("contrasts.yaml");
  // 派送 and 配送 are one class: a group listing both cannot tell them apart.
  std::string bad = std::regex_replace(contrasts, std::regex("揽收, 配送,"), "揽收, 派送, 配送,");
  REQUIRE(bad != contrasts);
  CHECK_THAT(load_error("lexicons/contrasts.yaml", bad), Catch::Contains("`派送` and `配送` are one word"));
  // A qualifier that is a member.
  bad = std::regex_replace(contrasts, std::regex("qualifiers: \\["), "qualifiers: [超时, ");
  CHECK_THAT(load_error("lexicons/contrasts.yaml", bad), Catch::Contains("qualifier `超时` is already"));
  // A word in two classes.
  const std::string synonyms = shipped_file("synonyms.yaml");
  bad = std::regex_replace(synonyms, std::regex("  收款: \\[收钱\\]"), "  收款: [收钱, 付款]");
  REQUIRE(bad != synonyms);
  CHECK_THAT(load_error("lexicons/synonyms.yaml", bad), Catch::Contains("`付款` is listed twice"));
}

TEST_CASE("thesaurus: a word segmenter's coarser or finer words give the same stems", "[similarity][thesaurus]") {
  // segment_stem (longest match) is the one function a dictionary segmenter replaces; the
  // stem must not depend on the segmenter splitting 未通过 or keeping 订单号 whole.
  const rules::StemBuilder& b = *stem_builders()[0];
  const auto& canon = *shipped()->impl().pack.canon;
  auto segmented = [&](const std::vector<std::u32string>& words) {
    std::u32string chars;
    std::vector<rules::StemSpan> spans;
    for (const auto& w : words) {
      spans.push_back({static_cast<uint32_t>(chars.size()), static_cast<uint32_t>(chars.size() + w.size())});
      chars += w;
    }
    rules::Stem s;
    b.stem_segmented(chars, spans, s);
    return s;
  };
  auto stem_of = [&](const std::string& title) {
    text::Canonical c;
    canon.canonicalize(title, c);
    rules::Stem s;
    b.stem(c, s);
    return s;
  };
  auto same = [](const rules::Stem& x, const rules::Stem& y) {
    return x.text == y.text && x.contrasts == y.contrasts && x.length == y.length;
  };
  CHECK(same(segmented({U"审核", U"未", U"通过"}), stem_of("审核未通过通知")));    // joined: 未通过
  CHECK(same(segmented({U"订单号", U"变更"}), stem_of("订单号变更提醒")));         // split: 订 单 号
  CHECK(same(segmented({U"快递", U"已", U"发出"}), stem_of("快递已发出通知")));
  CHECK(same(segmented({U"取消绑定", U"成功"}), stem_of("取消绑定成功通知")));
  CHECK(same(segmented({U"退出", U"登录"}), stem_of("退出登录提醒")));             // joined: 退出登录
  // Where the segmenter knows better: 集中/奖励 holds no 中奖, which the longest match finds.
  CHECK(segmented({U"集中", U"奖励"}).contrasts.empty());
  CHECK_FALSE(stem_of("集中奖励通知").contrasts.empty());
}
