// The .xlsx reader on packages built here by hand (libzip), each showing one thing a real writer
// does: shared, inline and rich strings, sparse cells, date systems and formats, hidden sheets,
// merged cells; and on hostile files, each refused with a 422 a user can read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sheet/internal.hpp"
#include "sheet/sheet.hpp"
#include "sheet_fixture.hpp"

namespace zs::sheet::test {
namespace {

std::string SharedStrings(const std::string& items) { return "<sst " + kMainNs + ">" + items + "</sst>"; }

// cellXfs by index: 0 General, then one per numFmtId given.
std::string Styles(const std::string& num_fmts, const std::vector<int>& xf_formats) {
    std::string xfs = R"(<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>)";
    for (const int id : xf_formats) {
        xfs += R"(<xf numFmtId=")" + std::to_string(id) +
               R"(" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>)";
    }
    return "<styleSheet " + kMainNs + ">" + (num_fmts.empty() ? "" : "<numFmts>" + num_fmts + "</numFmts>") +
           "<cellXfs count=\"" + std::to_string(xf_formats.size() + 1) + "\">" + xfs + "</cellXfs></styleSheet>";
}

TEST(ReadXlsxTest, SharedInlineAndRichStrings) {
    Package p;
    p.shared_strings = SharedStrings(
        "<si><t>项目名称</t></si>"
        // Rich text: runs joined; the phonetic run is not text.
        R"(<si><r><rPr><b/></rPr><t>重点</t></r><r><t xml:space="preserve"> 项目</t></r><rPh sb="0" eb="1"><t>ジュウ</t></rPh></si>)"
        R"(<si><t xml:space="preserve">  两端空格  </t></si>)"
        "<si><t>  no preserve  </t></si>"
        "<si><t>第一行_x000D_\n第二行_x005F_x0041_</t></si>"
        "<si><t></t></si>");
    p.sheets = {Worksheet(
        R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row>)"
        R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>4</v></c><c r="D2" t="s"><v>5</v></c>)"
        R"(<c r="E2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="F2" t="str"><f>A1</f><v>公式结果</v></c></row>)")};
    const Sheet s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(s.name, "Sheet1");
    ASSERT_EQ(s.rows.size(), 2u);
    EXPECT_EQ(At(s, 1, 0).text, "项目名称");
    EXPECT_EQ(At(s, 1, 0).kind, CellKind::kText);
    EXPECT_EQ(At(s, 1, 1).text, "重点 项目");
    EXPECT_EQ(At(s, 1, 2).text, "内联");
    EXPECT_EQ(At(s, 2, 0).text, "  两端空格  ");
    EXPECT_EQ(At(s, 2, 1).text, "no preserve");
    EXPECT_EQ(At(s, 2, 2).text, "第一行\r\n第二行_x0041_");
    EXPECT_EQ(At(s, 2, 3).kind, CellKind::kEmpty);  // an empty shared string is an empty cell
    EXPECT_EQ(At(s, 2, 4).text, "富文本");
    EXPECT_EQ(At(s, 2, 5).text, "公式结果");
    EXPECT_EQ(At(s, 2, 5).kind, CellKind::kText);
}

TEST(ReadXlsxTest, NumbersBooleansErrorsAndTrimming) {
    const Sheet s = ReadXlsx(OneSheet(
        R"(<row r="1"><c r="A1"><v>2025001</v></c><c r="B1"><v>12.5</v></c><c r="C1"><v>123456789012.3456</v></c>)"
        R"(<c r="D1"><v>1.0E-3</v></c><c r="E1"><v>-0</v></c><c r="F1" t="b"><v>1</v></c><c r="G1" t="b"><v>0</v></c>)"
        R"(<c r="H1" t="e"><v>#N/A</v></c><c r="I1" s="0"/><c r="J1"><f>1+1</f></c></row>)"
        R"(<row r="2" spans="1:20"><c r="A2" s="3"/><c r="T2" s="3"/></row>)"));
    ASSERT_EQ(s.rows.size(), 1u);  // row 2 holds only formatting
    const Row& r = s.rows[0];
    ASSERT_EQ(r.cells.size(), 8u);  // trailing empty cells trimmed
    EXPECT_EQ(r.cells[0].text, "2025001");
    EXPECT_EQ(r.cells[0].kind, CellKind::kNumber);
    EXPECT_EQ(r.cells[0].number, 2025001);
    EXPECT_EQ(r.cells[1].text, "12.5");
    EXPECT_EQ(r.cells[2].text, "123456789012.3456");
    EXPECT_EQ(r.cells[3].text, "0.001");
    EXPECT_EQ(r.cells[4].text, "0");
    EXPECT_EQ(r.cells[5].kind, CellKind::kBool);
    EXPECT_EQ(r.cells[5].text, "TRUE");
    EXPECT_EQ(r.cells[6].text, "FALSE");
    EXPECT_EQ(r.cells[7].kind, CellKind::kError);
    EXPECT_EQ(r.cells[7].text, "#N/A");
}

