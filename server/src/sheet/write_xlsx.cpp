// The plain .xlsx writer (sheet/xlsx_workbook): title lines merged above a bold, bordered header, frozen
// below the header, with an autofilter, column widths, number formats per column and real date
// cells. Text stays text: what a spreadsheet would take for a formula gets Excel's quote prefix.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sheet/internal.hpp"
#include "sheet/sheet.hpp"
#include "sheet/xlsx_workbook.hpp"

namespace zs::sheet {
namespace {

constexpr int64_t kExcelMaxRows = 1'048'576;
constexpr int64_t kExcelMaxColumns = 16'384;
constexpr double kMaxColumnWidth = 255;
constexpr int kTitleFontSize = 14;
constexpr std::string_view kDateFormat = "yyyy-mm-dd";

bool NeedsQuotePrefix(std::string_view text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
}

// Text as a cell stores it: valid UTF-8, at most kMaxCellChars characters (Excel's limit; longer
// text is cut, as Excel itself does on entry). The workbook escapes what XML cannot hold. Most
// texts are fine as they are and are not copied; the others are made in `buffer`.
std::string_view CellText(std::string_view raw, std::string& buffer) {
    const bool short_enough = raw.size() <= kMaxCellChars || Utf8Length(raw) <= kMaxCellChars;
    if (short_enough && internal::IsValidUtf8(raw)) return raw;
    buffer = internal::ToValidUtf8(raw);
    if (buffer.size() > kMaxCellChars && Utf8Length(buffer) > kMaxCellChars) buffer = Utf8Prefix(buffer, kMaxCellChars);
    return buffer;
}

// Excel counts a sheet name's length in UTF-16 units.
std::size_t Utf16Length(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
    }
    return n;
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

void Validate(const std::vector<OutSheet>& sheets) {
    if (sheets.empty()) throw std::invalid_argument("WriteXlsx: a workbook needs at least one sheet");
    std::set<std::string> names;
    for (const OutSheet& s : sheets) {
        const std::string& n = s.name;
        if (n.empty() || Utf16Length(n) > kMaxSheetNameChars || !internal::IsValidUtf8(n) ||
            n.find_first_of("[]:*?/\\") != std::string::npos || n.front() == '\'' || n.back() == '\'' ||
            AsciiLower(n) == "history") {
            throw std::invalid_argument("WriteXlsx: invalid sheet name \"" + n + "\"");
        }
        if (!names.insert(AsciiLower(n)).second) {
            throw std::invalid_argument("WriteXlsx: duplicate sheet name \"" + n + "\"");
        }
        if (static_cast<int64_t>(s.columns.size()) > kExcelMaxColumns ||
            static_cast<int64_t>(s.title_lines.size() + 1 + s.rows.size()) > kExcelMaxRows) {
            throw std::invalid_argument("WriteXlsx: sheet \"" + n + "\" is larger than Excel allows");
        }
        for (const auto& row : s.rows) {
            if (row.size() > s.columns.size()) {
                throw std::invalid_argument("WriteXlsx: a row of sheet \"" + n + "\" has more cells than columns");
            }
            for (const OutCell& c : row) {
                if (c.kind == OutCell::Kind::kNumber && !std::isfinite(c.number)) {
                    throw std::invalid_argument("WriteXlsx: a number in sheet \"" + n + "\" is not finite");
                }
            }
        }
    }
}

class Formats {
public:
    explicit Formats(XlsxWorkbook& wb) : wb_(wb) {
        title = wb.AddStyle({.bold = true,
                             .font_size = kTitleFontSize,
                             .horizontal = Style::Align::kCenter,
                             .vertical = Style::Align::kCenter});
        subtitle = wb.AddStyle({.horizontal = Style::Align::kCenter, .vertical = Style::Align::kCenter});
        header = wb.AddStyle({.bold = true,
                              .border = true,
                              .horizontal = Style::Align::kCenter,
                              .vertical = Style::Align::kCenter,
                              .wrap = true});
        date = wb.AddStyle({.number_format = std::string(kDateFormat)});
    }

    int Number(const std::string& code) {
        if (code.empty()) return 0;
        auto [it, added] = numbers_.try_emplace(code, 0);
        if (added) it->second = wb_.AddStyle({.number_format = code});
        return it->second;
    }

    // Registered on first use, so a workbook without formula-like text has no quote prefix at all.
    int Quoted() {
        if (quoted_ == 0) quoted_ = wb_.AddStyle({.horizontal = Style::Align::kLeft, .quote_prefix = true});
        return quoted_;
    }

    int title = 0;
    int subtitle = 0;
    int header = 0;
    int date = 0;

private:
    XlsxWorkbook& wb_;
    std::map<std::string, int> numbers_;
    int quoted_ = 0;
};

void WriteSheet(XlsxWorkbook& wb, const OutSheet& s, Formats& f) {
    XlsxSheet& ws = wb.AddSheet(s.name);
    const auto columns = static_cast<int64_t>(s.columns.size());
    const auto header_row = static_cast<int64_t>(s.title_lines.size());
    for (int64_t c = 0; c < columns; ++c) {
        ws.SetColumnWidth(c, std::clamp(s.columns[c].width, 0.0, kMaxColumnWidth));
    }
    if (s.freeze_header) ws.FreezeRows(header_row + 1);
    std::vector<int> number_styles;
    for (const OutColumn& column : s.columns) number_styles.push_back(f.Number(column.number_format));

    std::string buffer;
    for (int64_t row = 0; row < header_row; ++row) {
        const int style = row == 0 ? f.title : f.subtitle;
        ws.Text(row, 0, CellText(s.title_lines[row], buffer), style);
        for (int64_t c = 1; c < columns; ++c) ws.Blank(row, c, style);
        if (columns > 1) ws.Merge(row, 0, row, columns - 1);
    }
    for (int64_t c = 0; c < columns; ++c) ws.Text(header_row, c, CellText(s.columns[c].header, buffer), f.header);
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
        const auto at = static_cast<int64_t>(header_row + 1 + r);
        for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
            const OutCell& cell = s.rows[r][c];
            const auto col = static_cast<int64_t>(c);
            switch (cell.kind) {
                case OutCell::Kind::kEmpty:
                    break;
                case OutCell::Kind::kText:
                    if (cell.text.empty()) break;
                    ws.Text(at, col, CellText(cell.text, buffer), NeedsQuotePrefix(cell.text) ? f.Quoted() : 0);
                    break;
                case OutCell::Kind::kNumber:
                    ws.Number(at, col, cell.number, number_styles[c]);
                    break;
                case OutCell::Kind::kDate:
                    if (cell.date.year() < 1900 || cell.date.year() > 9999) {  // no serial for it: shown as text
                        ws.Text(at, col, cell.date.ToString());
                    } else {
                        ws.Day(at, col, cell.date, f.date);
                    }
                    break;
            }
        }
    }
    if (s.autofilter && columns > 0) {
        ws.AutoFilter(header_row, 0, header_row + static_cast<int64_t>(s.rows.size()), columns - 1);
    }
}

}  // namespace

std::string WriteXlsx(const std::vector<OutSheet>& sheets) {
    Validate(sheets);
    XlsxWorkbook wb({});
    Formats f(wb);
    for (const OutSheet& s : sheets) WriteSheet(wb, s, f);
    return wb.Finish();
}

}  // namespace zs::sheet
