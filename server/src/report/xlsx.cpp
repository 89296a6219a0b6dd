#include "report/xlsx.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "report/docx.hpp"
#include "sheet/xlsx_workbook.hpp"

namespace zs {
namespace {

using sheet::kMaxCellChars;
using sheet::kMaxSheetNameChars;
using sheet::Utf8Length;
using sheet::Utf8Prefix;
using sheet::XlsxSheet;
using sheet::XlsxWorkbook;
using Align = sheet::Style::Align;

constexpr double kTextSheetWidth = 100;
constexpr std::string_view kTextSheetName = "正文";

// A text that a spreadsheet would take for a formula (or that CSV export would hand to one) is
// written after an apostrophe, so no program evaluates it.
// `out` is reused from cell to cell (a ledger has 10^6 of them).
void SafeText(std::string_view raw, std::string& out) {
    out.clear();
    AppendXmlSafeText(out, raw);
    if (!out.empty() && (out[0] == '=' || out[0] == '+' || out[0] == '-' || out[0] == '@' || out[0] == '\t')) {
        out.insert(out.begin(), '\'');
    }
    // Bytes bound characters, so most texts need no count.
    if (out.size() > kMaxCellChars && Utf8Length(out) > kMaxCellChars) out = Utf8Prefix(out, kMaxCellChars);
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Sheet names: at most 31 characters, none of []:*?/\, no apostrophe at either end, unique
// without regard to case (as Excel compares them).
class SheetNames {
public:
    explicit SheetNames(bool reserve_text) {
        if (reserve_text) used_.insert(AsciiLower(kTextSheetName));
    }

    std::string Take(std::string_view wanted, std::string_view fallback) {
        std::string base;
        for (const char c : XmlSafeText(wanted)) {
            if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) continue;
            base.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
        }
        while (!base.empty() && (base.front() == '\'' || base.front() == ' ')) base.erase(base.begin());
        while (!base.empty() && (base.back() == '\'' || base.back() == ' ')) base.pop_back();
        if (base.empty()) base = std::string(fallback);
        for (int n = 1;; ++n) {
            const std::string suffix = n == 1 ? "" : "(" + std::to_string(n) + ")";
            std::string name = Utf8Prefix(base, kMaxSheetNameChars - Utf8Length(suffix));
            while (!name.empty() && name.back() == '\'') name.pop_back();
            name += suffix;
            if (used_.insert(AsciiLower(name)).second) return name;
        }
    }

private:
    std::set<std::string> used_;
};

struct Formats {
    int header = 0;
    int text = 0;
    int text_right = 0;  // "—" and other texts in figure columns
    int text_center = 0;
    int money = 0;
    int count = 0;
    int percent = 0;
    int title = 0;
    int heading = 0;
    int paragraph = 0;
};

int CellFormat(XlsxWorkbook& wb, Align align, std::string num_format = {}) {
    return wb.AddStyle(
        {.border = true, .horizontal = align, .vertical = Align::kCenter, .number_format = std::move(num_format)});
}

Formats MakeFormats(XlsxWorkbook& wb) {
    Formats f;
    f.header = wb.AddStyle(
        {.bold = true, .border = true, .horizontal = Align::kCenter, .vertical = Align::kCenter, .wrap = true});
    f.text = CellFormat(wb, Align::kDefault);
    f.text_right = CellFormat(wb, Align::kRight);
    f.text_center = CellFormat(wb, Align::kCenter);
    f.money = CellFormat(wb, Align::kDefault, "0.00");
    f.count = CellFormat(wb, Align::kDefault, "0");
    f.percent = CellFormat(wb, Align::kDefault, "0.0%");
    f.title = wb.AddStyle({.bold = true, .font_size = 16, .horizontal = Align::kCenter, .wrap = true});
    f.heading = wb.AddStyle({.bold = true, .wrap = true});
    f.paragraph = wb.AddStyle({.vertical = Align::kTop, .wrap = true});
    return f;
}

void WriteText(XlsxSheet& ws, int64_t row, int64_t col, std::string_view text, int format) {
    thread_local std::string safe;
    SafeText(text, safe);
    ws.Text(row, col, safe, format);
}

void WriteCell(XlsxSheet& ws, int64_t row, int64_t col, const Column& column, const Cell& cell, const Formats& f) {
    switch (column.kind) {
        case CellKind::kYuanWan:
        case CellKind::kYuanYi:
            if (cell.number) {
                const double unit = column.kind == CellKind::kYuanWan ? 1e4 : 1e8;
                ws.Number(row, col, static_cast<double>(*cell.number) / unit, f.money);
                return;
            }
            break;
        case CellKind::kCount:
            if (cell.number) {
                ws.Number(row, col, static_cast<double>(*cell.number), f.count);
                return;
            }
            break;
        case CellKind::kPercent:
            if (cell.ratio && cell.ratio->den != 0) {
                const double v = static_cast<double>(cell.ratio->num) / static_cast<double>(cell.ratio->den);
                ws.Number(row, col, v, f.percent);
                return;
            }
            break;
        case CellKind::kText:
            WriteText(ws, row, col, cell.text, f.text);
            return;
        case CellKind::kDate:
            WriteText(ws, row, col, cell.text, f.text_center);
            return;
    }
    WriteText(ws, row, col, cell.text, f.text_right);  // a figure column without a figure: "—"
}

void WriteRow(XlsxSheet& ws, int64_t row, const std::vector<Column>& columns, const std::vector<Cell>& cells,
              const Formats& f) {
    for (std::size_t c = 0; c < columns.size() && c < cells.size(); ++c) {
        WriteCell(ws, row, static_cast<int64_t>(c), columns[c], cells[c], f);
    }
}

void WriteTable(XlsxSheet& ws, const Table& t, bool landscape, const Formats& f) {
    ws.SetPaperA4();
    if (landscape) ws.SetLandscape();
    for (std::size_t c = 0; c < t.columns.size(); ++c) ws.SetColumnWidth(c, std::clamp(t.columns[c].width, 1, 255));
    ws.FreezeRows(1);
    if (!t.columns.empty()) ws.RepeatRowsOnPrint(0, 0);  // the header on every printed page
    for (std::size_t c = 0; c < t.columns.size(); ++c) WriteText(ws, 0, c, t.columns[c].title, f.header);
    for (std::size_t r = 0; r < t.rows.size(); ++r) WriteRow(ws, static_cast<int64_t>(r + 1), t.columns, t.rows[r], f);
}

void WriteTextSheet(XlsxSheet& ws, const Document& d, const Formats& f) {
    ws.SetPaperA4();
    ws.SetColumnWidth(0, kTextSheetWidth);
    int64_t row = 0;
    WriteText(ws, row++, 0, d.title, f.title);
    if (!d.subtitle.empty()) WriteText(ws, row++, 0, d.subtitle, f.title);
    for (const Block& b : d.blocks) {
        if (b.kind == BlockKind::kHeading1 || b.kind == BlockKind::kHeading2) {
            WriteText(ws, row++, 0, b.text, f.heading);
        } else if (b.kind == BlockKind::kParagraph) {
            WriteText(ws, row++, 0, b.text, f.paragraph);
        }
    }
    if (!d.issuer.empty()) WriteText(ws, row++, 0, d.issuer, f.paragraph);
    if (!d.date_line.empty()) WriteText(ws, row++, 0, d.date_line, f.paragraph);
}

}  // namespace

struct XlsxTableStream::State {
    explicit State(const Document& d) : wb({d.title, d.issuer}), f(MakeFormats(wb)) {}
    XlsxWorkbook wb;
    Formats f;
    XlsxSheet* last = nullptr;    // the sheet of the document's last block, when a table
    std::vector<Column> columns;  // its columns
    int64_t next_row = 0;         // the row the next added row goes to
};

XlsxTableStream::XlsxTableStream(const Document& d) : s_(std::make_unique<State>(d)) {
    XlsxWorkbook& wb = s_->wb;
    const Formats& f = s_->f;
    const bool has_text = std::any_of(d.blocks.begin(), d.blocks.end(), [](const Block& b) {
        return b.kind == BlockKind::kHeading1 || b.kind == BlockKind::kHeading2 || b.kind == BlockKind::kParagraph;
    });
    const bool has_table =
        std::any_of(d.blocks.begin(), d.blocks.end(), [](const Block& b) { return b.kind == BlockKind::kTable; });
    // A workbook needs a sheet; a document of a title alone still gets its text sheet.
    const bool text_sheet = has_text || !has_table;
    SheetNames names(text_sheet);
    if (text_sheet) WriteTextSheet(wb.AddSheet(std::string(kTextSheetName)), d, f);
    int table_number = 0;
    for (std::size_t i = 0; i < d.blocks.size(); ++i) {
        if (d.blocks[i].kind != BlockKind::kTable) continue;
        ++table_number;
        const bool captioned = i > 0 && d.blocks[i - 1].kind == BlockKind::kCaption;
        const std::string name = names.Take(captioned ? d.blocks[i - 1].text : "", "表" + std::to_string(table_number));
        XlsxSheet& ws = wb.AddSheet(name);
        const Table& t = d.blocks[i].table;
        WriteTable(ws, t, d.landscape, f);
        if (i + 1 == d.blocks.size()) {
            s_->last = &ws;
            s_->columns = t.columns;
            s_->next_row = static_cast<int64_t>(t.rows.size()) + 1;
        }
    }
}

XlsxTableStream::~XlsxTableStream() = default;

void XlsxTableStream::AddRow(const std::vector<Cell>& cells) {
    if (s_->last == nullptr) throw std::logic_error("xlsx: rows added to a document that does not end with a table");
    WriteRow(*s_->last, s_->next_row++, s_->columns, cells, s_->f);
}

std::string XlsxTableStream::Finish() { return s_->wb.Finish(); }

std::string RenderXlsx(const Document& d) { return XlsxTableStream(d).Finish(); }

}  // namespace zs
