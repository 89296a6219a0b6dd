// The .csv reader: encodings (UTF-8 with and without BOM, GBK through iconv, UTF-16 with BOM),
// separators, RFC 4180 quoting and line ends, limits, and the messages for what it refuses.
#include <gtest/gtest.h>
#include <iconv.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "sheet_fixture.hpp"

namespace zs::sheet::test {
namespace {

std::string Convert(const std::string& utf8, const char* to) {
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv_open");
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* dst = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<std::size_t>(-1)) throw std::runtime_error("iconv");
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::vector<std::vector<std::string>> Texts(const Sheet& s) {
    std::vector<std::vector<std::string>> out;
    for (const Row& r : s.rows) {
        std::vector<std::string> row;
        for (const Cell& c : r.cells) {
            EXPECT_EQ(c.kind, c.text.empty() ? CellKind::kEmpty : CellKind::kText);
            row.push_back(c.text);
        }
        out.push_back(row);
    }
    return out;
}

const std::string kChinese = "项目名称,总投资（万元）,所属园区\n年产10万吨新材料项目,12.5,高新区\n";
const std::vector<std::vector<std::string>> kChineseRows = {{"项目名称", "总投资（万元）", "所属园区"},
                                                            {"年产10万吨新材料项目", "12.5", "高新区"}};

TEST(ReadCsvTest, Utf8WithAndWithoutBom) {
    EXPECT_EQ(Texts(ReadCsv(kChinese)), kChineseRows);
    EXPECT_EQ(Texts(ReadCsv("\xEF\xBB\xBF" + kChinese)), kChineseRows);
}

TEST(ReadCsvTest, GbkIsConverted) {
    const std::string gbk = Convert(kChinese, "GBK");
    ASSERT_NE(gbk, kChinese);
    EXPECT_EQ(Texts(ReadCsv(gbk)), kChineseRows);
    // GB18030 only (beyond GBK): a four-byte sequence.
    const std::string rare = Convert("名称\n𠀀字\n", "GB18030");
    EXPECT_EQ(Texts(ReadAny(rare)), (std::vector<std::vector<std::string>>{{"名称"}, {"𠀀字"}}));
}

TEST(ReadCsvTest, Utf16WithBom) {
    const std::string le = Convert(kChinese, "UTF-16LE");
    EXPECT_EQ(Texts(ReadAny("\xFF\xFE" + le)), kChineseRows);
    const std::string be = Convert(kChinese, "UTF-16BE");
    EXPECT_EQ(Texts(ReadAny("\xFE\xFF" + be)), kChineseRows);
}

TEST(ReadCsvTest, UndecodableBytesNameTheLine) {
    // Neither UTF-8 nor GB18030: 0xFF never starts a GB18030 character.
    ExpectFileError([] { ReadCsv("a,b\nc,d\ne,\xFF\xFF\n"); }, "第 3 行含有无法识别的字符");
    // Says UTF-8 (BOM) but is not.
    ExpectFileError(
        [] {
            ReadCsv(
                "\xEF\xBB\xBF"
                "a\nb\xC3\n");
        },
        "第 2 行含有无法识别的字符");
    // Binary, not text.
    ExpectFileError([] { ReadCsv(std::string("a\0b", 3)); }, "含有空字符");
}

TEST(ReadCsvTest, SeparatorIsDetectedFromTheFirstLine) {
    const std::vector<std::vector<std::string>> expected = {{"名称", "金额", "备注"}, {"甲", "1,5", "x"}};
    EXPECT_EQ(Texts(ReadCsv("名称;金额;备注\n甲;1,5;x\n")), expected);
    EXPECT_EQ(Texts(ReadCsv("名称\t金额\t备注\n甲\t1,5\tx\n")), expected);
    EXPECT_EQ(Texts(ReadCsv("名称,金额,备注\n甲,\"1,5\",x\n")), expected);
    // Separators inside quotes on the first line do not count.
    EXPECT_EQ(Texts(ReadCsv("\"a;b;c\",d\n")), (std::vector<std::vector<std::string>>{{"a;b;c", "d"}}));
}

TEST(ReadCsvTest, QuotesAndLineEnds) {
    const Sheet s = ReadCsv(
        "名称,说明\r\n"
        "\"甲\",\"第一行\r\n第二行\"\r\n"
        "\"带\"\"引号\"\"\",\"a,b\"\r"
        "\"\"\"x\"y,z\n"
        "\n"
        ",,\n"
        "末行,无换行");
    EXPECT_EQ(
        Texts(s),
        (std::vector<std::vector<std::string>>{
            {"名称", "说明"}, {"甲", "第一行\r\n第二行"}, {"带\"引号\"", "a,b"}, {"\"xy", "z"}, {"末行", "无换行"}}));
    // Row numbers count every record, empty ones too, as a spreadsheet would show them.
    EXPECT_EQ(s.rows[3].number, 4);
    EXPECT_EQ(s.rows[4].number, 7);
}

TEST(ReadCsvTest, EmptyCellsAndTrailingSeparators) {
    const Sheet s = ReadCsv("a,,c,,,\n,,,\n,b\n");
    ASSERT_EQ(s.rows.size(), 2u);
    ASSERT_EQ(s.rows[0].cells.size(), 3u);
    EXPECT_EQ(s.rows[0].cells[1].kind, CellKind::kEmpty);
    EXPECT_EQ(s.rows[1].number, 3);
    EXPECT_EQ(s.rows[1].cells[1].text, "b");
}

TEST(ReadCsvTest, UnclosedQuoteNamesItsLine) {
    ExpectFileError([] { ReadCsv("a,b\nc,\"d\ne,f\n"); }, "第 2 行的引号没有配对");
}

TEST(ReadCsvTest, Limits) {
    Limits limits;
    limits.max_rows = 3;
    EXPECT_EQ(ReadCsv("1\n2\n\n3\n", limits).rows.size(), 3u);
    ExpectFileError([&] { ReadCsv("1\n2\n3\n4\n", limits); }, "工作表超过 3 行");
    std::string wide = "x";
    for (int i = 0; i < 600; ++i) wide += ",v";
    ExpectFileError([&] { ReadCsv("a\n" + wide + "\n"); }, "第 2 行在第 512 列之后还有数据");
    // A line of a million separators holds nothing beyond the limit: fine.
    EXPECT_EQ(ReadCsv("a" + std::string(1'000'000, ',') + "\n").rows[0].cells.size(), 1u);
    limits = {};
    limits.max_file_bytes = 1024 * 1024;
    ExpectFileError([&] { ReadCsv(std::string(2 * 1024 * 1024, 'a'), limits); }, "文件过大（超过 1 MB）");
}

TEST(ReadCsvTest, ProgressCanCancel) {
    std::string csv;
    for (int i = 0; i < 1500; ++i) csv += std::to_string(i) + "\n";
    try {
        ReadCsv(csv, {}, [](int64_t n) { return n < 1000; });
        ADD_FAILURE() << "not cancelled";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kConflict);
    }
}

}  // namespace
}  // namespace zs::sheet::test
