// The three renderers (.docx, .xlsx, HTML) checked from outside: determinism byte for byte, and
// independent readers (python-docx, openpyxl, Python's HTML parser; tests/tools/read_*.py) and
// LibreOffice opening what we wrote. A missing tool fails the test: these readers are the proof.
//
// How the .docx maps to DocumentText: the body is read in order; each paragraph is one line (its
// w:tab elements read as '\t'), each table row is one line with the cell texts joined by '\t' (the
// header row first), and empty "Zs Spacer" paragraphs (kept between adjacent tables so Word does
// not merge them) are not text. A line feed inside a block's text becomes a new paragraph of the same
// style (a new line), and inside a table cell a new paragraph of the cell (read back as '\n').
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/document.hpp"
#include "report/docx.hpp"
#include "report/html.hpp"
#include "report/xlsx.hpp"

namespace zs {
namespace {

namespace fs = std::filesystem;

const std::string kPython = "/usr/bin/python3";  // Debian's, with python3-docx and python3-openpyxl
const std::string kTools = std::string(ZS_SOURCE_DIR) + "/tests/tools/";

Document Sample(bool landscape) {
    Document d;
    d.type = "monthly";
    d.title = "桐城市招商引资工作月通报";
    d.subtitle = "(2026年1-6月)";
    d.issuer = "桐城市招商中心";
    d.date_line = "2026年7月5日";
    d.landscape = landscape;
    d.blocks.push_back(
        {BlockKind::kParagraph, "intro", "现将2026年1-6月全市招商引资主要指标完成情况通报如下:", true, {}});
    d.blocks.push_back({BlockKind::kHeading1, "s1", "一、主要指标完成情况", false, {}});
    d.blocks.push_back({BlockKind::kHeading2, "s1.1", "1、实际利用省外资金", false, {}});
    d.blocks.push_back({BlockKind::kCaption, "c1", "表1 实际利用省外资金完成情况", false, {}});

    Block t1;
    t1.kind = BlockKind::kTable;
    t1.id = "t1";
    t1.table.columns = {{"单位", CellKind::kText, 14},         {"完成(万元)", CellKind::kYuanWan, 12},
                        {"完成(亿元)", CellKind::kYuanYi, 10}, {"项目数", CellKind::kCount, 8},
                        {"完成率", CellKind::kPercent, 8},     {"签约日期", CellKind::kDate, 12}};
    t1.table.rows = {
        {TextCell("全市"), WanCell(123'456'789), YiCell(2'350'000'000), CountCell(31), PercentCell(Ratio{2, 3}),
         TextCell("2026-06-30")},
        {TextCell("=HYPERLINK(\"x\")"), WanCell(-5'000), YiCell(0), CountCell(0), PercentCell(std::nullopt),
         TextCell("—")},
        {TextCell("-1+2"), TextCell("—"), YiCell(99'999'999), CountCell(7), PercentCell(Ratio{1, 8}),
         TextCell("2026-01-02")},
        {TextCell("@SUM(A1)"), WanCell(5'000), YiCell(150'000'000), CountCell(2), PercentCell(Ratio{3, 2}),
         TextCell("")},
        {TextCell("<b>经开区</b> & \"园区\""), WanCell(0), YiCell(0), CountCell(0), PercentCell(Ratio{0, 1}),
         TextCell("2026-03-31")},
    };
    d.blocks.push_back(t1);

    Block t2;  // directly after t1, without a caption
    t2.kind = BlockKind::kTable;
    t2.id = "t2";
    t2.table.columns = {{"单位", CellKind::kText, 10}, {"备注", CellKind::kText, 30}};
    t2.table.rows = {{TextCell("高新区"), TextCell("第一行\n第二行")}};
    d.blocks.push_back(t2);

    d.blocks.push_back({BlockKind::kHeading2, "s1.2", "2、预警", false, {}});
    d.blocks.push_back({BlockKind::kCaption, "c3", "表3 预警:完成率[低于]1/3*", false, {}});
    Block t3;
    t3.kind = BlockKind::kTable;
    t3.id = "t3";
    t3.table.columns = {{"单位", CellKind::kText, 10}, {"完成率", CellKind::kPercent, 10}};
    t3.table.rows = {{TextCell("园区"), PercentCell(Ratio{1, 4})}};
    d.blocks.push_back(t3);
    d.blocks.push_back({BlockKind::kParagraph, "s5", "各单位均按时报送6月份数据。", true, {}});

    const auto err = ApplyEdits(d, {{"s5", "第一段<script>alert(1)</script>&amp;\n第二段\t含制表符"}});
    EXPECT_FALSE(err);
    return d;
}

struct TempDir {
    TempDir() : path(fs::temp_directory_path() / ("zs-render-test-" + std::to_string(getpid()))) {
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

std::string Write(const fs::path& dir, const std::string& name, const std::string& bytes) {
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
}

// Runs a shell command and returns its standard output; throws (failing the test) on a non-zero exit.
std::string RunCommand(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = pclose(pipe);
    if (status != 0) throw std::runtime_error("exit status " + std::to_string(status) + ": " + command);
    return out;
}

boost::json::value Read(const std::string& tool, const std::string& file) {
    return boost::json::parse(RunCommand(kPython + " '" + kTools + tool + "' '" + file + "'"));
}

std::string Str(const boost::json::value& v) { return std::string(v.as_string()); }

// The printed text of a .docx as read by python-docx (see the mapping at the top), one line per
// paragraph or table row, each ended by '\n' as in DocumentText.
std::string DocxText(const boost::json::value& docx) {
    std::string text;
    for (const auto& item : docx.at("body").as_array()) {
        if (item.at("type") == "p") {
            if (item.at("style") == "Zs Spacer" && item.at("text") == "") continue;
            text += Str(item.at("text")) + "\n";
            continue;
        }
        for (const auto& row : item.at("rows").as_array()) {
            const auto& cells = row.as_array();
            for (std::size_t c = 0; c < cells.size(); ++c) text += (c > 0 ? "\t" : "") + Str(cells[c]);
            text += "\n";
        }
    }
    return text;
}

const boost::json::object* FindParagraph(const boost::json::value& docx, std::string_view text) {
    for (const auto& item : docx.at("body").as_array()) {
        if (item.at("type") == "p" && Str(item.at("text")) == text) return &item.as_object();
    }
    return nullptr;
}

TEST(RenderTest, ToolsArePresent) {
    // Installed by scripts/setup (python3-docx, python3-openpyxl, libreoffice-*-nogui).
    EXPECT_NO_THROW(RunCommand(kPython + " -c 'import docx, openpyxl'"));
    EXPECT_NO_THROW(RunCommand("libreoffice --version"));
}

TEST(RenderTest, SameDocumentSameBytes) {
    for (const bool landscape : {false, true}) {
        const Document d = Sample(landscape);
        const Document copy = DocumentFromJson(DocumentToJson(d));  // as a stored document renders again
        const std::string docx = RenderDocx(d);
        EXPECT_EQ(docx, RenderDocx(copy));
        EXPECT_EQ(docx.substr(0, 2), "PK");
        const std::string xlsx = RenderXlsx(d);
        EXPECT_EQ(xlsx, RenderXlsx(copy));
        EXPECT_EQ(xlsx.substr(0, 2), "PK");
        const std::string html = RenderHtml(d);
        EXPECT_EQ(html, RenderHtml(copy));
    }
    // and a different document gives different bytes
    Document other = Sample(false);
    other.blocks[0].text = "改写";
    EXPECT_NE(RenderDocx(other), RenderDocx(Sample(false)));
    EXPECT_NE(RenderXlsx(other), RenderXlsx(Sample(false)));
    EXPECT_NE(RenderHtml(other), RenderHtml(Sample(false)));
}

// Rows added to the last table after the file was started give the file of the document holding
// them (.xlsx: text sheet and earlier tables as they were; HTML: the page); a document ending
// otherwise takes no row.
TEST(RenderTest, RowsStreamedIntoTheLastTableGiveTheWholeDocumentsFile) {
    Document whole = Sample(true);
    whole.blocks.pop_back();  // the closing paragraph: t3 is now the last block
    ASSERT_EQ(whole.blocks.back().kind, BlockKind::kTable);
    whole.blocks.back().table.rows.push_back({TextCell("=经开区"), PercentCell(Ratio{5, 4})});
    whole.blocks.back().table.rows.push_back({TextCell("镇(街道)"), PercentCell(std::nullopt)});
    for (const std::size_t kept : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        SCOPED_TRACE("rows given at the start: " + std::to_string(kept));
        Document head = whole;
        std::vector<std::vector<Cell>>& rows = head.blocks.back().table.rows;
        const std::vector<std::vector<Cell>> later(rows.begin() + static_cast<std::ptrdiff_t>(kept), rows.end());
        rows.resize(kept);
        XlsxTableStream xlsx(head);
        HtmlTableStream html(head);
        for (const auto& row : later) {
            xlsx.AddRow(row);
            html.AddRow(row);
        }
        EXPECT_EQ(xlsx.Finish(), RenderXlsx(whole));
        EXPECT_EQ(html.Finish(), RenderHtml(whole));
    }
    XlsxTableStream xlsx_ending_with_text(Sample(false));
    EXPECT_THROW(xlsx_ending_with_text.AddRow({TextCell("x")}), std::logic_error);
    HtmlTableStream html_ending_with_text(Sample(false));
    EXPECT_THROW(html_ending_with_text.AddRow({TextCell("x")}), std::logic_error);
}

TEST(RenderTest, DocxReadsBackAsTheDocument) {
    const TempDir dir;
    for (const bool landscape : {false, true}) {
        SCOPED_TRACE(landscape ? "landscape" : "portrait");
        const Document d = Sample(landscape);
        const auto docx = Read("read_docx.py", Write(dir.path, "report.docx", RenderDocx(d)));

        EXPECT_EQ(DocxText(docx), DocumentText(d));
        int spacers = 0;
        for (const auto& item : docx.at("body").as_array())
            spacers += item.at("type") == "p" && item.at("style") == "Zs Spacer";
        EXPECT_EQ(spacers, 1);  // between the two adjacent tables only
        EXPECT_EQ(Str(docx.at("title")), d.title);

        // GB/T 9704-2012 page: A4, margins 37/35/28/26 mm, 22 lines × 28 characters.
        ASSERT_EQ(docx.at("sections").as_array().size(), 1u);
        const auto& s = docx.at("sections").as_array()[0];
        EXPECT_EQ(s.at("page_width_twips"), landscape ? 16838 : 11906);
        EXPECT_EQ(s.at("page_height_twips"), landscape ? 11906 : 16838);
        EXPECT_EQ(s.at("orientation"), landscape ? "landscape" : "portrait");
        EXPECT_EQ(s.at("top_mm").to_number<double>(), 37.0);
        EXPECT_EQ(s.at("bottom_mm").to_number<double>(), 35.0);
        EXPECT_EQ(s.at("left_mm").to_number<double>(), 28.0);
        EXPECT_EQ(s.at("right_mm").to_number<double>(), 26.0);
        EXPECT_EQ(s.at("doc_grid").at("type"), "linesAndChars");
        EXPECT_EQ(s.at("doc_grid").at("linePitch"), "579");   // 225 mm / 22 lines
        EXPECT_EQ(s.at("doc_grid").at("charSpace"), "-842");  // 156 mm / 28 characters of 16 pt

        // Page numbers "— n —": odd pages right, even pages left, in 宋体 四号.
        EXPECT_EQ(docx.at("odd_and_even"), true);
        EXPECT_EQ(s.at("footer").at("text"), "— 1 —");
        EXPECT_EQ(s.at("footer").at("fields"), (boost::json::array{"PAGE"}));
        EXPECT_EQ(s.at("footer").at("alignment"), (boost::json::array{"RIGHT"}));
        EXPECT_EQ(s.at("even_footer").at("fields"), (boost::json::array{"PAGE"}));
        EXPECT_EQ(s.at("even_footer").at("alignment"), (boost::json::array{"LEFT"}));

        // Styles: fonts for Chinese and for Latin letters and digits, sizes, line and indent.
        const auto& st = docx.at("styles");
        EXPECT_EQ(st.at("Normal").at("eastAsia"), "仿宋_GB2312");
        EXPECT_EQ(st.at("Normal").at("ascii"), "Times New Roman");
        EXPECT_EQ(st.at("Normal").at("hAnsi"), "Times New Roman");
        EXPECT_EQ(st.at("Normal").at("size_pt").to_number<double>(), 16.0);
        EXPECT_EQ(st.at("Normal").at("line"), 579);
        EXPECT_EQ(st.at("Normal").at("line_rule"), "exact");
        EXPECT_EQ(st.at("Normal").at("first_line_chars"), 200);
        EXPECT_EQ(st.at("Title").at("eastAsia"), "方正小标宋简体");
        EXPECT_EQ(st.at("Title").at("ascii"), "Times New Roman");
        EXPECT_EQ(st.at("Title").at("size_pt").to_number<double>(), 22.0);
        EXPECT_EQ(st.at("Title").at("alignment"), "CENTER");
        EXPECT_EQ(st.at("Subtitle").at("eastAsia"), "楷体_GB2312");
        EXPECT_EQ(st.at("Heading 1").at("eastAsia"), "黑体");
        EXPECT_EQ(st.at("Heading 1").at("bold"), false);
        EXPECT_EQ(st.at("Heading 2").at("eastAsia"), "楷体_GB2312");
        EXPECT_EQ(st.at("Caption").at("bold"), true);
        EXPECT_EQ(st.at("Caption").at("alignment"), "CENTER");
        EXPECT_EQ(st.at("Footer").at("eastAsia"), "宋体");
        EXPECT_EQ(st.at("Footer").at("ascii"), "宋体");
        EXPECT_EQ(st.at("Footer").at("size_pt").to_number<double>(), 14.0);
        EXPECT_EQ(docx.at("defaults").at("eastAsia"), "仿宋_GB2312");

        // Each block in its style.
        const std::pair<std::string_view, std::string_view> styled[] = {
            {d.title, "Title"},
            {d.subtitle, "Subtitle"},
            {"一、主要指标完成情况", "Heading 1"},
            {"1、实际利用省外资金", "Heading 2"},
            {"表1 实际利用省外资金完成情况", "Caption"},
            {"现将2026年1-6月全市招商引资主要指标完成情况通报如下:", "Normal"},
            {"第二段\t含制表符", "Normal"},
            {d.issuer, "Zs Signature"},
            {d.date_line, "Zs Signature"}};
        for (const auto& [text, style] : styled) {
            const auto* p = FindParagraph(docx, text);
            ASSERT_NE(p, nullptr) << text;
            EXPECT_EQ(Str(p->at("style")), style) << text;
        }
        EXPECT_EQ(FindParagraph(docx, d.issuer)->at("alignment"), "RIGHT");
        EXPECT_EQ(FindParagraph(docx, d.date_line)->at("alignment"), "RIGHT");

        // Tables: repeated header row, single borders all round, widths in proportion, figures right.
        std::vector<const boost::json::object*> tables;
        for (const auto& item : docx.at("body").as_array()) {
            if (item.at("type") == "table") tables.push_back(&item.as_object());
        }
        ASSERT_EQ(tables.size(), 3u);
        const auto& t1 = *tables[0];
        EXPECT_EQ(t1.at("header"), (boost::json::array{true, false, false, false, false, false}));
        for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
            EXPECT_EQ(t1.at("borders").at(side), "single") << side;
        }
        const int text_width = landscape ? 16838 - 1587 - 1474 : 11906 - 1587 - 1474;
        const int widths[] = {14, 12, 10, 8, 8, 12};
        int sum = 0;
        for (std::size_t c = 0; c < 6; ++c) {
            const int w = static_cast<int>(t1.at("grid").as_array()[c].as_int64());
            sum += w;
            EXPECT_NEAR(w, text_width * widths[c] / 64.0, 6.0) << c;
        }
        EXPECT_EQ(sum, text_width);
        const auto& row1 = t1.at("alignment").as_array()[1].as_array();
        for (std::size_t c = 1; c <= 4; ++c) EXPECT_EQ(row1[c], "RIGHT") << c;
        EXPECT_EQ(t1.at("alignment").as_array()[0].as_array()[1], "CENTER");  // header

        // Deterministic package: [Content_Types].xml first, every entry deflated and dated 1980-01-01.
        const auto& zip = docx.at("zip").as_array();
        EXPECT_EQ(zip.front().at("name"), "[Content_Types].xml");
        EXPECT_TRUE(docx.at("zip_bad_entry").is_null());
        for (const auto& e : zip) {
            EXPECT_EQ(e.at("date_time"), (boost::json::array{1980, 1, 1, 0, 0, 0})) << e.at("name");
            EXPECT_EQ(e.at("compress_type"), 8) << e.at("name");
        }
    }
}

const boost::json::object* FindCell(const boost::json::object& sheet, std::string_view ref) {
    for (const auto& c : sheet.at("cells").as_array()) {
        if (Str(c.at("ref")) == ref) return &c.as_object();
    }
    return nullptr;
}

TEST(RenderTest, XlsxReadsBackWithNumbersAndNoFormulas) {
    const TempDir dir;
    for (const bool landscape : {false, true}) {
        SCOPED_TRACE(landscape ? "landscape" : "portrait");
        const Document d = Sample(landscape);
        const auto x = Read("read_xlsx.py", Write(dir.path, "report.xlsx", RenderXlsx(d)));
        const auto& sheets = x.at("sheets").as_array();
        ASSERT_EQ(sheets.size(), 4u);
        EXPECT_EQ(sheets[0].at("name"), "正文");
        EXPECT_EQ(sheets[1].at("name"), "表1 实际利用省外资金完成情况");
        EXPECT_EQ(sheets[2].at("name"), "表2");                   // no caption
        EXPECT_EQ(sheets[3].at("name"), "表3 预警完成率低于13");  // []:*?/\ removed

        // Nothing anywhere is a formula.
        for (const auto& sheet : sheets) {
            for (const auto& c : sheet.at("cells").as_array()) EXPECT_NE(c.at("type"), "f") << c.at("ref");
        }

        // The text sheet: title, subtitle, headings and paragraphs in order, issuer and date.
        std::vector<std::string> text;
        for (const auto& c : sheets[0].at("cells").as_array()) text.push_back(Str(c.at("value")));
        const std::vector<std::string> expected_text = {
            d.title,          d.subtitle, d.blocks[0].text, "一、主要指标完成情况", "1、实际利用省外资金", "2、预警",
            d.blocks[9].text, d.issuer,   d.date_line};
        EXPECT_EQ(text, expected_text);
        EXPECT_TRUE(sheets[0].at("freeze_panes").is_null());

        const auto& t1 = sheets[1].as_object();
        EXPECT_EQ(t1.at("freeze_panes"), "A2");
        EXPECT_EQ(t1.at("print_title_rows"), "$1:$1");  // the header row on every printed page
        EXPECT_EQ(t1.at("paper_size"), 9);              // A4
        EXPECT_EQ(t1.at("orientation"), landscape ? "landscape" : "portrait");
        const char* headers[] = {"单位", "完成(万元)", "完成(亿元)", "项目数", "完成率", "签约日期"};
        const char* columns = "ABCDEF";
        const int widths[] = {14, 12, 10, 8, 8, 12};
        for (int c = 0; c < 6; ++c) {
            const auto* h = FindCell(t1, std::string(1, columns[c]) + "1");
            ASSERT_NE(h, nullptr);
            EXPECT_EQ(h->at("value"), headers[c]);
            EXPECT_EQ(h->at("bold"), true);
            const double w = t1.at("widths").at(std::to_string(c + 1)).to_number<double>();
            EXPECT_GE(w, widths[c]);
            EXPECT_LT(w, widths[c] + 1);  // Excel adds its cell padding
        }
        struct Expect {
            const char* ref;
            const char* type;
            double value;
            const char* format;
        };
        const Expect numbers[] = {
            {"B2", "n", 12345.6789, "0.00"}, {"C2", "n", 23.5, "0.00"},  {"D2", "n", 31, "0"},
            {"E2", "n", 2.0 / 3.0, "0.0%"},  {"B3", "n", -0.5, "0.00"},  {"C3", "n", 0, "0.00"},
            {"C4", "n", 0.99999999, "0.00"}, {"E4", "n", 0.125, "0.0%"}, {"E5", "n", 1.5, "0.0%"},
            {"B5", "n", 0.5, "0.00"},        {"E6", "n", 0, "0.0%"},
        };
        for (const Expect& e : numbers) {
            const auto* c = FindCell(t1, e.ref);
            ASSERT_NE(c, nullptr) << e.ref;
            EXPECT_EQ(c->at("type"), e.type) << e.ref;
            EXPECT_NEAR(c->at("value").to_number<double>(), e.value, 1e-12) << e.ref;
            EXPECT_EQ(c->at("format"), e.format) << e.ref;
        }
        // Texts stay texts: dates as printed, "—" where there is no figure, injections neutralised.
        const std::pair<const char*, const char*> texts[] = {
            {"A2", "全市"},  {"F2", "2026-06-30"}, {"A3", "'=HYPERLINK(\"x\")"}, {"E3", "—"},
            {"A4", "'-1+2"}, {"B4", "—"},          {"A5", "'@SUM(A1)"},          {"A6", "<b>经开区</b> & \"园区\""}};
        for (const auto& [ref, value] : texts) {
            const auto* c = FindCell(t1, ref);
            ASSERT_NE(c, nullptr) << ref;
            EXPECT_EQ(c->at("type"), "s") << ref;
            EXPECT_EQ(c->at("value"), value) << ref;
        }
        EXPECT_EQ(FindCell(t1, "F5"), nullptr);  // an empty text is an empty cell

        const auto* note = FindCell(sheets[2].as_object(), "B2");
        ASSERT_NE(note, nullptr);
        EXPECT_EQ(note->at("value"), "第一行\n第二行");
        EXPECT_EQ(sheets[2].at("freeze_panes"), "A2");

        // Fixed creation date and zip timestamps: nothing comes from the clock.
        EXPECT_EQ(x.at("created"), "2000-01-01T00:00:00");
        EXPECT_EQ(Str(x.at("title")), d.title);
        EXPECT_TRUE(x.at("zip_bad_entry").is_null());
        std::set<std::string> dates;
        for (const auto& e : x.at("zip").as_array()) dates.insert(boost::json::serialize(e.at("date_time")));
        EXPECT_EQ(dates.size(), 1u);
        EXPECT_EQ(*dates.begin(), "[1980,1,1,0,0,0]");
    }
}

TEST(RenderTest, HtmlReadsBackAsTheDocument) {
    const TempDir dir;
    const Document d = Sample(false);
    const std::string html = RenderHtml(d);
    const auto h = Read("read_html.py", Write(dir.path, "report.html", html));
    std::string text;
    for (const auto& l : h.at("lines").as_array()) text += Str(l) + "\n";
    EXPECT_EQ(text, DocumentText(d));
    EXPECT_EQ(Str(h.at("title")), d.title);
    EXPECT_EQ(h.at("scripts"), 0);  // the paragraph's "<script>" is text, not an element
    EXPECT_TRUE(h.at("handlers").as_array().empty());
    EXPECT_TRUE(h.at("external").as_array().empty());
    EXPECT_NE(html.find("第一段&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"), std::string::npos);
    EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
    EXPECT_NE(html.find("data-id=\"s5\" data-editable=\"true\""), std::string::npos);
    EXPECT_NE(html.find("<th data-kind=\"wan\">"), std::string::npos);
    EXPECT_NE(html.find("<td class=\"num\">12345.68</td>"), std::string::npos);
    EXPECT_NE(RenderHtml(Sample(true)).find("<article class=\"report landscape\""), std::string::npos);
    // A table is at least as wide as its columns' characters (0.6 em each: 64 → 38.4 em), so a very
    // wide one scrolls on screen rather than wrapping each cell to one character; print fits it.
    EXPECT_NE(html.find("<table data-id=\"t1\" style=\"min-width:38.4em\">"), std::string::npos);
    EXPECT_NE(html.find("<table data-id=\"t2\" style=\"min-width:24.0em\">"), std::string::npos);
    EXPECT_NE(html.find("table { min-width: 0 !important; }"), std::string::npos);
}

TEST(RenderTest, ControlCharactersNeverReachTheFiles) {
    Document d = Sample(false);
    d.blocks[0].text = std::string("前\x01\x1F后\x7F") + "\xFF";  // control characters and a stray byte
    const TempDir dir;
    const auto docx = Read("read_docx.py", Write(dir.path, "c.docx", RenderDocx(d)));
    EXPECT_NE(FindParagraph(docx, "前后\xEF\xBF\xBD"), nullptr);  // U+FFFD for the stray byte
    const auto x = Read("read_xlsx.py", Write(dir.path, "c.xlsx", RenderXlsx(d)));
    EXPECT_EQ(x.at("sheets").as_array()[0].at("cells").as_array()[2].at("value"), "前后\xEF\xBF\xBD");
    EXPECT_EQ(RenderHtml(d).find('\x01'), std::string::npos);
}

TEST(RenderTest, XlsxSheetNamesAreValidAndUnique) {
    Document d;
    d.type = "monthly";
    d.title = "名称";
    auto table = [](std::string id) {
        Block b;
        b.kind = BlockKind::kTable;
        b.id = std::move(id);
        b.table.columns = {{"单位", CellKind::kText, 10}};
        b.table.rows = {{TextCell("园区")}};
        return b;
    };
    const std::string long_caption =
        "表1 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十";  // 33 characters
    d.blocks = {{BlockKind::kCaption, "c1", long_caption, false, {}}, table("t1"),
                {BlockKind::kCaption, "c2", long_caption, false, {}}, table("t2"),
                {BlockKind::kCaption, "c3", "'正文'", false, {}},     table("t3"),
                {BlockKind::kCaption, "c4", "[]:*?/\\", false, {}},   table("t4"),
                {BlockKind::kCaption, "c5", "Sheet", false, {}},      table("t5"),
                {BlockKind::kCaption, "c6", "SHEET", false, {}},      table("t6")};
    const TempDir dir;
    const auto x = Read("read_xlsx.py", Write(dir.path, "names.xlsx", RenderXlsx(d)));
    std::vector<std::string> names;
    for (const auto& s : x.at("sheets").as_array()) names.push_back(Str(s.at("name")));
    // No text sheet: the document has no headings or paragraphs.
    const std::vector<std::string> expected = {
        "表1 一二三四五六七八九十一二三四五六七八九十一二三四五六七八",  // 31
        "表1 一二三四五六七八九十一二三四五六七八九十一二三四五(2)",    "正文", "表4", "Sheet", "SHEET(2)"};
    EXPECT_EQ(names, expected);
}

TEST(RenderTest, EmptyDocumentStillRenders) {
    Document d;  // no title, no blocks
    const TempDir dir;
    const auto docx = Read("read_docx.py", Write(dir.path, "e.docx", RenderDocx(d)));
    EXPECT_EQ(DocxText(docx), DocumentText(d));
    const auto x = Read("read_xlsx.py", Write(dir.path, "e.xlsx", RenderXlsx(d)));
    ASSERT_EQ(x.at("sheets").as_array().size(), 1u);
    EXPECT_EQ(x.at("sheets").as_array()[0].at("name"), "正文");
    const auto h = Read("read_html.py", Write(dir.path, "e.html", RenderHtml(d)));
    EXPECT_EQ(h.at("lines"), (boost::json::array{""}));

    // A table ending the document (no issuer) is followed by a paragraph, as Word expects.
    d.blocks.push_back({BlockKind::kTable, "t", "", false, {{{"单位", CellKind::kText, 10}}, {{TextCell("园区")}}}});
    const auto ending = Read("read_docx.py", Write(dir.path, "t.docx", RenderDocx(d)));
    EXPECT_EQ(DocxText(ending), DocumentText(d));
    EXPECT_EQ(ending.at("body").as_array().back().at("style"), "Zs Spacer");
}

TEST(RenderTest, LibreOfficeConvertsToPdf) {
    const TempDir dir;
    const std::string portrait = Write(dir.path, "portrait.docx", RenderDocx(Sample(false)));
    const std::string landscape = Write(dir.path, "landscape.docx", RenderDocx(Sample(true)));
    const std::string workbook = Write(dir.path, "workbook.xlsx", RenderXlsx(Sample(false)));
    const fs::path out = dir.path / "pdf";
    // A private profile, so a running LibreOffice (or a parallel test) does not take the job.
    const std::string profile = "file://" + (dir.path / "lo-profile").string();
    const std::string command = "timeout 300 libreoffice -env:UserInstallation=" + profile +
                                " --headless --convert-to pdf --outdir '" + out.string() + "' '" + portrait + "' '" +
                                landscape + "' '" + workbook + "' >/dev/null 2>&1";
    ASSERT_NO_THROW(RunCommand(command));
    auto pdf = [&](const std::string& name) {
        std::ifstream in(out / name, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    for (const char* name : {"portrait.pdf", "landscape.pdf", "workbook.pdf"}) {
        const std::string bytes = pdf(name);
        EXPECT_GT(bytes.size(), 1000u) << name;
        EXPECT_EQ(bytes.substr(0, 5), "%PDF-") << name;
    }
    // A4 pages, turned for the landscape document (595.3 × 841.9 pt).
    EXPECT_NE(pdf("portrait.pdf").find("/MediaBox[0 0 595.3"), std::string::npos);
    EXPECT_NE(pdf("landscape.pdf").find("/MediaBox[0 0 841.8"), std::string::npos);
}

}  // namespace
}  // namespace zs
