// keyword-example on a table of real-world example shapes: what must pass and what must not.
#include <catch2/catch.hpp>

#include "support.hpp"

namespace {
struct Case {
  const char* keyword;
  const char* example;
  bool fits;
};
const Case kCases[] = {
    // dates and times: digits, Chinese numerals, relative days, weekdays, parts of the day, ranges
    {"购买时间", "2019年10月1日 15:01", true},
    {"购买时间", "15:01", true},
    {"购买时间", "15:01~16:00", true},
    {"购买时间", "2018.01.01", true},
    {"购买日期", "01-01", true},
    {"购买日期", "2018-01", true},
    {"会议时间", "2019年10月1日 15:01 ~ 2019年10月1日 17:00", true},
    {"营业时间", "周一至周五 9:00-18:00", true},
    {"预约时间", "明天 下午3点", true},
    {"下单时间", "2015 01 01 12:00", true},
    {"到店时间", "６月６日", true},
    {"购买时间", "咖啡", false},
    {"购买时间", "尽快", false},
    {"购买时间", "2016", false},
    {"预约时间", "后天 9:30", true},
    {"开放时间", "周末全天", true},
    {"活动时间", "二〇二四年十月", true},
    {"活动时间", "二〇二四年十月一日", true},
    {"活动日期", "2024年10月1日", true},
    {"活动日期", "10月1日", true},
    {"发货时间", "明天", true},
    {"预约时间", "下午3点", true},
    {"营业时间", "每周一至周五", true},
    {"营业时间", "09:00-18:00", true},
    {"活动时间", "2024-10-01 至 2024-10-07", true},
    {"截止时间", "今天18:00前", true},
    {"预约时间", "下午三点半", true},
    {"预约时间", "3点30分", true},
    {"预约时间", "十点一刻", true},
    {"上课时间", "每周六 上午9:00-11:00", true},
    {"活动时间", "国庆节期间", true},
    {"活动时间", "2024年10月1日（周二）", true},
    {"到账时间", "1-3个工作日内", true},
    {"送达时间", "预计明天18:00前", true},
    {"送达时间", "下单后24小时内", true},
    {"活动时间", "本月底", true},
    {"交货日期", "2024年第3季度", true},
    {"生日", "农历八月十五", true},
    {"会议时间", "2024/10/01 14:00", true},
    {"开始时间", "20241001", true},
    {"预约时间", "xxxx年xx月xx日 xx:xx", true},
    {"发货时间", "顺丰快递", false},
    {"活动时间", "88元", false},
    {"出生日期", "15:30", false},
    {"截止日期", "2024年12月31日", true},
    {"截止日期", "今天18:00前", true},
    {"预约日期", "周六", true},
    {"有效期", "2024年12月31日前", true},
    {"有效期", "30天", true},
    {"有效期", "领取后7天内有效", true},
    {"等待时间", "约30分钟", true},
    {"营业时间", "24小时", true},
    {"活动时间", "10月1日~10月7日（共7天）", true},
    {"到账时间", "实时到账", true},
    {"到账时间", "次日到账", true},
    {"上课时间", "周六 10:00-11:30", true},
    {"预约时间", "2019-10-01 上午", true},
    {"活动时间", "10.1-10.7", true},
    {"活动时间", "2019年10月1日至7日", true},
    {"开始时间", "2019-10-01T10:00:00", true},
    {"预约时间", "今晚8点", true},
    {"预约时间", "晚8点", true},
    {"操作时间", "5分钟前", true},
    // durations
    {"服务时长", "30分钟", true},
    {"服务时长", "1小时30分钟", true},
    {"服务时长", "半小时", true},
    {"服务时长", "三天两晚", true},
    {"服务时长", "2-3小时", true},
    {"服务时长", "很久", false},
    {"停车时长", "2小时30分", true},
    {"停车时长", "02:30:00", true},
    // amounts and fees: 元/角/分, currency signs and words, 大写, ranges, per-unit prices, 免费 for fees only
    {"支付金额", "¥88.00", true},
    {"支付金额", "￥1,288.50元", true},
    {"支付金额", "88元", true},
    {"支付金额", "xxxx元", true},
    {"支付金额", "八十八元", true},
    {"支付金额", "2016年6月6日", false},
    {"支付金额", "免费", false},
    {"运费", "免费", true},
    {"运费", "包邮", true},
    {"房费", "299元/晚", true},
    {"支付金额", "壹佰元整", true},
    {"支付金额", "人民币壹仟贰佰叁拾肆元伍角陆分", true},
    {"支付金额", "港币100元", true},
    {"支付金额", "100港币", true},
    {"支付金额", "HK$100", true},
    {"支付金额", "US$ 20.5", true},
    {"支付金额", "100美元", true},
    {"支付金额", "3元5角", true},
    {"支付金额", "5角", true},
    {"订单金额", "100-200元", true},
    {"订单金额", "¥100~¥200", true},
    {"人均价格", "人均50元", true},
    {"课程价格", "30元/人", true},
    {"退款金额", "-20元", true},
    {"订单金额", "共计88元", true},
    {"订单金额", "¥88.00（含运费）", true},
    {"订单金额", "1.5万元", true},
    {"订单金额", "很贵", false},
    {"订单金额", "请尽快支付", false},
    {"商品价格", "100元起", true},
    {"优惠金额", "满100减10", true},
    {"订单金额", "100.00元（已优惠10元）", true},
    {"订单金额", "-¥10", true},
    // phone numbers
    {"联系电话", "+86-0766-66888866", true},
    {"联系电话", "138****8888", true},
    {"联系电话", "400-800-1234转5", true},
    {"联系电话", "(010)12345678", true},
    {"联系电话", "张三", false},
    {"联系电话", "请联系客服", false},
    // quantities: units, ranges, per-person limits, fractions
    {"成团人数", "3人", true},
    {"商品数量", "2件", true},
    {"库存", "10", true},
    {"商品数量", "很多", false},
    {"商品数量", "3-5件", true},
    {"限购数量", "每人限1份", true},
    {"限购数量", "1份/人", true},
    {"参与人数", "100人以上", true},
    {"拼团人数", "3/5人", true},
    {"入住人数", "2大1小", true},
    {"商品数量", "两件", true},
    {"获得积分", "+100积分", true},
    {"考试分数", "95分", true},
    {"年龄", "25岁", true},
    {"体重", "65kg", true},
    {"体温", "36.5℃", true},
    {"剩余名额", "还剩5个", true},
    {"商品数量", "2024年10月1日", false},
    {"商品数量", "共3件商品", true},
    {"剩余名额", "剩余2个名额", true},
    {"商品数量", "x1", true},
    {"商品数量", "×2", true},
    // codes: order, tracking, pickup, train, flight, room, seat and bed numbers
    {"订单编号", "SF1234567", true},
    {"订单编号", "No.2023-0101", true},
    {"取件码", "A-12-3", true},
    {"取件码", "12-3", true},
    {"订单编号", "咖啡订单", false},
    {"订单编号", "2016-06-06", false},
    {"车次", "G1234", true},
    {"车次", "D301", true},
    {"航班号", "CA1234", true},
    {"床位号", "3号床", true},
    {"座位号", "12排8座", true},
    {"座位", "3车厢12F", true},
    {"房间号", "A-302", true},
    {"房间号", "1号楼2单元301", true},
    {"桌号", "A12", true},
    {"快递单号", "顺丰 SF1234567890", true},
    {"会员卡号", "0000 0000", true},
    {"身份证号", "4401**********1234", true},
    {"车牌号", "粤A8Z888挂", true},
    {"车牌号", "京A·12345", true},
    {"车牌号", "12345", false},
    {"航班", "MU5101 上海虹桥-北京首都", true},
    {"取餐号", "A023", true},
    {"取件码", "3-2-1008", true},
    {"座位号", "05车12F号", true},
    {"登机口", "A12", true},
    // people: surnames, masks, titles, stand-ins, Latin names; never digits, dates or sentences
    {"收货人", "李XX", true},
    {"收货人", "张*", true},
    {"收货人", "李**", true},
    {"收货人", "梁某某", true},
    {"收货人", "John Smith", true},
    {"收货人", "13800138000", false},
    {"收货人", "张三", true},
    {"收货人", "欧阳娜娜", true},
    {"收货人", "王先生", true},
    {"留言人", "张老师", true},
    {"联系人", "小王", true},
    {"收货人", "迪丽热巴·迪力木拉提", true},
    {"参会人员", "张三、李四", true},
    {"收货人", "请尽快取件", false},
    {"收货人", "明天", false},
    {"收货人", "已发货", false},
    {"收货人", "88元", false},
    {"负责人", "Zhang San", true},
    {"医生", "张医生", true},
    {"患者", "张*明", true},
    {"签收人", "本人", true},
    {"签收人", "前台代收", true},
    {"审核人", "系统", true},
    {"申请人", "张三（工号1234）", true},
    {"上课老师", "王老师", true},
    {"销售顾问", "王顾问", true},
    // places: addresses, place endings, regions, online, rooms
    {"购买地点", "TIT造舰厂", true},
    {"购买地点", "2016-06-06", false},
    {"工作地点", "西安市莲湖区北大街88号", true},
    {"收货地址", "北京市海淀区中关村大街1号院3号楼301室", true},
    {"门店", "星巴克(国贸店)", true},
    {"城市", "上海", true},
    {"所在地区", "广东深圳", true},
    {"会议地点", "线上", true},
    {"会议地点", "腾讯会议", true},
    {"会议室", "A301", true},
    {"科室", "口腔科", true},
    {"医院", "北京协和医院", true},
    {"出发站", "北京南", true},
    {"活动地点", "人民广场", true},
    {"购买地点", "咖啡", false},
    {"活动地点", "15:00", false},
    {"活动地点", "请尽快到场", false},
    {"活动地点", "¥88", false},
    {"考试地点", "第一教学楼201", true},
    {"上课地点", "3号教室", true},
    {"取餐地点", "1楼前台", true},
    {"服务地址", "xx小区3栋", true},
    {"门店地址", "广东省广州市天河区xx路xx号", true},
    {"预约门店", "XX店(万达广场店)", true},
    {"就诊科室", "内科", true},
    // statuses, progress, results
    {"订单状态", "派送中", true},
    {"订单状态", "1", false},
    {"订单状态", "已发货", true},
    {"订单状态", "待支付", true},
    {"审核状态", "审核通过", true},
    {"处理状态", "处理中", true},
    {"审核结果", "审核未通过，原因：资料不全", true},
    {"订单状态", "咖啡", false},
    {"订单状态", "2016-06-06", false},
    {"订单状态", "88元", false},
    {"检测结果", "阴性", true},
    {"抽奖结果", "一等奖", true},
    {"考试结果", "95分", true},
    {"审核结果", "通过", true},
    {"办理进度", "50%", true},
    {"办理进度", "已完成", true},
    {"物流状态", "已签收", true},
    {"订单状态", "已接单", true},
    {"订单状态", "制作中", true},
    {"活动状态", "未开始", true},
    // names of things, channels, methods
    {"商品名称", "咖啡", true},
    {"商品名称", "2016-06-06", false},
    {"商品名称", "¥88", false},
    {"提现渠道", "微信零钱", true},
    {"提现渠道", "2024年10月1日", false},
    {"支付方式", "信用卡", true},
    {"快递公司", "顺丰速运", true},
    // floors, blood types, genders, email
    {"所在楼层", "3楼", true},
    {"楼层", "B1", true},
    {"楼层", "地下一层", true},
    {"楼层", "咖啡", false},
    {"血型", "A型", true},
    {"血型", "AB型RH阴性", true},
    {"血型", "O", true},
    {"血型", "咖啡", false},
    {"性别", "男", true},
    {"性别", "咖啡", false},
    {"联系邮箱", "a@b.com", true},
    {"联系邮箱", "abc", false},
    // shops, prices to be agreed, unlimited counts, names with a phone, districts, more states
    {"门店", "星巴克", true},
    {"门店", "2024年10月1日", false},
    {"门店", "请尽快到店", false},
    {"课程价格", "面议", true},
    {"参与人数", "不限", true},
    {"已售数量", "已售100件", true},
    {"快递员", "王师傅 138****8888", true},
    {"活动地点", "海淀", true},
    {"活动地点", "国贸", true},
    {"库存状态", "库存不足", true},
    {"在职状态", "在职", true},
    {"比赛结果", "获胜", true},
    {"血型", "Rh阴性AB型", true},
    {"营业时间", "每天 9:00-21:00", true},
    {"营业时间", "周一至周日 10:00-22:00", true},
    {"活动时间", "即日起至2024年12月31日", true},
    {"预约时间", "上午9点至下午5点", true},
    {"营业时间", "9:00~12:00, 14:00~18:00", true},
    {"活动时间", "春节期间", true},
    {"预约时间", "10月1日(周二) 14:00-16:00", true},
    {"支付金额", "1,000.00元", true},
    {"支付金额", "88.00 RMB", true},
    {"支付金额", "三块五", true},
    {"支付金额", "$9.99", true},
    {"楼层", "3F", true},
    {"楼层", "负一层", true},
    {"收货人", "诸葛亮", true},
    {"收货人", "李女士", true},
    {"收货人", "微信用户", true},
    {"座位号", "A区-3排-12号", true},
    {"排名", "第3名", true},
    // keywords of no type say nothing
    {"备注", "请尽快取件", true},
    {"原因", "2016-06-06", true},
    {"温馨提示", "记得8点上线哦~", true},
    {"昵称", "咖啡", true},
    {"评价", "很好", true},
    {"提现账号", "微信零钱", true},
    {"手机型号", "iPhone 15", true},
    {"尺码", "42码", true},
    {"联系方式", "138****8888", true},
};
}  // namespace