TEST(ReadXlsxTest, SparseCellsWithoutReferences) {
    const Sheet s =
        ReadXlsx(OneSheet("<row><c t=\"inlineStr\"><is><t>a</t></is></c><c/><c><v>3</v></c></row>"  // row 1: A, (B), C
                          "<row/>"                                                                  // row 2: empty
                          "<row><c r=\"C3\"><v>1</v></c><c><v>2</v></c></row>"                      // after C comes D
                          "<row r=\"7\"><c><v>7</v></c></row>"
                          "<row><c r=\"B8\"><v>8</v></c></row>"));
    ASSERT_EQ(s.rows.size(), 4u);
    EXPECT_EQ(s.rows[0].number, 1);
    EXPECT_EQ(At(s, 1, 0).text, "a");
    EXPECT_EQ(At(s, 1, 1).kind, CellKind::kEmpty);
    EXPECT_EQ(At(s, 1, 2).text, "3");
    EXPECT_EQ(s.rows[1].number, 3);
    EXPECT_EQ(At(s, 3, 2).text, "1");
    EXPECT_EQ(At(s, 3, 3).text, "2");
    EXPECT_EQ(s.rows[2].number, 7);
    EXPECT_EQ(At(s, 7, 0).text, "7");
    EXPECT_EQ(s.rows[3].number, 8);
    EXPECT_EQ(At(s, 8, 1).text, "8");
}

TEST(ReadXlsxTest, PrefixedNamespaceAsSomeWritersUse) {
    Package p;
    p.sheets = {
        R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
        R"(<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r="B1"><x:v>5</x:v></x:c></x:row>)"
        R"(</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B1:C1"/></x:mergeCells></x:worksheet>)"};
    p.absolute_targets = true;
    const Sheet s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(At(s, 1, 0).text, "前缀");
    EXPECT_EQ(At(s, 1, 1).text, "5");
}

TEST(ReadXlsxTest, DatesIn1900System) {
    Package p;
    p.styles = Styles("", {14, 22});
    p.sheets = {Worksheet(
        R"(<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>60</v></c>)"
        R"(<c r="D1" s="1"><v>61</v></c><c r="E1" s="1"><v>45657</v></c><c r="F1" s="1"><v>45658</v></c>)"
        R"(<c r="G1" s="2"><v>45000.5</v></c><c r="H1" s="2"><v>0.25</v></c><c r="I1" s="1"><v>-3</v></c></row>)")};
    const Sheet s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(At(s, 1, 0).text, "1900-01-01");
    EXPECT_EQ(At(s, 1, 0).kind, CellKind::kDate);
    EXPECT_EQ(At(s, 1, 1).text, "1900-02-28");
    // Excel's 1900-02-29 never was: text, so no caller mistakes it for a day.
    EXPECT_EQ(At(s, 1, 2).kind, CellKind::kText);
    EXPECT_EQ(At(s, 1, 2).text, "1900-02-29");
    EXPECT_EQ(At(s, 1, 3).text, "1900-03-01");
    EXPECT_EQ(At(s, 1, 3).date, Date::FromYmd(1900, 3, 1));
    EXPECT_EQ(At(s, 1, 4).text, "2024-12-31");
    EXPECT_EQ(At(s, 1, 4).number, 45657);
    EXPECT_EQ(At(s, 1, 5).text, "2025-01-01");
    EXPECT_EQ(At(s, 1, 6).text, "2023-03-15 12:00:00");
    EXPECT_EQ(At(s, 1, 6).kind, CellKind::kDate);
    // A time of day alone, or a negative serial, is no date: the number stays.
    EXPECT_EQ(At(s, 1, 7).kind, CellKind::kNumber);
    EXPECT_EQ(At(s, 1, 7).text, "0.25");
    EXPECT_EQ(At(s, 1, 8).kind, CellKind::kNumber);
}

