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
    {"支付金额", "¥88.00", true},
    {"支付金额", "￥1,288.50元", true},
    {"支付金额", "88元", true},
    {"支付金额", "xxxx元", true},
    {"支付金额", "免费", true},
    {"支付金额", "八十八元", false},
    {"支付金额", "2016年6月6日", false},
    {"房费", "299元/晚", true},
    {"联系电话", "+86-0766-66888866", true},
    {"联系电话", "138****8888", true},
    {"联系电话", "400-800-1234转5", true},
    {"联系电话", "张三", false},
    {"成团人数", "3人", true},
    {"商品数量", "2件", true},
    {"库存", "10", true},
    {"商品数量", "很多", false},
    {"订单编号", "SF1234567", true},
    {"订单编号", "No.2023-0101", true},
    {"取件码", "A-12-3", true},
    {"订单编号", "咖啡订单", false},
    {"车牌号", "粤A8Z888挂", true},
    {"车牌号", "京A·12345", true},
    {"车牌号", "12345", false},
    {"收货人", "李XX", true},
    {"收货人", "张*", true},
    {"收货人", "梁某某", true},
    {"收货人", "John Smith", true},
    {"收货人", "13800138000", false},
    {"购买地点", "TIT造舰厂", true},
    {"购买地点", "2016-06-06", false},
    {"订单状态", "派送中", true},
    {"订单状态", "1", false},
    {"商品名称", "咖啡", true},
    {"商品名称", "2016-06-06", false},
    {"服务时长", "30分钟", true},
    {"服务时长", "1小时30分钟", true},
    {"联系邮箱", "a@b.com", true},
    {"联系邮箱", "abc", false},
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
