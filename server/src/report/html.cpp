#include "report/html.hpp"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "report/docx.hpp"

namespace zs {
namespace {

// The page imitates the printed document (GB/T 9704-2012 type and A4 text width); the fonts fall
// back to what a Windows, macOS or Linux desktop has.
constexpr std::string_view kStyle = R"css(
:root { --text-width: 156mm; }
.landscape { --text-width: 243mm; }
body { margin: 0; background: #f2f3f5; color: #000; }
article { box-sizing: content-box; width: var(--text-width); max-width: calc(100% - 32px); margin: 16px auto;
  padding: 37mm 26mm 35mm 28mm; background: #fff;
  font: 16pt/28.95pt "Times New Roman", "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", serif; }
h1, h2, h3, p { margin: 0; font-size: 16pt; font-weight: normal; white-space: pre-wrap; overflow-wrap: anywhere; }
h1.title { font-size: 22pt; text-align: center;
  font-family: "Times New Roman", "方正小标宋简体", "FZXiaoBiaoSongB05S", "SimSun", "宋体", "Songti SC", serif; }
p.subtitle { text-align: center; font-family: "Times New Roman", "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif; }
.head-end { margin-bottom: 28.95pt; }
h2 { text-indent: 2em; font-family: "Times New Roman", "SimHei", "黑体", "Heiti SC", sans-serif; }
h3 { text-indent: 2em; font-family: "Times New Roman", "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif; }
p { text-indent: 2em; text-align: justify; }
p.caption { text-indent: 0; text-align: center; font-weight: bold; }
p.signature { text-indent: 0; text-align: right; padding-right: 2em; }
p.signature.first { margin-top: 28.95pt; }
.table-wrap { overflow-x: auto; margin: 0 0 4pt; }
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.4; }
table.wide { font-size: 10.5pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; white-space: pre-wrap; }
th { font-weight: bold; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date { text-align: center; }
@media (max-width: 900px) { article { width: auto; padding: 16px; } }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page landscape { size: A4 landscape; }
@media print {
  body { background: none; }
  article { width: auto; max-width: none; margin: 0; padding: 0; }
  article.landscape { page: landscape; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  table { min-width: 0 !important; }
}
)css";

constexpr int kWideTableColumns = 7;  // as in the .docx: wide tables print smaller

void Escape(std::string& out, std::string_view raw) {
    thread_local std::string text;  // reused: a ledger has 10^6 cells
    text.clear();
    AppendXmlSafeText(text, raw);
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string_view entity;
        switch (text[i]) {
            case '&':
                entity = "&amp;";
                break;
            case '<':
                entity = "&lt;";
                break;
            case '>':
                entity = "&gt;";
                break;
            case '"':
                entity = "&quot;";
                break;
            case '\'':
                entity = "&#39;";
                break;
            default:
                continue;
        }
        out.append(text, run, i - run);
        out.append(entity);
        run = i + 1;
    }
    out.append(text, run);
}

// Text of a table cell: a line feed is a line break, as it is a new paragraph in the .docx cell.
void EscapeCell(std::string& out, std::string_view raw) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= raw.size(); ++i) {
        if (i == raw.size() || raw[i] == '\n') {
            if (start > 0) out += "<br>";
            Escape(out, raw.substr(start, i - start));
            start = i + 1;
        }
    }
}

void Attribute(std::string& out, std::string_view name, std::string_view value) {
    out.push_back(' ');
    out.append(name);
    out += "=\"";
    Escape(out, value);
    out.push_back('"');
}

// One element per line of `text` (a line feed starts a new paragraph, as in the .docx), the first and
// last ones optionally with an extra class.
void Lines(std::string& out, std::string_view tag, std::string_view cls, const Block* block, std::string_view text,
           std::string_view first_cls = {}, std::string_view last_cls = {}) {
    std::size_t start = 0;
    bool first = true;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i != text.size() && text[i] != '\n') continue;
        const bool last = i == text.size();
        std::string classes(cls);
        for (const std::string_view extra :
             {first ? first_cls : std::string_view(), last ? last_cls : std::string_view()}) {
            if (extra.empty()) continue;
            if (!classes.empty()) classes.push_back(' ');
            classes.append(extra);
        }
        out.push_back('<');
        out.append(tag);
        if (!classes.empty()) Attribute(out, "class", classes);
        if (block != nullptr && !block->id.empty()) Attribute(out, "data-id", block->id);
        if (block != nullptr && block->editable) out += " data-editable=\"true\"";
        out.push_back('>');
        Escape(out, text.substr(start, i - start));
        out += "</";
        out.append(tag);
        out += ">\n";
        start = i + 1;
        first = false;
    }
}

std::string_view CellClass(CellKind k) {
    switch (k) {
        case CellKind::kYuanWan:
        case CellKind::kYuanYi:
        case CellKind::kCount:
        case CellKind::kPercent:
            return "num";
        case CellKind::kDate:
            return "date";
        case CellKind::kText:
            return "";
    }
    return "";
}