TEST(ReadXlsxTest, DatesIn1904System) {
    for (const std::string pr :
         {R"(<workbookPr date1904="1"/>)", R"(<workbookPr date1904="true" defaultThemeVersion="1"/>)"}) {
        Package p;
        p.workbook_pr = pr;
        p.styles = Styles("", {14});
        p.sheets = {Worksheet(R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44195</v></c></row>)")};
        const Sheet s = ReadXlsx(BuildXlsx(p));
        EXPECT_EQ(At(s, 1, 0).text, "1904-01-01");
        EXPECT_EQ(At(s, 1, 0).number, 1462);  // as a 1900-system serial
        EXPECT_EQ(At(s, 1, 1).text, "2024-12-31");
        EXPECT_EQ(At(s, 1, 1).number, 45657);
    }
}

TEST(ReadXlsxTest, CustomAndCjkDateFormats) {
    Package p;
    p.styles = Styles(R"(<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
                      R"(<numFmt numFmtId="177" formatCode="m/d/yy"/>)"
                      R"(<numFmt numFmtId="178" formatCode="0.00&quot;万元&quot;"/>)"
                      R"(<numFmt numFmtId="179" formatCode="[$-804]yyyy/m/d;@"/>)"
                      R"x(<numFmt numFmtId="180" formatCode="#,##0.00_);[Red]\(#,##0.00\)"/>)x",
                      {176, 177, 178, 179, 180, 31, 58, 57});
    std::string row = R"(<row r="1">)";
    for (int i = 1; i <= 8; ++i) row += "<c s=\"" + std::to_string(i) + "\"><v>45658</v></c>";
    p.sheets = {Worksheet(row + "</row>")};
    const Sheet s = ReadXlsx(BuildXlsx(p));
    const std::vector<bool> is_date = {true, true, false, true, false, true, true, true};
    for (std::size_t c = 0; c < is_date.size(); ++c) {
        EXPECT_EQ(At(s, 1, c).kind, is_date[c] ? CellKind::kDate : CellKind::kNumber) << "column " << c;
        EXPECT_EQ(At(s, 1, c).text, is_date[c] ? "2025-01-01" : "45658") << "column " << c;
    }
}

TEST(ReadXlsxTest, DateFormatCodes) {
    using internal::IsDateFormatCode;
    for (const char* code : {"yyyy-mm-dd", "m/d/yy", "d-mmm-yy", "yyyy\"年\"m\"月\"d\"日\"", "h:mm AM/PM", "[h]:mm:ss",
                             "mm:ss.0", "[$-F800]dddd, mmmm dd, yyyy", "[DBNum1][$-804]yyyy\"年\"m\"月\"", "yyyy/m/d;@",
                             "[$-x-sysdate]dddd", "e/m/d"}) {
        EXPECT_TRUE(IsDateFormatCode(code)) << code;
    }
    for (const char* code :
         {"General", "0.00", "#,##0.00_);[Red]\\(#,##0.00\\)", "0.00\"万元\"", "0.0%", "@", "\"day\" 0", "0.00E+00",
          "[Color10]0", "[$¥-804]#,##0.00", "0\\d", "0_m", "#,##0;-#,##0;\"-\"", "0;\"yes\""}) {
        EXPECT_FALSE(IsDateFormatCode(code)) << code;
    }
}

TEST(ReadXlsxTest, IsoDateCells) {
    const Sheet s = ReadXlsx(
        OneSheet(R"(<row r="1"><c r="A1" t="d"><v>2024-12-31T00:00:00Z</v></c><c r="B1" t="d"><v>1900-03-01</v></c>)"
                 R"(<c r="C1" t="d"><v>2025-01-01T08:30:00</v></c></row>)"));
    EXPECT_EQ(At(s, 1, 0).kind, CellKind::kDate);
    EXPECT_EQ(At(s, 1, 0).text, "2024-12-31");
    EXPECT_EQ(At(s, 1, 0).number, 45657);
    EXPECT_EQ(At(s, 1, 1).number, 61);
    EXPECT_EQ(At(s, 1, 2).text, "2025-01-01 08:30:00");
}

TEST(ReadXlsxTest, HiddenFirstSheetIsSkipped) {
    Package p;
    p.sheets = {Worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row>)"),
                Worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>数据</t></is></c></row>)")};
    p.sheet_names = {"说明", "项目台账"};
    p.sheet_states = {"hidden", ""};
    Sheet s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(s.name, "项目台账");
    EXPECT_EQ(At(s, 1, 0).text, "数据");

    p.sheet_states = {"veryHidden", "hidden"};  // none visible: the first one
    s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(s.name, "说明");

    p.sheet_states = {"", ""};
    s = ReadXlsx(BuildXlsx(p));
    EXPECT_EQ(s.name, "说明");
}