TEST_CASE("keyword-example accepts fitting examples and flags the rest", "[rules][keyword-example]") {
  for (const auto& c : kCases) {
    INFO(c.keyword << " = " << c.example);
    const auto t = test_support::make_template("订单发货提醒", {{{c.keyword, c.example}}});
    const auto fs = test_support::lint_one(t, tplguard::Profile::miniprogram, {"keyword-example"});
    CHECK(fs.empty() == c.fits);
  }
}

TEST_CASE("keyword-example names the expected type, and what a refused example looks like", "[rules][keyword-example]") {
  struct Message {
    const char* keyword;
    const char* example;
    const char* en;
  };
  const Message messages[] = {
      {"购买地点", "2016-06-06", "'2016-06-06' looks like a date or time, not a place"},
      {"支付金额", "2016年6月6日", "'2016年6月6日' looks like a date or time, not an amount of money"},
      {"活动时间", "88元", "'88元' looks like an amount of money, not a date or time"},
      {"收货人", "13800138000", "'13800138000' looks like a phone number, not a person's name"},
      {"收货人", "请尽快取件", "'请尽快取件' looks like a sentence, not a person's name"},
      {"订单状态", "咖啡", "'咖啡' does not look like a status"},
      {"楼层", "咖啡", "'咖啡' does not look like a floor"},
      {"支付金额", "免费", "'免费' does not look like an amount of money"},
  };
  for (const auto& m : messages) {
    INFO(m.keyword << " = " << m.example);
    const auto t = test_support::make_template("订单发货提醒", {{{m.keyword, m.example}}});
    const auto fs = test_support::lint_one(t, tplguard::Profile::miniprogram, {"keyword-example"});
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].message_en.find(m.en) != std::string::npos);
  }
}