void RenderRow(std::string& out, const std::vector<Column>& columns, const std::vector<Cell>& row) {
    out += "<tr>";
    for (std::size_t c = 0; c < columns.size(); ++c) {
        out += "<td";
        const std::string_view cls = CellClass(columns[c].kind);
        if (!cls.empty()) Attribute(out, "class", cls);
        out += ">";
        if (c < row.size()) EscapeCell(out, row[c].text);
        out += "</td>";
    }
    out += "</tr>\n";
}

// The table up to its last row; TableEnd closes it.
void RenderTableHead(std::string& out, const Block& b) {
    const Table& t = b.table;
    int total = 0;
    for (const Column& c : t.columns) total += std::max(1, c.width);
    out += "<div class=\"table-wrap\"><table";
    if (t.columns.size() >= static_cast<std::size_t>(kWideTableColumns)) out += " class=\"wide\"";
    if (!b.id.empty()) Attribute(out, "data-id", b.id);
    // Widths count characters as a spreadsheet does (a digit, about half a Chinese character): at
    // least that wide, a table wider than the page (the ledger's 43 columns) scrolls sideways on
    // screen instead of breaking every cell into one character per line (print fits it to the page).
    out += " style=\"min-width:" + std::to_string(total * 6 / 10) + "." + std::to_string(total * 6 % 10) + "em\"";
    out += ">\n<colgroup>";
    for (const Column& c : t.columns) {
        // Widths in tenths of a percent, integer arithmetic, so the page is the same everywhere.
        const int permille = std::max(1, c.width) * 1000 / std::max(1, total);
        out += "<col style=\"width:" + std::to_string(permille / 10) + "." + std::to_string(permille % 10) + "%\">";
    }
    out += "</colgroup>\n<thead><tr>";
    for (const Column& c : t.columns) {
        out += "<th";
        Attribute(out, "data-kind", CellKindKey(c.kind));
        out += ">";
        EscapeCell(out, c.title);
        out += "</th>";
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) RenderRow(out, t.columns, row);
}

constexpr std::string_view kTableEnd = "</tbody>\n</table></div>\n";

// The signature lines and the end of the page.
void RenderTail(std::string& out, std::string_view issuer, std::string_view date_line) {
    if (!issuer.empty()) Lines(out, "p", "signature", nullptr, issuer, "first");
    if (!date_line.empty()) Lines(out, "p", "signature", nullptr, date_line, issuer.empty() ? "first" : "");
    out += "</article>\n</body>\n</html>\n";
}

}  // namespace

HtmlTableStream::HtmlTableStream(const Document& d) : issuer_(d.issuer), date_line_(d.date_line) {
    // A ledger page is 10^8 bytes: sized once rather than grown by doubling.
    std::size_t estimate = kStyle.size() + 1024 + d.title.size() + d.subtitle.size();
    for (const Block& b : d.blocks) {
        estimate += b.text.size() + b.id.size() + 64;
        for (const auto& row : b.table.rows) {
            estimate += 16;
            for (const Cell& c : row) estimate += c.text.size() + 24;
        }
    }
    out_.reserve(estimate);
    out_ += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    Escape(out_, d.title);
    out_ += "</title>\n<style>";
    out_ += kStyle;
    out_ += "</style>\n</head>\n<body>\n<article";
    Attribute(out_, "class", d.landscape ? "report landscape" : "report");
    Attribute(out_, "data-type", d.type);
    out_ += ">\n";
    Lines(out_, "h1", "title", nullptr, d.title, {}, d.subtitle.empty() ? "head-end" : "");
    if (!d.subtitle.empty()) Lines(out_, "p", "subtitle", nullptr, d.subtitle, {}, "head-end");
    for (std::size_t i = 0; i < d.blocks.size(); ++i) {
        const Block& b = d.blocks[i];
        switch (b.kind) {
            case BlockKind::kHeading1:
                Lines(out_, "h2", "", &b, b.text);
                break;
            case BlockKind::kHeading2:
                Lines(out_, "h3", "", &b, b.text);
                break;
            case BlockKind::kParagraph:
                Lines(out_, "p", "", &b, b.text);
                break;
            case BlockKind::kCaption:
                Lines(out_, "p", "caption", &b, b.text);
                break;
            case BlockKind::kTable:
                RenderTableHead(out_, b);
                if (i + 1 == d.blocks.size()) {
                    columns_ = b.table.columns;  // rows may follow: the table stays open
                    open_ = true;
                } else {
                    out_ += kTableEnd;
                }
                break;
        }
    }
}

void HtmlTableStream::AddRow(const std::vector<Cell>& cells) {
    if (!open_) throw std::logic_error("html: rows added to a document that does not end with a table");
    RenderRow(out_, columns_, cells);
}

std::string HtmlTableStream::Finish() {
    if (open_) out_ += kTableEnd;
    open_ = false;
    RenderTail(out_, issuer_, date_line_);
    return std::move(out_);
}

std::string RenderHtml(const Document& d) { return HtmlTableStream(d).Finish(); }

}  // namespace zs