TEST(ReadXlsxTest, MergedCellsAreFilledFromTheirTopLeftCell) {
    const Sheet s = ReadXlsx(OneSheet(
        R"(<row r="1"><c r="A1" t="inlineStr"><is><t>2025年台账</t></is></c></row>)"
        R"(<row r="2"><c r="A2" t="inlineStr"><is><t>基本信息</t></is></c><c r="D2" t="inlineStr"><is><t>投资</t></is></c></row>)"
        R"(<row r="3"><c r="A3" t="inlineStr"><is><t>名称</t></is></c><c r="B3" t="inlineStr"><is><t>编号</t></is></c>)"
        R"(<c r="C3" t="inlineStr"><is><t>类别</t></is></c><c r="D3" t="inlineStr"><is><t>万元</t></is></c></row>)"
        R"(<row r="4"><c r="A4" t="inlineStr"><is><t>甲</t></is></c><c r="D4"><v>5</v></c></row>)"
        R"(<row r="6"><c r="A6"><v>1</v></c></row>)",
        // The title across A:D, a group header across A:C, a vertical merge A4:A5 (row 5 has no
        // cells of its own), and a whole-column merge that reaches far past the data.
        R"(<mergeCells count="4"><mergeCell ref="A1:D1"/><mergeCell ref="A2:C2"/><mergeCell ref="A4:A5"/>)"
        R"(<mergeCell ref="F1:F1048576"/></mergeCells>)"));
    ASSERT_EQ(s.rows.size(), 6u);
    for (std::size_t c = 0; c < 4; ++c) EXPECT_EQ(At(s, 1, c).text, "2025年台账") << c;
    EXPECT_FALSE(At(s, 1, 0).merged);
    EXPECT_TRUE(At(s, 1, 3).merged);
    EXPECT_EQ(At(s, 2, 2).text, "基本信息");
    EXPECT_TRUE(At(s, 2, 2).merged);
    EXPECT_EQ(At(s, 2, 3).text, "投资");
    EXPECT_FALSE(At(s, 2, 3).merged);
    EXPECT_EQ(At(s, 5, 0).text, "甲");
    EXPECT_TRUE(At(s, 5, 0).merged);
    EXPECT_EQ(s.rows[4].number, 5);
    ASSERT_EQ(s.merges.size(), 3u);  // the one outside the data is dropped
    EXPECT_EQ(s.merges[0].first_row, 1);
    EXPECT_EQ(s.merges[0].last_col, 3);
    EXPECT_EQ(s.merges[2].first_row, 4);
    EXPECT_EQ(s.merges[2].last_row, 5);
}

