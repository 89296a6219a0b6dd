// The plain .xlsx writer (libxlsxwriter): title lines merged above a bold, bordered header, frozen
// below the header, with an autofilter, column widths, number formats per column and real date
// cells. Text stays text: what a spreadsheet would take for a formula gets Excel's quote prefix.
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
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
constexpr double kTitleFontSize = 14;
constexpr std::string_view kDateFormat = "yyyy-mm-dd";

// libxlsxwriter 1.1.4 (Debian 12) has no format_set_quote_prefix, so the one format that needs it
// is made unique (left-aligned text, which text is anyway) and quotePrefix="1" is added to its
// cell format in xl/styles.xml after the workbook is closed.
bool NeedsQuotePrefix(std::string_view text) {
    return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
}

// Excel's escape for characters XML cannot hold is _xHHHH_; a literal "_xHHHH_" in the text is
// written as "_x005F_xHHHH_" so that readers give it back unchanged (libxlsxwriter escapes control
// characters itself, but not this).
std::string EscapeLiteralEscapes(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i + 7 <= s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
            is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
            out += "_x005F";
        }
        out.push_back(s[i]);
    }
    return out;
}

// Text as a cell stores it: valid UTF-8, at most kMaxCellChars characters (Excel's limit; longer
// text is cut, as Excel itself does on entry), escapes escaped.
std::string CellText(std::string_view raw) {
    const std::string valid = internal::ToValidUtf8(raw);
    std::size_t keep = std::min(Utf8Length(valid), kMaxCellChars);
    for (;;) {
        std::string out = EscapeLiteralEscapes(Utf8Prefix(valid, keep));
        const std::size_t length = Utf8Length(out);
        if (length <= kMaxCellChars) return out;
        keep -= std::min(keep, length - kMaxCellChars);
    }
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
    explicit Formats(lxw_workbook* wb) : wb_(wb) {
        title = workbook_add_format(wb);
        format_set_bold(title);
        format_set_font_size(title, kTitleFontSize);
        format_set_align(title, LXW_ALIGN_CENTER);
        format_set_align(title, LXW_ALIGN_VERTICAL_CENTER);
        subtitle = workbook_add_format(wb);
        format_set_align(subtitle, LXW_ALIGN_CENTER);
        format_set_align(subtitle, LXW_ALIGN_VERTICAL_CENTER);
        header = workbook_add_format(wb);
        format_set_bold(header);
        format_set_border(header, LXW_BORDER_THIN);
        format_set_align(header, LXW_ALIGN_CENTER);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(header);
        date = workbook_add_format(wb);
        format_set_num_format(date, std::string(kDateFormat).c_str());
        quoted = workbook_add_format(wb);
        format_set_align(quoted, LXW_ALIGN_LEFT);
    }

    lxw_format* Number(const std::string& code) {
        if (code.empty()) return nullptr;
        auto [it, added] = numbers_.try_emplace(code, nullptr);
        if (added) {
            it->second = workbook_add_format(wb_);
            format_set_num_format(it->second, code.c_str());
        }
        return it->second;
    }

    lxw_format* title = nullptr;
    lxw_format* subtitle = nullptr;
    lxw_format* header = nullptr;
    lxw_format* date = nullptr;
    lxw_format* quoted = nullptr;
    bool quoted_used = false;

private:
    lxw_workbook* wb_;
    std::map<std::string, lxw_format*> numbers_;
};

void WriteText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    CheckLxw(worksheet_write_string(ws, row, col, CellText(text).c_str(), format), "write_string");
}

