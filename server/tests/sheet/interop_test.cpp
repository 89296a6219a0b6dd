// The reader on workbooks other programs wrote: LibreOffice (a CSV converted by soffice) and
// exceljs (tests/tools/write-exceljs.mjs), against the same table our own writer writes. Missing
// tools fail the test: scripts/setup installs them (libreoffice-calc-nogui, web/ npm packages).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "sheet_fixture.hpp"

namespace zs::sheet::test {
namespace {

const std::string kSource = ZS_SOURCE_DIR;

struct Expected {
    CellKind kind;
    std::string text;
};

// The table below the title in all three workbooks: header, then three rows.
const std::vector<std::vector<Expected>> kTable = {
    {{CellKind::kText, "项目名称"},
     {CellKind::kText, "总投资（万元）"},
     {CellKind::kText, "签约日期"},
     {CellKind::kText, "备注"}},
    {{CellKind::kText, "年产10万吨新材料项目"},
     {CellKind::kNumber, "12345678901.2345"},
     {CellKind::kDate, "2024-12-31"},
     {CellKind::kText, "重点项目"}},
    {{CellKind::kText, "智能制造产业园"}, {CellKind::kNumber, "2025001"}, {CellKind::kDate, "2025-01-01"}},
    {{CellKind::kText, "旧厂房改造"},
     {CellKind::kNumber, "0.1"},
     {CellKind::kDate, "1900-03-01"},
     {CellKind::kText, "含\"引号\"与,逗号"}},
};

void ExpectTable(const Sheet& s, int64_t header_row, const std::string& who) {
    for (std::size_t r = 0; r < kTable.size(); ++r) {
        const Row* row = FindRow(s, header_row + static_cast<int64_t>(r));
        ASSERT_NE(row, nullptr) << who << " row " << r;
        ASSERT_EQ(row->cells.size(), kTable[r].size()) << who << " row " << r;
        for (std::size_t c = 0; c < kTable[r].size(); ++c) {
            EXPECT_EQ(row->cells[c].kind, kTable[r][c].kind) << who << " row " << r << " column " << c;
            EXPECT_EQ(row->cells[c].text, kTable[r][c].text) << who << " row " << r << " column " << c;
            EXPECT_FALSE(row->cells[c].merged);
        }
    }
    EXPECT_EQ(s.rows.back().number, header_row + static_cast<int64_t>(kTable.size()) - 1) << who;
}

void ExpectMergedTitle(const Sheet& s, const std::string& who) {
    for (std::size_t c = 0; c < 4; ++c) {
        EXPECT_EQ(At(s, 1, c).text, "2025年重点项目台账") << who << " column " << c;
        EXPECT_EQ(At(s, 1, c).merged, c > 0) << who << " column " << c;
    }
    ASSERT_EQ(s.merges.size(), 1u) << who;
    EXPECT_EQ(s.merges[0].last_col, 3) << who;
}

TEST(InteropTest, OurOwnWriter) {
    OutSheet out;
    out.name = "项目台账";
    out.title_lines = {"2025年重点项目台账"};
    out.columns = {{"项目名称", 30, ""}, {"总投资（万元）", 18, "#,##0.00##"}, {"签约日期", 14, ""}, {"备注", 20, ""}};
    out.rows = {
        {OutCell::Text("年产10万吨新材料项目"), OutCell::Number(12345678901.2345),
         OutCell::Day(*Date::FromYmd(2024, 12, 31)), OutCell::Text("重点项目")},
        {OutCell::Text("智能制造产业园"), OutCell::Number(2025001), OutCell::Day(*Date::FromYmd(2025, 1, 1))},
        {OutCell::Text("旧厂房改造"), OutCell::Number(0.1), OutCell::Day(*Date::FromYmd(1900, 3, 1)),
         OutCell::Text("含\"引号\"与,逗号")},
    };
    const Sheet s = ReadXlsx(WriteXlsx({out}));
    EXPECT_EQ(s.name, "项目台账");
    ExpectMergedTitle(s, "WriteXlsx");
    ExpectTable(s, 2, "WriteXlsx");
}

TEST(InteropTest, WrittenByLibreOffice) {
    const TempDir dir("lo");
    WriteBytes(dir.path / "ledger.csv",
               "项目名称,总投资（万元）,签约日期,备注\n"
               "年产10万吨新材料项目,12345678901.2345,2024-12-31,重点项目\n"
               "智能制造产业园,2025001,2025-01-01,\n"
               "旧厂房改造,0.1,1900-03-01,\"含\"\"引号\"\"与,逗号\"\n"
               "超长金额,123456789012.3456,,\n");
    // A private profile, so a running LibreOffice (or a parallel test) does not take the job.
    const std::string profile = "file://" + (dir.path / "lo-profile").string();
    ASSERT_NO_THROW(RunCommand("timeout 300 soffice -env:UserInstallation=" + profile +
                               " --headless --infilter=CSV:44,34,76,1 --convert-to xlsx --outdir '" +
                               dir.path.string() + "' '" + (dir.path / "ledger.csv").string() + "' >/dev/null 2>&1"));
    const Sheet s = ReadXlsx(ReadBytes(dir.path / "ledger.xlsx"));
    EXPECT_EQ(s.name, "ledger");
    ASSERT_EQ(s.rows.size(), kTable.size() + 1);
    const Sheet table{s.name, {s.rows.begin(), s.rows.end() - 1}, {}};
    ExpectTable(table, 1, "LibreOffice");
    // LibreOffice (like Excel) keeps 15 significant digits: 万元 with four decimals is exact only
    // below 10^11 万元.
    EXPECT_EQ(At(s, 5, 1).text, "123456789012.346");
}

TEST(InteropTest, WrittenByExceljs) {
    const TempDir dir("exceljs");
    const std::string file = (dir.path / "exceljs.xlsx").string();
    ASSERT_NO_THROW(RunCommand("node '" + kSource + "/tests/tools/write-exceljs.mjs' '" + file + "'"));
    const std::string bytes = ReadBytes(file);
    EXPECT_EQ(ZipEntry(bytes, "xl/worksheets/sheet1.xml").find("inlineStr"), std::string::npos);
    const Sheet s = ReadXlsx(bytes);
    EXPECT_EQ(s.name, "项目台账");
    ExpectMergedTitle(s, "exceljs");
    ExpectTable(s, 2, "exceljs");
}

}  // namespace
}  // namespace zs::sheet::test