TEST(ReadXlsxTest, MergesCannotBlowUpTheSheet) {
    // A full-width title merged over 200000 rows would fill 100 million cells.
    std::string rows = R"(<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>)";
    rows += R"(<row r="150000"><c r="SR150000"><v>1</v></c></row>)";
    ExpectFileError([&] { ReadXlsx(OneSheet(rows, R"(<mergeCells><mergeCell ref="A1:SR149999"/></mergeCells>)")); },
                    "合并单元格的范围过大");
}

TEST(ReadXlsxTest, ProgressIsReportedAndCanCancel) {
    std::string rows;
    for (int r = 1; r <= 2500; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c><v>" + std::to_string(r) + "</v></c></row>";
    const std::string file = OneSheet(rows);
    std::vector<int64_t> seen;
    const Sheet s = ReadXlsx(file, {}, [&](int64_t n) {
        seen.push_back(n);
        return true;
    });
    EXPECT_EQ(s.rows.size(), 2500u);
    EXPECT_EQ(seen, (std::vector<int64_t>{1000, 2000}));
    try {
        ReadXlsx(file, {}, [](int64_t) { return false; });
        ADD_FAILURE() << "not cancelled";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kConflict);
        EXPECT_EQ(e.error().message, "已取消");
    }
}

// --- hostile and broken files

TEST(ReadXlsxTest, TruncatedZipIsRefused) {
    const std::string whole = OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
    for (const std::size_t keep : {std::size_t{4}, std::size_t{30}, whole.size() / 2, whole.size() - 10}) {
        ExpectFileError([&] { ReadAny(whole.substr(0, keep)); }, "不是有效的 .xlsx 文件");
    }
    ExpectFileError([&] { ReadXlsx("not a zip at all"); }, "不是有效的 .xlsx 文件");
    // A zip, but of a Word document.
    ExpectFileError([&] { ReadAny(MakeZip({{"word/document.xml", "<w:document/>"}})); }, "不是有效的 .xlsx 文件");
}

TEST(ReadXlsxTest, ZipBombIsRefusedBeforeUnpacking) {
    // 100 MB of zeros deflate to about 100 KB: a ratio near 1000.
    const std::string zeros(100u * 1024 * 1024, '\0');
    Package p;
    std::vector<Entry> entries = {{"xl/worksheets/sheet1.xml", zeros}};
    const std::string bomb = MakeZip(entries);
    ASSERT_LT(bomb.size(), 1024u * 1024);
    ExpectFileError([&] { ReadXlsx(bomb); }, "压缩比异常");
    // The same with the limit on the unpacked total: refused by the declared size alone.
    Limits small;
    small.max_uncompressed_bytes = 50LL * 1024 * 1024;
    ExpectFileError([&] { ReadXlsx(bomb, small); }, "解压后过大");
}