void WriteSheet(lxw_workbook* wb, const OutSheet& s, Formats& f) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (ws == nullptr) throw std::runtime_error("xlsx: add_worksheet failed");
    const auto columns = static_cast<lxw_col_t>(s.columns.size());
    lxw_row_t row = 0;
    for (std::size_t i = 0; i < s.title_lines.size(); ++i, ++row) {
        lxw_format* format = i == 0 ? f.title : f.subtitle;
        if (columns > 1) {
            CheckLxw(worksheet_merge_range(ws, row, 0, row, columns - 1, CellText(s.title_lines[i]).c_str(), format),
                     "merge_range");
        } else {
            WriteText(ws, row, 0, s.title_lines[i], format);
        }
    }
    const lxw_row_t header_row = row;
    for (lxw_col_t c = 0; c < columns; ++c) {
        const OutColumn& column = s.columns[c];
        CheckLxw(worksheet_set_column(ws, c, c, std::clamp(column.width, 0.0, kMaxColumnWidth), nullptr), "set_column");
        WriteText(ws, header_row, c, column.header, f.header);
    }
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
        const auto at = static_cast<lxw_row_t>(header_row + 1 + r);
        for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
            const OutCell& cell = s.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            switch (cell.kind) {
                case OutCell::Kind::kEmpty:
                    break;
                case OutCell::Kind::kText:
                    if (cell.text.empty()) break;
                    if (NeedsQuotePrefix(cell.text)) f.quoted_used = true;
                    WriteText(ws, at, col, cell.text, NeedsQuotePrefix(cell.text) ? f.quoted : nullptr);
                    break;
                case OutCell::Kind::kNumber:
                    CheckLxw(worksheet_write_number(ws, at, col, cell.number, f.Number(s.columns[c].number_format)),
                             "write_number");
                    break;
                case OutCell::Kind::kDate: {
                    if (cell.date.year() < 1900 || cell.date.year() > 9999) {  // no serial for it: shown as text
                        WriteText(ws, at, col, cell.date.ToString(), nullptr);
                        break;
                    }
                    lxw_datetime dt{cell.date.year(), cell.date.month(), cell.date.day(), 0, 0, 0};
                    CheckLxw(worksheet_write_datetime(ws, at, col, &dt, f.date), "write_datetime");
                    break;
                }
            }
        }
    }
    if (s.freeze_header) worksheet_freeze_panes(ws, header_row + 1, 0);
    if (s.autofilter && columns > 0) {
        CheckLxw(
            worksheet_autofilter(ws, header_row, 0, static_cast<lxw_row_t>(header_row + s.rows.size()), columns - 1),
            "autofilter");
    }
}

// Adds quotePrefix="1" to cell format `xf_index` of the closed workbook at `path`.
void AddQuotePrefix(const std::string& path, int32_t xf_index) {
    int error = 0;
    zip_t* z = zip_open(path.c_str(), 0, &error);
    if (z == nullptr) throw std::runtime_error("xlsx: cannot reopen the workbook");
    const auto fail = [&](const char* what) {
        zip_discard(z);
        throw std::runtime_error(std::string("xlsx: quote prefix: ") + what);
    };
    const zip_int64_t index = zip_name_locate(z, "xl/styles.xml", 0);
    if (index < 0) fail("no styles");
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st) != 0) fail("stat");
    std::string styles(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* file = zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) fail("open styles");
    const zip_int64_t n = zip_fread(file, styles.data(), styles.size());
    zip_fclose(file);
    if (n != static_cast<zip_int64_t>(styles.size())) fail("read styles");

    std::size_t at = styles.find("<cellXfs");
    for (int32_t i = 0; at != std::string::npos && i <= xf_index; ++i) at = styles.find("<xf ", at + 1);
    if (at == std::string::npos) fail("no such cell format");
    styles.insert(at + 3, " quotePrefix=\"1\"");

    zip_source_t* source = zip_source_buffer(z, styles.data(), styles.size(), 0);
    if (source == nullptr) fail("source");
    if (zip_file_replace(z, static_cast<zip_uint64_t>(index), source, 0) != 0) {
        zip_source_free(source);
        fail("replace");
    }
    // The DOS date libxlsxwriter gives every entry (1980-01-01 00:00), whatever the time zone.
    std::tm dos_epoch{};
    dos_epoch.tm_year = 80;
    dos_epoch.tm_mday = 1;
    dos_epoch.tm_isdst = -1;
    if (zip_file_set_mtime(z, static_cast<zip_uint64_t>(index), std::mktime(&dos_epoch), 0) != 0) fail("mtime");
    if (zip_close(z) != 0) fail("close");
}

}  // namespace

std::string WriteXlsx(const std::vector<OutSheet>& sheets) {
    Validate(sheets);
    int32_t quoted_xf = -1;
    return BuildXlsx(
        {},
        [&](lxw_workbook* wb) {
            Formats f(wb);
            for (const OutSheet& s : sheets) WriteSheet(wb, s, f);
            if (f.quoted_used) quoted_xf = lxw_format_get_xf_index(f.quoted);
        },
        [&](const std::string& path) {
            if (quoted_xf >= 0) AddQuotePrefix(path, quoted_xf);
        });
}

}  // namespace zs::sheet