TEST_CASE("keyword-example types keyword names by their head word", "[rules][keyword-example]") {
  // The same example under names that share a head word: the head decides, exceptions win.
  struct Naming {
    const char* keyword;
    const char* example;
    bool fits;
  };
  const Naming names[] = {
      {"床位号", "咖啡", false},      // …号 is a code
      {"账号", "咖啡", true},         // but 账号 is not
      {"手机型号", "iPhone 15", true},  // nor 型号
      {"积分余额", "100积分", true},  // 积分余额 is a quantity, not an amount (余额)
      {"评价", "很好", true},         // 评价 is not a price (…价)
      {"会员", "黄金会员", true},     // 会员 is not a person (…员)
      {"配送员", "2016-06-06", false},  // …员 is
      {"出发地", "咖啡", false},      // …地 is a place
      {"质地", "咖啡", true},         // but 质地 is not
      {"联系方式", "138****8888", true},  // 联系方式 is not a thing (…方式)
      {"提现渠道", "2024年10月1日", false},  // 渠道 names a thing
      {"血型", "A型", true},
      {"所在楼层", "3楼", true},
      {"体温", "36.5℃", true},
  };
  for (const auto& n : names) {
    INFO(n.keyword << " = " << n.example);
    const auto t = test_support::make_template("订单发货提醒", {{{n.keyword, n.example}}});
    const auto fs = test_support::lint_one(t, tplguard::Profile::miniprogram, {"keyword-example"});
    CHECK(fs.empty() == n.fits);
  }
}
