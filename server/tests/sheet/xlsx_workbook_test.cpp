// Our own package writers checked from outside: the zip (read back by libzip and by Python's
// zipfile, CRCs included, blocks deflated on several threads) and the .xlsx (read back by our
// reader and by openpyxl: escapes, styles, panes, widths, merges, autofilter, a sheet of many blocks).
#include "sheet/xlsx_workbook.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "sheet/zip_writer.hpp"
#include "sheet_fixture.hpp"

namespace zs::sheet::test {
namespace {

const std::string kPython = "/usr/bin/python3";  // Debian's, with python3-openpyxl
const std::string kTools = std::string(ZS_SOURCE_DIR) + "/tests/tools/";

struct TempFile {
    explicit TempFile(const std::string& bytes)
        : path(fs::temp_directory_path() / ("zs-xlsx-test-" + std::to_string(getpid()) + "-" +
                                            std::to_string(counter++) + ".xlsx")) {  // openpyxl goes by the extension
        std::ofstream(path, std::ios::binary) << bytes;
    }
    ~TempFile() {
        std::error_code ignored;
        fs::remove(path, ignored);
    }
    fs::path path;
    static inline int counter = 0;
};

boost::json::value Python(const std::string& script, const std::string& bytes) {
    const TempFile file(bytes);
    return boost::json::parse(RunCommand(kPython + " " + script + " '" + file.path.string() + "'"));
}

// Text of a given size that deflate cannot shrink to nothing (a block is then real work).
std::string Noise(std::size_t bytes, uint32_t seed) {
    std::string s;
    s.reserve(bytes);
    while (s.size() < bytes) {
        seed = seed * 1103515245u + 12345u;
        s.push_back(static_cast<char>('a' + (seed >> 16) % 26));
        if ((seed >> 8) % 11 == 0) s.push_back(' ');
    }
    s.resize(bytes);
    return s;
}

const char* kListZip = R"(-c "
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    print(json.dumps({'bad': z.testzip(), 'entries': [
        {'name': i.filename, 'size': i.file_size, 'method': i.compress_type, 'date': list(i.date_time),
         'data': z.read(i).decode('utf-8', 'replace') if i.file_size < 100 else None} for i in z.infolist()]}))
")";

TEST(ZipWriterTest, EntriesReadBackByLibzipAndPython) {
    const std::string whole = Noise(ZipWriter::kBlockBytes * 2 + 12345, 1);  // three blocks, on workers
    std::string streamed;
    std::string bytes;
    {
        ZipWriter zip(1);
        zip.Add("small.xml", "<a>小</a>");
        zip.Add("empty", "");
        zip.Add("big.xml", whole);
        zip.Begin("stream.xml");
        for (uint32_t i = 0; streamed.size() < ZipWriter::kBlockBytes * 3; ++i) {
            const std::string piece = Noise(1000 + i % 5000, i);
            zip.Out() += piece;
            streamed += piece;
            zip.Written();
        }
        zip.End();
        zip.Add("[Content_Types].xml", "<Types/>", true);
        zip.Add("名称.txt", "x");
        bytes = zip.Finish();
    }
    EXPECT_EQ(ZipEntry(bytes, "small.xml"), "<a>小</a>");
    EXPECT_EQ(ZipEntry(bytes, "empty"), "");
    EXPECT_EQ(ZipEntry(bytes, "big.xml"), whole);
    EXPECT_EQ(ZipEntry(bytes, "stream.xml"), streamed);
    EXPECT_EQ(ZipEntry(bytes, "名称.txt"), "x");

    const auto z = Python(kListZip, bytes);
    EXPECT_TRUE(z.at("bad").is_null());  // every CRC right
    const auto& entries = z.at("entries").as_array();
    std::vector<std::string> names;
    for (const auto& e : entries) {
        names.emplace_back(e.at("name").as_string());
        EXPECT_EQ(e.at("method"), 8) << names.back();
        EXPECT_EQ(e.at("date"), (boost::json::array{1980, 1, 1, 0, 0, 0})) << names.back();
    }
    const std::vector<std::string> order = {"[Content_Types].xml", "small.xml", "empty", "big.xml",
                                            "stream.xml",          "名称.txt"};
    EXPECT_EQ(names, order);
    EXPECT_EQ(entries[3].at("size"), whole.size());
    EXPECT_EQ(entries[4].at("size"), streamed.size());
    EXPECT_EQ(entries[1].at("data"), "<a>小</a>");
    EXPECT_LT(bytes.size(), (whole.size() + streamed.size()) * 3 / 4);  // deflated, not stored
}

TEST(ZipWriterTest, SameEntriesSameBytes) {
    const std::string whole = Noise(ZipWriter::kBlockBytes + 1, 7);
    const auto make = [&] {
        ZipWriter zip(1);
        zip.Add("a", whole);
        zip.Begin("b");
        zip.Out() += whole;
        zip.Written();
        zip.End();
        return zip.Finish();
    };
    EXPECT_EQ(make(), make());
}

OutSheet Hostile() {
    OutSheet s;
    s.name = "台账 & <名单>";
    s.title_lines = {"标题 <b>&amp;</b>"};
    s.columns = {{"名称", 20, ""}, {"金额", 12, "0.00"}, {"比例", 8, "0.0%"}, {"日期", 12, ""}};
    s.rows = {
        {OutCell::Text("控制\x01字符_x0041_与\r\n换行\t制表"), OutCell::Number(1234.5678), OutCell::Number(0.125),
         OutCell::Day(*Date::FromYmd(2026, 2, 28))},
        {OutCell::Text("  前后空格  "), OutCell::Number(-0.01), OutCell::Number(2.0 / 3.0),
         OutCell::Day(*Date::FromYmd(1900, 1, 1))},
        {OutCell::Text("=SUM(A1:A2)"),
         OutCell::Number(123456789012.3456),
         {},
         OutCell::Day(*Date::FromYmd(1899, 12, 31))},
        {OutCell::Text("<script>&\"'"), OutCell::Number(1e-7), OutCell::Number(0), {}},
    };
    return s;
}

const boost::json::object* Cell(const boost::json::object& sheet, std::string_view ref) {
    for (const auto& c : sheet.at("cells").as_array()) {
        if (c.at("ref").as_string() == ref) return &c.as_object();
    }
    return nullptr;
}

TEST(XlsxWorkbookTest, OpenpyxlReadsTextsNumbersDatesAndStyles) {
    const auto x = Python("'" + kTools + "read_xlsx.py'", WriteXlsx({Hostile()}));
    EXPECT_TRUE(x.at("zip_bad_entry").is_null());
    EXPECT_EQ(x.at("created"), "2000-01-01T00:00:00");
    const auto& s = x.at("sheets").as_array().at(0).as_object();
    EXPECT_EQ(s.at("name"), "台账 & <名单>");
    EXPECT_EQ(s.at("freeze_panes"), "A3");
    EXPECT_EQ(s.at("autofilter"), "A2:D6");
    EXPECT_EQ(s.at("merged"), (boost::json::array{"A1:D1"}));
    EXPECT_EQ(s.at("widths").at("1").as_double(), StoredColumnWidth(20));
    EXPECT_EQ(StoredColumnWidth(30), 30.7109375);  // what Excel stores for 30 characters
    EXPECT_EQ(s.at("widths").at("2").as_double(), StoredColumnWidth(12));

    const auto text = [&](const char* ref) { return std::string(Cell(s, ref)->at("value").as_string()); };
    EXPECT_EQ(text("A1"), "标题 <b>&amp;</b>");
    EXPECT_EQ(Cell(s, "A1")->at("bold"), true);
    EXPECT_EQ(text("B2"), "金额");
    EXPECT_EQ(Cell(s, "B2")->at("bold"), true);
    // openpyxl 3.0 undoes only the escape of a literal "_x" (as it does for Excel's files) and shows
    // control characters as Excel's escapes; Excel and our reader give them back (the next test).
    EXPECT_EQ(text("A3"), "控制_x0001_字符_x0041_与_x000D_\n换行\t制表");
    EXPECT_EQ(text("A4"), "  前后空格  ");
    EXPECT_EQ(text("A5"), "=SUM(A1:A2)");  // text, not a formula
    EXPECT_EQ(Cell(s, "A5")->at("type"), "s");
    EXPECT_EQ(Cell(s, "A5")->at("quote_prefix"), true);
    EXPECT_EQ(Cell(s, "A4")->at("quote_prefix"), false);
    EXPECT_EQ(text("A6"), "<script>&\"'");

    EXPECT_EQ(Cell(s, "B3")->at("value").as_double(), 1234.5678);
    EXPECT_EQ(Cell(s, "B3")->at("format"), "0.00");
    EXPECT_EQ(Cell(s, "B5")->at("value").as_double(), 123456789012.3456);
    EXPECT_EQ(Cell(s, "B6")->at("value").as_double(), 1e-7);
    EXPECT_EQ(Cell(s, "C3")->at("value").as_double(), 0.125);
    EXPECT_EQ(Cell(s, "C3")->at("format"), "0.0%");
    EXPECT_EQ(Cell(s, "C6")->at("value").to_number<double>(), 0);
    EXPECT_EQ(Cell(s, "C5"), nullptr);
    EXPECT_EQ(Cell(s, "D3")->at("value"), "2026-02-28 00:00:00");
    EXPECT_EQ(Cell(s, "D3")->at("type"), "d");
    EXPECT_EQ(Cell(s, "D3")->at("format"), "yyyy-mm-dd");
    EXPECT_EQ(Cell(s, "D4")->at("value"), "1900-01-01 00:00:00");
    EXPECT_EQ(text("D5"), "1899-12-31");  // before Excel's calendar: text
}

TEST(XlsxWorkbookTest, OurReaderReadsTheSameTexts) {
    const Sheet s = ReadXlsx(WriteXlsx({Hostile()}));
    EXPECT_EQ(s.name, "台账 & <名单>");
    EXPECT_EQ(At(s, 1, 0).text, "标题 <b>&amp;</b>");
    EXPECT_EQ(At(s, 3, 0).text, "控制\x01字符_x0041_与\r\n换行\t制表");
    EXPECT_EQ(At(s, 4, 0).text, "  前后空格  ");
    EXPECT_EQ(At(s, 5, 0).text, "=SUM(A1:A2)");
    EXPECT_EQ(At(s, 6, 0).text, "<script>&\"'");
    EXPECT_EQ(At(s, 4, 3).date, Date::FromYmd(1900, 1, 1));
    EXPECT_EQ(At(s, 5, 1).text, "123456789012.3456");
}

TEST(XlsxWorkbookTest, ASheetOfManyBlocksReadsBackWhole) {
    OutSheet s;
    s.name = "大表";
    s.columns = {{"序号", 8, "0"}, {"名称", 30, ""}, {"金额", 12, "0.00"}, {"单位", 12, ""}};
    constexpr int kRows = 60'000;  // ~6 MB of sheet XML: sealed in blocks and deflated on a worker
    for (int i = 0; i < kRows; ++i) {
        s.rows.push_back({OutCell::Number(i + 1), OutCell::Text("项目" + std::to_string(i * 7919 % 100'003)),
                          OutCell::Number(i * 0.25), OutCell::Text("单位" + std::to_string(i % 25))});
    }
    const std::string bytes = WriteXlsx({s});
    ASSERT_GT(ZipEntry(bytes, "xl/worksheets/sheet1.xml").size(), 2 * ZipWriter::kBlockBytes);

    const Sheet read = ReadXlsx(bytes);
    ASSERT_EQ(read.rows.size(), static_cast<std::size_t>(kRows + 1));
    for (int i = 0; i < kRows; i += 997) {
        const Row& row = read.rows[static_cast<std::size_t>(i + 1)];
        EXPECT_EQ(row.cells[0].text, std::to_string(i + 1));
        EXPECT_EQ(row.cells[1].text, "项目" + std::to_string(i * 7919 % 100'003));
        EXPECT_EQ(row.cells[2].number, i * 0.25);
        EXPECT_EQ(row.cells[3].text, "单位" + std::to_string(i % 25));
    }
    EXPECT_EQ(read.rows.back().cells[1].text, "项目" + std::to_string((kRows - 1) * 7919 % 100'003));

    const auto last = Python(R"(-c "
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
rows = list(ws.iter_rows(values_only=True))
print(json.dumps({'rows': len(rows), 'last': list(rows[-1])}, ensure_ascii=False))
")",
                             bytes);
    EXPECT_EQ(last.at("rows"), kRows + 1);
    EXPECT_EQ(last.at("last").as_array()[1].as_string(), "项目" + std::to_string((kRows - 1) * 7919 % 100'003));
    EXPECT_EQ(last.at("last").as_array()[2].to_number<double>(), (kRows - 1) * 0.25);
}

TEST(XlsxWorkbookTest, CellsOutOfOrderAreAProgrammingError) {
    XlsxWorkbook wb({});
    XlsxSheet& ws = wb.AddSheet("S");
    ws.Text(1, 1, "b");
    EXPECT_THROW(ws.Text(1, 0, "a"), std::logic_error);
    EXPECT_THROW(ws.Text(0, 5, "a"), std::logic_error);
    EXPECT_THROW(ws.Number(2, 0, std::numeric_limits<double>::infinity()), std::invalid_argument);
}

}  // namespace
}  // namespace zs::sheet::test
