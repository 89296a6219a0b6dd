// The import's cell conversions and header matching (service/columns.cpp): exact money, dates and
// months in the forms ledgers use, and what is refused.
#include "service/columns.hpp"

#include <gtest/gtest.h>

#include "core/utf8.hpp"

namespace zs {
namespace {

sheet::Cell Text(std::string t) { return {sheet::CellKind::kText, std::move(t), 0, std::nullopt, false}; }
sheet::Cell Number(double n, std::string text) { return {sheet::CellKind::kNumber, std::move(text), n, std::nullopt, false}; }

TEST(Columns, MoneyIsExactInTheHeadersUnit) {
    int64_t yuan = -1;
    EXPECT_TRUE(ParseMoneyCell(Number(1234.5678, "1234.5678"), 10000, yuan).error.empty());
    EXPECT_EQ(yuan, 12345678);
    EXPECT_TRUE(ParseMoneyCell(Text("12,345.5"), 10000, yuan).error.empty());
    EXPECT_EQ(yuan, 123455000);
    EXPECT_TRUE(ParseMoneyCell(Text("2.5"), 100000000, yuan).error.empty());  // 亿元
    EXPECT_EQ(yuan, 250000000);
    // Excel's floating-point noise in a computed cell is a whole yuan, not an error …
    EXPECT_TRUE(ParseMoneyCell(Number(12.299999999999999, "12.299999999999999"), 10000, yuan).error.empty());
    EXPECT_EQ(yuan, 123000);
    // … but a fifth decimal of 万元 is a fraction of a yuan: refused, never rounded.
    EXPECT_EQ(ParseMoneyCell(Text("1.23456"), 10000, yuan).error, "金额最多精确到元");
    EXPECT_EQ(ParseMoneyCell(Text("-3"), 10000, yuan).error, "不能为负数");
    EXPECT_EQ(ParseMoneyCell(Text("abc"), 10000, yuan).error, "应为金额（数字）");
    EXPECT_EQ(ParseMoneyCell(Text("1e3"), 10000, yuan).error, "应为金额（数字）");
    EXPECT_TRUE(ParseMoneyCell(Text("  "), 10000, yuan).empty);
    EXPECT_EQ(ParseMoneyCell(Text("100000000000000"), 10000, yuan).error, "数值过大");  // 10^18 yuan
}

TEST(Columns, DatesInTheFormsLedgersUse) {
    Date d;
    for (const char* t : {"2025-03-01", "2025/3/1", "2025.3.1", "2025年3月1日", "20250301", "2025-03-01 08:30:00"}) {
        ASSERT_TRUE(ParseDateCell(Text(t), d).error.empty()) << t;
        EXPECT_EQ(d.ToString(), "2025-03-01") << t;
    }
    ASSERT_TRUE(ParseDateCell(Number(20250301, "20250301"), d).error.empty());
    EXPECT_EQ(d.ToString(), "2025-03-01");
    ASSERT_TRUE(ParseDateCell(Number(45717, "45717"), d).error.empty());  // an Excel serial shown as General
    EXPECT_EQ(d.ToString(), "2025-03-01");
    EXPECT_EQ(ParseDateCell(Text("2025-02-30"), d).error, "日期不存在");
    EXPECT_FALSE(ParseDateCell(Text("三月一日"), d).error.empty());
    EXPECT_TRUE(ParseDateCell(Text(""), d).empty);
}

TEST(Columns, MonthsAndTheAmbiguousDecimal) {
    int y = 0, m = 0;
    for (const char* t : {"2025-03", "2025年3月", "202503", "2025/3"}) {
        ASSERT_TRUE(ParseMonthCell(Text(t), y, m).error.empty()) << t;
        EXPECT_EQ(y * 100 + m, 202503) << t;
    }
    // 2025.1 as a number could be January or October (2025.10): refused, with the way to write it.
    EXPECT_EQ(ParseMonthCell(Number(2025.1, "2025.1"), y, m).error, "月份请写成 2025-03 或 2025年3月");
    EXPECT_FALSE(ParseMonthCell(Text("2025-13"), y, m).error.empty());
}

TEST(Columns, HeadersMatchAfterNormalising) {
    EXPECT_EQ(NormaliseHeader("总投资（万元）"), NormaliseHeader("总投资(万元)"));
    EXPECT_EQ(NormaliseHeader("*总投资"), "总投资");
    EXPECT_EQ(NormaliseHeader(" 项目 名称【必填】"), "项目名称");
    EXPECT_EQ(HeaderMoneyScale("总投资（亿元）"), 100000000);
    EXPECT_EQ(HeaderMoneyScale("总投资(万元)"), 10000);
    EXPECT_EQ(HeaderMoneyScale("总投资（元）"), 1);
    EXPECT_EQ(HeaderMoneyScale("总投资"), 10000);
    // Every canonical header and synonym of a kind names one field only.
    for (ImportKind k : {ImportKind::kProjects, ImportKind::kInvestors, ImportKind::kMonthly}) {
        std::map<std::string, std::string> seen;
        for (const auto& d : ImportColumns(k)) {
            auto [it, fresh] = seen.emplace(NormaliseHeader(d.header), d.key);
            EXPECT_TRUE(fresh || it->second == d.key) << d.header;
        }
    }
}

TEST(Columns, LabelsBothWays) {
    EXPECT_EQ(CategoryFromLabel("服务业"), Category::kService);
    EXPECT_EQ(CategoryFromLabel("工业项目"), Category::kIndustry);
    EXPECT_EQ(CategoryFromLabel("industry"), Category::kIndustry);
    EXPECT_FALSE(CategoryFromLabel("制造业").has_value());
    EXPECT_EQ(ProvDbFromLabel(""), ProvDbStatus::kNone);
    EXPECT_EQ(ProvDbFromLabel(ProvDbLabel(ProvDbStatus::kConfirmed)), ProvDbStatus::kConfirmed);
    EXPECT_EQ(TagFromLabel("外企"), std::optional<std::string>("foreign"));
    bool b = true;
    EXPECT_TRUE(ParseBoolCell(Text("√"), b).error.empty());
    EXPECT_TRUE(b);
    EXPECT_TRUE(ParseBoolCell(Text("否"), b).error.empty());
    EXPECT_FALSE(b);
    EXPECT_FALSE(ParseBoolCell(Text("也许"), b).error.empty());
}

TEST(Utf8, DecodesAndReplacesWhatIsNotUtf8) {
    const std::string s = "a\xE4\xB8\xAD\xF0\x9F\x98\x80\xFF";  // a 中 😀 and a stray byte
    std::size_t i = 0;
    EXPECT_EQ(NextCodePoint(s, i), 0x61u);
    EXPECT_EQ(NextCodePoint(s, i), 0x4E2Du);
    EXPECT_EQ(NextCodePoint(s, i), 0x1F600u);
    EXPECT_EQ(NextCodePoint(s, i), 0xFFFDu);
    EXPECT_EQ(i, s.size());
    std::string out;
    AppendUtf8(out, 0x4E2D);
    EXPECT_EQ(out, "中");
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // overlong '/'
}

}  // namespace
}  // namespace zs