TEST(ReadXlsxTest, LyingSizesAreCaughtWhileUnpacking) {
    // An entry that claims 100 bytes but unpacks to 400 KB (under the ratio, so only counting
    // while reading can tell).
    std::string rows;
    for (int r = 1; r <= 8000; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c><v>" + std::to_string(r * 7919 % 100003) + "</v></c></row>";
    Package p;
    p.sheets = {Worksheet(rows)};
    std::string file = BuildXlsx(p);
    const std::string name = "xl/worksheets/sheet1.xml";
    const auto put32 = [&](std::size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) file[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    int patched = 0;
    for (std::size_t at = file.find("PK\x03\x04"); at != std::string::npos; at = file.find("PK\x03\x04", at + 1)) {
        if (file.compare(at + 30, name.size(), name) == 0) put32(at + 22, 100), ++patched;
    }
    for (std::size_t at = file.find("PK\x01\x02"); at != std::string::npos; at = file.find("PK\x01\x02", at + 1)) {
        if (file.compare(at + 46, name.size(), name) == 0) put32(at + 24, 100), ++patched;
    }
    ASSERT_EQ(patched, 2);
    ExpectFileError([&] { ReadXlsx(file); }, "不是有效的 .xlsx 文件");
}

TEST(ReadXlsxTest, TooManyEntriesAreRefused) {
    std::vector<Entry> entries;
    for (int i = 0; i < 30; ++i) entries.push_back({"x/" + std::to_string(i), "x"});
    Limits limits;
    limits.max_entries = 20;
    ExpectFileError([&] { ReadXlsx(MakeZip(entries), limits); }, "条目过多");
}

TEST(ReadXlsxTest, FileSizeLimit) {
    Limits limits;
    limits.max_file_bytes = 100;
    ExpectFileError([&] { ReadAny(OneSheet("<row><c><v>1</v></c></row>"), limits); }, "文件过大（超过 1 KB）");
}

TEST(ReadXlsxTest, BillionLaughsIsRefused) {
    std::string dtd = R"(<!DOCTYPE lolz [<!ENTITY lol "lol">)";
    for (int i = 1; i <= 9; ++i) {
        dtd += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) dtd += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        dtd += "\">";
    }
    dtd += "]>";
    const std::string sheet =
        R"(<?xml version="1.0"?>)" + dtd + "<worksheet " + kMainNs +
        R"(><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>)";
    Package p;
    p.sheets = {sheet};
    ExpectFileError([&] { ReadXlsx(BuildXlsx(p)); }, "DOCTYPE 或 ENTITY");
    // In the shared strings too, and in lower case.
    p.sheets = {Worksheet("")};
    p.shared_strings = "<!doctype sst [<!entity x \"y\">]><sst/>";
    ExpectFileError([&] { ReadXlsx(BuildXlsx(p)); }, "DOCTYPE 或 ENTITY");
}

TEST(ReadXlsxTest, MillionRowsAreRefusedByTheRowLimit) {
    std::string rows;
    rows.reserve(40u * 1000 * 1000);
    for (int r = 1; r <= 1'000'000; ++r) {
        const std::string n = std::to_string(r);
        rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\"><v>" + n + "</v></c></row>";
    }
    int64_t last_progress = 0;
    ExpectFileError(
        [&] {
            ReadXlsx(OneSheet(rows), {}, [&](int64_t n) {
                last_progress = n;
                return true;
            });
        },
        "工作表超过 200000 行");
    EXPECT_EQ(last_progress, 200000);  // stopped at the limit, not after reading everything
}

TEST(ReadXlsxTest, ColumnsBeyondTheLimitAreRefused) {
    std::string row = "<row r=\"3\">";
    for (int c = 0; c < 600; ++c) row += "<c><v>" + std::to_string(c) + "</v></c>";
    ExpectFileError([&] { ReadXlsx(OneSheet(row + "</row>")); }, "第 3 行在第 512 列之后还有数据（SS 列）");
    // Formatting alone out there is fine.
    const Sheet s = ReadXlsx(OneSheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row>)"));
    EXPECT_EQ(s.rows[0].cells.size(), 1u);
}

TEST(ReadXlsxTest, BrokenReferencesAndOrderAreRefused) {
    ExpectFileError([] { ReadXlsx(OneSheet(R"(<row r="1"><c r="1A"><v>1</v></c></row>)")); }, "已损坏");
    ExpectFileError([] { ReadXlsx(OneSheet(R"(<row r="2"><c><v>1</v></c></row><row r="1"><c><v>1</v></c></row>)")); },
                    "已损坏");
    ExpectFileError([] { ReadXlsx(OneSheet(R"(<row r="1"><c t="s"><v>0</v></c></row>)")); }, "已损坏");
    ExpectFileError([] { ReadXlsx(OneSheet(R"(<row r="1"><c><v>1</v></row>)")); }, "已损坏");
    ExpectFileError([] { ReadXlsx(OneSheet(R"(<row r="1"><c a=">"><v>1</v></c>)")); }, "已损坏");
}

TEST(ReadAnyTest, SniffsByContent) {
    ExpectFileError([] { ReadAny(""); }, "文件为空");
    ExpectFileError([] { ReadAny(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')); },
                    "不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 后再导入");
    const Sheet csv = ReadAny("a,b\n1,2\n");
    EXPECT_EQ(At(csv, 2, 1).text, "2");
    const Sheet xlsx = ReadAny(OneSheet(R"(<row r="1"><c r="B1"><v>2</v></c></row>)"));
    EXPECT_EQ(At(xlsx, 1, 1).kind, CellKind::kNumber);
}

}  // namespace
}  // namespace zs::sheet::test
