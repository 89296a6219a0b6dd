#include "report/xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "report/docx.hpp"
#include "sheet/xlsx_workbook.hpp"

namespace zs {
namespace {

using sheet::CheckLxw;
using sheet::kMaxCellChars;
using sheet::kMaxSheetNameChars;
using sheet::Utf8Length;
using sheet::Utf8Prefix;

constexpr double kTextSheetWidth = 100;
constexpr uint8_t kPaperA4 = 9;
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
    lxw_format* header = nullptr;
    lxw_format* text = nullptr;
    lxw_format* text_right = nullptr;  // "—" and other texts in figure columns
    lxw_format* text_center = nullptr;
    lxw_format* money = nullptr;
    lxw_format* count = nullptr;
    lxw_format* percent = nullptr;
    lxw_format* title = nullptr;
    lxw_format* heading = nullptr;
    lxw_format* paragraph = nullptr;
};

lxw_format* CellFormat(lxw_workbook* wb, uint8_t align, const char* num_format = nullptr) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (align != LXW_ALIGN_NONE) format_set_align(f, align);
    if (num_format != nullptr) format_set_num_format(f, num_format);
    return f;
}

Formats MakeFormats(lxw_workbook* wb) {
    Formats f;
    f.header = CellFormat(wb, LXW_ALIGN_CENTER);
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    f.text = CellFormat(wb, LXW_ALIGN_NONE);
    f.text_right = CellFormat(wb, LXW_ALIGN_RIGHT);
    f.text_center = CellFormat(wb, LXW_ALIGN_CENTER);
    f.money = CellFormat(wb, LXW_ALIGN_NONE, "0.00");
    f.count = CellFormat(wb, LXW_ALIGN_NONE, "0");
    f.percent = CellFormat(wb, LXW_ALIGN_NONE, "0.0%");
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 16);
    format_set_align(f.title, LXW_ALIGN_CENTER);
    format_set_text_wrap(f.title);
    f.heading = workbook_add_format(wb);
    format_set_bold(f.heading);
    format_set_text_wrap(f.heading);
    f.paragraph = workbook_add_format(wb);
    format_set_text_wrap(f.paragraph);
    format_set_align(f.paragraph, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

void WriteText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    thread_local std::string safe;
    SafeText(text, safe);
    CheckLxw(worksheet_write_string(ws, row, col, safe.c_str(), format), "write_string");
}

void WriteCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Column& column, const Cell& cell,
               const Formats& f) {
    switch (column.kind) {
        case CellKind::kYuanWan:
        case CellKind::kYuanYi:
            if (cell.number) {
                const double unit = column.kind == CellKind::kYuanWan ? 1e4 : 1e8;
                CheckLxw(worksheet_write_number(ws, row, col, static_cast<double>(*cell.number) / unit, f.money),
                         "number");
                return;
            }
            break;
        case CellKind::kCount:
            if (cell.number) {
                CheckLxw(worksheet_write_number(ws, row, col, static_cast<double>(*cell.number), f.count), "number");
                return;
            }
            break;
        case CellKind::kPercent:
            if (cell.ratio && cell.ratio->den != 0) {
                const double v = static_cast<double>(cell.ratio->num) / static_cast<double>(cell.ratio->den);
                CheckLxw(worksheet_write_number(ws, row, col, v, f.percent), "number");
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

void WriteTable(lxw_worksheet* ws, const Table& t, bool landscape, const Formats& f) {
    worksheet_set_paper(ws, kPaperA4);
    if (landscape) worksheet_set_landscape(ws);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        CheckLxw(worksheet_set_column(ws, col, col, std::clamp(t.columns[c].width, 1, 255), nullptr), "set_column");
        WriteText(ws, 0, col, t.columns[c].title, f.header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!t.columns.empty()) CheckLxw(worksheet_repeat_rows(ws, 0, 0), "repeat_rows");  // on every printed page
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < t.columns.size() && c < t.rows[r].size(); ++c) {
            WriteCell(ws, row, static_cast<lxw_col_t>(c), t.columns[c], t.rows[r][c], f);
        }
    }
}

void WriteTextSheet(lxw_worksheet* ws, const Document& d, const Formats& f) {
    worksheet_set_paper(ws, kPaperA4);
    CheckLxw(worksheet_set_column(ws, 0, 0, kTextSheetWidth, nullptr), "set_column");
    lxw_row_t row = 0;
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

std::string RenderXlsx(const Document& d) {
    return sheet::BuildXlsx({d.title, d.issuer}, [&](lxw_workbook* wb) {
        const Formats f = MakeFormats(wb);
        const bool has_text = std::any_of(d.blocks.begin(), d.blocks.end(), [](const Block& b) {
            return b.kind == BlockKind::kHeading1 || b.kind == BlockKind::kHeading2 || b.kind == BlockKind::kParagraph;
        });
        const bool has_table =
            std::any_of(d.blocks.begin(), d.blocks.end(), [](const Block& b) { return b.kind == BlockKind::kTable; });
        // A workbook needs a sheet; a document of a title alone still gets its text sheet.
        const bool text_sheet = has_text || !has_table;
        SheetNames names(text_sheet);
        if (text_sheet) {
            lxw_worksheet* ws = workbook_add_worksheet(wb, std::string(kTextSheetName).c_str());
            if (ws == nullptr) throw std::runtime_error("xlsx: add_worksheet failed");
            WriteTextSheet(ws, d, f);
        }
        int table_number = 0;
        for (std::size_t i = 0; i < d.blocks.size(); ++i) {
            if (d.blocks[i].kind != BlockKind::kTable) continue;
            ++table_number;
            const bool captioned = i > 0 && d.blocks[i - 1].kind == BlockKind::kCaption;
            const std::string name =
                names.Take(captioned ? d.blocks[i - 1].text : "", "表" + std::to_string(table_number));
            lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
            if (ws == nullptr) throw std::runtime_error("xlsx: add_worksheet failed for a table");
            WriteTable(ws, d.blocks[i].table, d.landscape, f);
        }
    });
}

}  // namespace zs
