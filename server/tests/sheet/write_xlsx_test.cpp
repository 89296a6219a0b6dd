// The .xlsx writer, read back by our reader (every cell kind, dates at the edges, exact money),
// and what it puts in the package: the quote prefix, frozen header, autofilter, same bytes twice.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "sheet_fixture.hpp"

namespace zs::sheet::test {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

OutSheet Ledger() {
    OutSheet s;
    s.name = "项目台账";
    s.title_lines = {"2025年重点项目台账", "截至 2025-06-30"};
    s.columns = {{"项目名称", 30, ""}, {"总投资（万元）", 18, "#,##0.00##"}, {"签约日期", 14, ""}, {"备注", 20, ""}};
    s.rows = {
        {OutCell::Text("年产10万吨新材料项目"), OutCell::Number(123456789012.3456), OutCell::Day(Day(2024, 12, 31)),
         OutCell::Text("重点项目")},
        {OutCell::Text("智能制造产业园"), OutCell::Number(2025001), OutCell::Day(Day(2025, 1, 1))},
        {OutCell::Text("旧厂房改造"), OutCell::Number(0.1), OutCell::Day(Day(1900, 3, 1)),
         OutCell::Text("含\"引号\"与,逗号")},
        {OutCell::Text("=HYPERLINK(\"http://x\")"), OutCell::Number(-12.5), OutCell::Day(Day(1900, 1, 1)),
         OutCell::Text("-5")},
        {OutCell::Text("+86 10 1234"), OutCell::Number(0), {}, OutCell::Text("@sum")},
        {{}, {}, {}, OutCell::Text("控制\x01字符_x0041_与\r\n换行")},
        {OutCell::Text(""), OutCell::Number(1e-7), OutCell::Day(Day(2028, 2, 29))},
    };
    return s;
}

TEST(WriteXlsxTest, RoundTripsEveryCellKind) {
    const Sheet s = ReadXlsx(WriteXlsx({Ledger()}));
    EXPECT_EQ(s.name, "项目台账");
    // Title lines merged across the four columns.
    for (std::size_t c = 0; c < 4; ++c) {
        EXPECT_EQ(At(s, 1, c).text, "2025年重点项目台账");
        EXPECT_EQ(At(s, 1, c).merged, c > 0);
        EXPECT_EQ(At(s, 2, c).text, "截至 2025-06-30");
    }
    EXPECT_EQ(At(s, 3, 0).text, "项目名称");
    EXPECT_EQ(At(s, 3, 3).text, "备注");

    EXPECT_EQ(At(s, 4, 0).text, "年产10万吨新材料项目");
    EXPECT_EQ(At(s, 4, 1).kind, CellKind::kNumber);
    EXPECT_EQ(At(s, 4, 1).text, "123456789012.3456");  // money in 万元, exact to the 4th decimal
    EXPECT_EQ(At(s, 4, 2).kind, CellKind::kDate);
    EXPECT_EQ(At(s, 4, 2).text, "2024-12-31");
    EXPECT_EQ(At(s, 4, 2).date, Day(2024, 12, 31));
    EXPECT_EQ(At(s, 5, 1).text, "2025001");
    EXPECT_EQ(At(s, 5, 2).text, "2025-01-01");
    EXPECT_EQ(At(s, 5, 3).kind, CellKind::kEmpty);
    EXPECT_EQ(At(s, 6, 1).text, "0.1");
    EXPECT_EQ(At(s, 6, 2).text, "1900-03-01");
    EXPECT_EQ(At(s, 6, 2).number, 61);
    EXPECT_EQ(At(s, 6, 3).text, "含\"引号\"与,逗号");
    // Formula-like text stays text, exactly as given.
    EXPECT_EQ(At(s, 7, 0).kind, CellKind::kText);
    EXPECT_EQ(At(s, 7, 0).text, "=HYPERLINK(\"http://x\")");
    EXPECT_EQ(At(s, 7, 1).text, "-12.5");
    EXPECT_EQ(At(s, 7, 2).text, "1900-01-01");
    EXPECT_EQ(At(s, 7, 3).text, "-5");
    EXPECT_EQ(At(s, 7, 3).kind, CellKind::kText);
    EXPECT_EQ(At(s, 8, 0).text, "+86 10 1234");
    EXPECT_EQ(At(s, 8, 1).text, "0");
    EXPECT_EQ(At(s, 8, 3).text, "@sum");
    EXPECT_EQ(At(s, 9, 3).text, "控制\x01字符_x0041_与\r\n换行");
    EXPECT_EQ(At(s, 10, 0).kind, CellKind::kEmpty);
    EXPECT_EQ(At(s, 10, 1).text, "1e-07");
    EXPECT_EQ(At(s, 10, 2).text, "2028-02-29");
    EXPECT_EQ(s.rows.size(), 10u);
}

TEST(WriteXlsxTest, PackageHasQuotePrefixFreezeFilterAndWidths) {
    const std::string file = WriteXlsx({Ledger()});
    const std::string styles = ZipEntry(file, "xl/styles.xml");
    EXPECT_NE(styles.find("quotePrefix=\"1\""), std::string::npos) << styles;
    const std::string sheet = ZipEntry(file, "xl/worksheets/sheet1.xml");
    EXPECT_NE(sheet.find(R"(<pane ySplit="3" topLeftCell="A4")"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find(R"(<autoFilter ref="A3:D10"/>)"), std::string::npos);
    EXPECT_NE(sheet.find(R"(<mergeCell ref="A1:D1"/>)"), std::string::npos);
    EXPECT_NE(sheet.find(R"(width="30.7109375")"), std::string::npos);
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);  // never a formula
    EXPECT_NE(styles.find(R"(formatCode="#,##0.00##")"), std::string::npos);
    EXPECT_NE(styles.find(R"(formatCode="yyyy-mm-dd")"), std::string::npos);
    // The quote-prefixed format is the one the formula-like cells use.
    const std::string shared = ZipEntry(file, "xl/sharedStrings.xml");
    EXPECT_NE(shared.find("=HYPERLINK"), std::string::npos);
}

TEST(WriteXlsxTest, SameSheetsSameBytes) {
    EXPECT_EQ(WriteXlsx({Ledger()}), WriteXlsx({Ledger()}));
    OutSheet plain;
    plain.name = "Sheet1";
    plain.columns = {{"a", 10, ""}};
    plain.rows = {{OutCell::Text("x")}};
    EXPECT_EQ(WriteXlsx({plain}), WriteXlsx({plain}));
    EXPECT_EQ(ZipEntry(WriteXlsx({plain}), "xl/styles.xml").find("quotePrefix"), std::string::npos);
}

TEST(WriteXlsxTest, SeveralSheetsWithoutTitleFreezeOrFilter) {
    OutSheet a = Ledger();
    OutSheet b;
    b.name = "说明";
    b.columns = {{"字段", 10, ""}};
    b.rows = {{OutCell::Text("x")}};
    b.freeze_header = false;
    b.autofilter = false;
    const std::string file = WriteXlsx({b, a});
    const Sheet first = ReadXlsx(file);
    EXPECT_EQ(first.name, "说明");
    EXPECT_EQ(At(first, 1, 0).text, "字段");
    EXPECT_EQ(At(first, 2, 0).text, "x");
    const std::string sheet = ZipEntry(file, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(sheet.find("<pane"), std::string::npos);
    EXPECT_EQ(sheet.find("<autoFilter"), std::string::npos);
}

TEST(WriteXlsxTest, LongTextIsCutAtExcelsLimit) {
    OutSheet s;
    s.name = "S";
    s.columns = {{"备注", 10, ""}};
    s.rows = {{OutCell::Text(std::string(40000, 'a'))}};
    std::string han;
    for (int i = 0; i < 40000; ++i) han += "字";
    s.rows.push_back({OutCell::Text(han)});
    const Sheet read = ReadXlsx(WriteXlsx({s}));
    EXPECT_EQ(At(read, 2, 0).text.size(), 32767u);
    EXPECT_EQ(At(read, 3, 0).text.size(), 32767u * 3);
}

TEST(WriteXlsxTest, RefusesWhatExcelCannotOpen) {
    const auto expect_invalid = [](OutSheet s) { EXPECT_THROW(WriteXlsx({s}), std::invalid_argument) << s.name; };
    OutSheet s;
    s.columns = {{"a", 10, ""}};
    for (const std::string name : {"", "a/b", "a[1]", "x:y", "what?", "*", "'quoted'", "History",
                                   "这是一个非常非常非常非常非常非常非常长的工作表名称超过三十一个字"}) {
        s.name = name;
        expect_invalid(s);
    }
    s.name = "ok";
    s.rows = {{OutCell::Text("a"), OutCell::Text("b")}};  // more cells than columns
    expect_invalid(s);
    s.rows = {{OutCell::Number(std::numeric_limits<double>::quiet_NaN())}};
    expect_invalid(s);
    OutSheet t;
    t.name = "OK";
    s.rows = {};
    EXPECT_THROW(WriteXlsx({s, t}), std::invalid_argument);  // the same name, another case
    EXPECT_THROW(WriteXlsx({}), std::invalid_argument);
    s.name = "三十一个字的名称正好可以三十一个字的名称正好可以三十一个字的名";
    EXPECT_NO_THROW(WriteXlsx({s}));
}

}  // namespace
}  // namespace zs::sheet::test
