#include "report/xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "report/docx.hpp"

namespace zs {
namespace {

// libxlsxwriter stamps the current time into docProps/core.xml unless told otherwise; a fixed
// instant (2000-01-01T00:00:00Z) keeps two renderings of one Document byte-identical.
constexpr time_t kCreated = 946'684'800;
constexpr std::size_t kMaxSheetNameChars = 31;
constexpr std::size_t kMaxCellChars = 32'767;  // the longest string a cell holds
constexpr double kTextSheetWidth = 100;
constexpr uint8_t kPaperA4 = 9;
constexpr std::string_view kTextSheetName = "正文";

std::size_t Utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

// The first `chars` code points of `s`.
std::string Utf8Prefix(std::string_view s, std::size_t chars) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == chars) return std::string(s.substr(0, i));
            ++n;
        }
    }
    return std::string(s);
}

// A text that a spreadsheet would take for a formula (or that CSV export would hand to one) is
// written after an apostrophe, so no program evaluates it.
std::string SafeText(std::string_view raw) {
    const std::string text = XmlSafeText(raw);
    std::string out;
    if (!text.empty() &&
        (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t')) {
        out.push_back('\'');
    }
    out.append(text);
    if (Utf8Length(out) > kMaxCellChars) out = Utf8Prefix(out, kMaxCellChars);
    return out;
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

// A file in the temporary directory, created empty and unique, removed when this goes away.
class TempFile {
public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "zs-report-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
        close(fd);
        path_ = pattern;
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
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

void Check(lxw_error e, std::string_view what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error("xlsx: " + std::string(what) + ": " + lxw_strerror(e));
}

void WriteText(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view text, lxw_format* format) {
    Check(worksheet_write_string(ws, row, col, SafeText(text).c_str(), format), "write_string");
}

void WriteCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Column& column, const Cell& cell,
               const Formats& f) {
    switch (column.kind) {
        case CellKind::kYuanWan:
        case CellKind::kYuanYi:
            if (cell.number) {
                const double unit = column.kind == CellKind::kYuanWan ? 1e4 : 1e8;
                Check(worksheet_write_number(ws, row, col, static_cast<double>(*cell.number) / unit, f.money),
                      "number");
                return;
            }
            break;
        case CellKind::kCount:
            if (cell.number) {
                Check(worksheet_write_number(ws, row, col, static_cast<double>(*cell.number), f.count), "number");
                return;
            }
            break;
        case CellKind::kPercent:
            if (cell.ratio && cell.ratio->den != 0) {
                const double v = static_cast<double>(cell.ratio->num) / static_cast<double>(cell.ratio->den);
                Check(worksheet_write_number(ws, row, col, v, f.percent), "number");
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
        Check(worksheet_set_column(ws, col, col, std::clamp(t.columns[c].width, 1, 255), nullptr), "set_column");
        WriteText(ws, 0, col, t.columns[c].title, f.header);
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!t.columns.empty()) Check(worksheet_repeat_rows(ws, 0, 0), "repeat_rows");  // on every printed page
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < t.columns.size() && c < t.rows[r].size(); ++c) {
            WriteCell(ws, row, static_cast<lxw_col_t>(c), t.columns[c], t.rows[r][c], f);
        }
    }
}

void WriteTextSheet(lxw_worksheet* ws, const Document& d, const Formats& f) {
    worksheet_set_paper(ws, kPaperA4);
    Check(worksheet_set_column(ws, 0, 0, kTextSheetWidth, nullptr), "set_column");
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

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("xlsx: cannot read the workbook back");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

std::string RenderXlsx(const Document& d) {
    const TempFile file;
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.use_zip64 = LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
    if (wb == nullptr) throw std::runtime_error("xlsx: workbook_new failed");

    const std::string title = d.title;  // kept until the workbook is written
    const std::string author = d.issuer;
    try {
        lxw_doc_properties props{};
        props.title = const_cast<char*>(title.c_str());
        props.author = const_cast<char*>(author.c_str());
        props.created = kCreated;
        Check(workbook_set_properties(wb, &props), "set_properties");

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
    } catch (...) {
        workbook_close(wb);  // frees the workbook; the temporary file goes with `file`
        throw;
    }
    Check(workbook_close(wb), "close");
    return ReadFile(file.path());
}

}  // namespace zs
