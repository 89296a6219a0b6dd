#include "sheet/xlsx_workbook.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "sheet/zip_writer.hpp"

namespace zs::sheet {
namespace {

constexpr std::string_view kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
// 2000-01-01T00:00:00Z: a fixed instant keeps two renderings of the same content byte-identical.
constexpr std::string_view kFixedCreated = "2000-01-01T00:00:00Z";
constexpr int32_t kExcelEpochDays = 25569;  // 1970-01-01 as an Excel serial
constexpr int32_t kMarch1900 = -25508;      // 1900-03-01, days since 1970; before it Excel counts its 1900-02-29
constexpr int32_t kYear10000 = 2932897;     // 10000-01-01, days since 1970

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Text content: & < > escaped; control characters other than tab and line feed as _xHHHH_ (XML
// cannot hold them; a carriage return would be read back as a line feed); a literal _xHHHH_ as
// _x005F_xHHHH_. Runs without any of these are copied at once.
void AppendCellText(std::string& out, std::string_view s) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c > '>' && c != '_') continue;
        const char* escape = nullptr;
        char code[8];
        if (c == '&') {
            escape = "&amp;";
        } else if (c == '<') {
            escape = "&lt;";
        } else if (c == '>') {
            escape = "&gt;";
        } else if (c < 0x20 && c != '\t' && c != '\n') {
            static constexpr char kHex[] = "0123456789ABCDEF";
            code[0] = '_', code[1] = 'x', code[2] = '0', code[3] = '0';
            code[4] = kHex[c >> 4], code[5] = kHex[c & 15], code[6] = '_', code[7] = '\0';
            escape = code;
        } else if (c == '_' && i + 7 <= s.size() && s[i + 1] == 'x' && IsHex(s[i + 2]) && IsHex(s[i + 3]) &&
                   IsHex(s[i + 4]) && IsHex(s[i + 5]) && s[i + 6] == '_') {
            out.append(s.data() + run, i - run).append("_x005F");
            run = i;  // the literal itself follows as it is
            continue;
        } else {
            continue;
        }
        out.append(s.data() + run, i - run).append(escape);
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

// Attribute values and property texts: & < > " escaped, control characters (which XML cannot hold) left out.
std::string XmlAttr(std::string_view s) {
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else if (c >= 0x20 || c == '\t' || c == '\n')
            out.push_back(ch);
    }
    return out;
}

void AppendColumn(std::string& out, int64_t col) {
    char letters[4];
    int n = 0;
    for (int64_t c = col + 1; c > 0; c = (c - 1) / 26) letters[n++] = static_cast<char>('A' + (c - 1) % 26);
    while (n > 0) out.push_back(letters[--n]);
}

template <typename T>
void AppendInt(std::string& out, T v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

std::string CellRef(int64_t row, int64_t col, bool absolute = false) {
    std::string out;
    if (absolute) out.push_back('$');
    AppendColumn(out, col);
    if (absolute) out.push_back('$');
    AppendInt(out, row + 1);
    return out;
}

std::string RangeRef(int64_t r1, int64_t c1, int64_t r2, int64_t c2, bool absolute = false) {
    return CellRef(r1, c1, absolute) + ":" + CellRef(r2, c2, absolute);
}

// How a sheet is named inside a formula or defined name: quoted, an apostrophe doubled.
std::string QuotedSheet(std::string_view name) {
    std::string out = "'";
    for (const char c : name) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
    }
    return out + "'";
}

// Excel's built-in number formats that our callers use, by id; anything else is a custom format.
int BuiltinFormat(std::string_view code) {
    static constexpr std::pair<std::string_view, int> kBuiltins[] = {
        {"0", 1}, {"0.00", 2}, {"#,##0", 3}, {"#,##0.00", 4}, {"0%", 9}, {"0.00%", 10}, {"@", 49}};
    for (const auto& [c, id] : kBuiltins) {
        if (c == code) return id;
    }
    return -1;
}

}  // namespace

std::size_t Utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

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

double StoredColumnWidth(double characters) {
    // Calibri 11: digits 7 pixels wide, 5 pixels of padding; Excel keeps 1/256 of a character.
    constexpr double kDigit = 7, kPadding = 5;
    const double pixels = characters < 1 ? std::floor(characters * (kDigit + kPadding) + 0.5)
                                         : std::floor(characters * kDigit + 0.5) + kPadding;
    return std::floor(pixels / kDigit * 256.0) / 256.0;
}

// The shared-string table: each distinct text once, in order of first use. A whole ledger looks up
// 3.1 M texts among 267,000 distinct ones, so the index is one flat open-addressing table of
// (hash, number) pairs over the texts kept end to end in one buffer: a lookup touches one slot
// and, when the hashes agree, one text (std::unordered_map chased a node and a string per lookup).
struct XlsxWorkbook::Strings {
    struct Slot {
        uint64_t hash = 0;
        uint32_t number = kEmpty;  // index into `spans`
    };
    static constexpr uint32_t kEmpty = UINT32_MAX;

    std::vector<Slot> slots = std::vector<Slot>(1024);       // a power of two, at most half full
    std::string texts;                                       // every distinct text, end to end
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // offset and length in `texts`, by number
    std::string xml;                                         // the <si> items
    uint64_t uses = 0;

    static uint64_t Hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

    // The number of `text`, or kEmpty with *slot the free slot where it belongs.
    uint32_t Find(std::string_view text, uint64_t hash, std::size_t* slot) const {
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot& at = slots[i];
            if (at.number == kEmpty) {
                *slot = i;
                return kEmpty;
            }
            if (at.hash == hash) {
                const auto& [offset, length] = spans[at.number];
                if (std::string_view(texts).substr(offset, length) == text) return at.number;
            }
        }
    }

    uint32_t Add(std::string_view text, uint64_t hash, std::size_t slot) {
        const auto number = static_cast<uint32_t>(spans.size());
        spans.emplace_back(texts.size(), text.size());
        texts.append(text);
        slots[slot] = Slot{hash, number};
        if (spans.size() * 2 > slots.size()) Grow();
        return number;
    }

    void Grow() {
        std::vector<Slot> old(slots.size() * 2);
        old.swap(slots);
        const std::size_t mask = slots.size() - 1;
        for (const Slot& at : old) {
            if (at.number == kEmpty) continue;
            std::size_t i = at.hash & mask;
            while (slots[i].number != kEmpty) i = (i + 1) & mask;
            slots[i] = at;
        }
    }
};

// ---------------------------------------------------------------------------------------------

XlsxSheet::XlsxSheet(XlsxWorkbook& book, std::string name, int index)
    : book_(book), name_(std::move(name)), index_(index) {}

void XlsxSheet::SetColumnWidth(int64_t column, double width) { widths_.emplace_back(column, width); }
void XlsxSheet::FreezeRows(int64_t rows) { frozen_rows_ = rows; }
void XlsxSheet::SetLandscape() { landscape_ = true; }
void XlsxSheet::SetPaperA4() { a4_ = true; }
void XlsxSheet::RepeatRowsOnPrint(int64_t first, int64_t last) { print_first_ = first, print_last_ = last; }

void XlsxSheet::Merge(int64_t first_row, int64_t first_col, int64_t last_row, int64_t last_col) {
    merges_.push_back(RangeRef(first_row, first_col, last_row, last_col));
}

void XlsxSheet::AutoFilter(int64_t first_row, int64_t first_col, int64_t last_row, int64_t last_col) {
    autofilter_ = RangeRef(first_row, first_col, last_row, last_col);
}

void XlsxSheet::Head() {
    if (started_) return;
    started_ = true;
    book_.zip_->Begin("xl/worksheets/sheet" + std::to_string(index_ + 1) + ".xml");
    std::string& out = book_.zip_->Out();
    out.append(kXmlHead).append("<worksheet xmlns=\"").append(kMainNs).append("\" xmlns:r=\"").append(kRelNs);
    out.append("\"><sheetViews><sheetView");
    if (index_ == 0) out.append(" tabSelected=\"1\"");
    out.append(" workbookViewId=\"0\"");
    if (frozen_rows_ > 0) {
        out.append("><pane ySplit=\"");
        AppendInt(out, frozen_rows_);
        out.append("\" topLeftCell=\"").append(CellRef(frozen_rows_, 0));
        out.append("\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/></sheetView>");
    } else {
        out.append("/>");
    }
    out.append("</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>");
    if (!widths_.empty()) {
        out.append("<cols>");
        for (const auto& [col, width] : widths_) {
            out.append("<col min=\"");
            AppendInt(out, col + 1);
            out.append("\" max=\"");
            AppendInt(out, col + 1);
            out.append("\" width=\"");
            char buf[32];
            const auto r = std::to_chars(buf, buf + sizeof buf, StoredColumnWidth(width));
            out.append(buf, r.ptr).append("\" customWidth=\"1\"/>");
        }
        out.append("</cols>");
    }
    out.append("<sheetData>");
}

void XlsxSheet::StartCell(int64_t row, int64_t col, int style) {
    Head();
    if (row < row_ || (row == row_ && col <= col_) || row < 0 || col < 0 || row >= 1'048'576 || col >= 16'384) {
        throw std::logic_error("xlsx: cells out of order or beyond Excel's sheet");
    }
    std::string& out = book_.zip_->Out();
    if (row != row_) {
        if (row_ >= 0) {
            out.append("</row>");
            book_.zip_->Written();  // a full block goes to a worker
        }
        row_digits_.clear();
        AppendInt(row_digits_, row + 1);
        out.append("<row r=\"").append(row_digits_).append("\">");
        row_ = row;
    }
    col_ = col;
    std::string& o = book_.zip_->Out();
    o.append("<c r=\"");
    AppendColumn(o, col);
    o.append(row_digits_);
    if (style != 0) {
        o.append("\" s=\"");
        AppendInt(o, style);
    }
    o.push_back('"');
}

void XlsxSheet::Text(int64_t row, int64_t col, std::string_view text, int style) {
    if (text.empty()) {
        if (style != 0) Blank(row, col, style);
        return;
    }
    StartCell(row, col, style);
    std::string& out = book_.zip_->Out();
    out.append(" t=\"s\"><v>");
    AppendInt(out, book_.StringIndex(text));
    out.append("</v></c>");
}

void XlsxSheet::Number(int64_t row, int64_t col, double value, int style) {
    if (!std::isfinite(value)) throw std::invalid_argument("xlsx: a number that is not finite");
    StartCell(row, col, style);
    std::string& out = book_.zip_->Out();
    out.append("><v>");
    char buf[32];
    // Whole numbers as integers; others with 16 significant digits, as libxlsxwriter did ("%.16G").
    const auto r = value == std::trunc(value) && std::fabs(value) < 1e15
                       ? std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(value))
                       : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 16);
    out.append(buf, r.ptr).append("</v></c>");
}

void XlsxSheet::Day(int64_t row, int64_t col, Date date, int style) {
    const int32_t days = date.days();
    if (days < kMarch1900 - 59 || days >= kYear10000) throw std::invalid_argument("xlsx: a date Excel cannot hold");
    Number(row, col, days + kExcelEpochDays - (days < kMarch1900 ? 1 : 0), style);
}

void XlsxSheet::Blank(int64_t row, int64_t col, int style) {
    StartCell(row, col, style);
    book_.zip_->Out().append("/>");
}

void XlsxSheet::Finish() {
    Head();
    std::string& out = book_.zip_->Out();
    if (row_ >= 0) out.append("</row>");
    out.append("</sheetData>");
    if (!autofilter_.empty()) out.append("<autoFilter ref=\"").append(autofilter_).append("\"/>");
    if (!merges_.empty()) {
        out.append("<mergeCells count=\"");
        AppendInt(out, merges_.size());
        out.append("\">");
        for (const std::string& m : merges_) out.append("<mergeCell ref=\"").append(m).append("\"/>");
        out.append("</mergeCells>");
    }
    out.append("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>");
    if (a4_ || landscape_) {
        out.append("<pageSetup");
        if (a4_) out.append(" paperSize=\"9\"");
        out.append(landscape_ ? " orientation=\"landscape\"/>" : " orientation=\"portrait\"/>");
    }
    out.append("</worksheet>");
    book_.zip_->End();
}

// ---------------------------------------------------------------------------------------------

XlsxWorkbook::XlsxWorkbook(WorkbookProperties properties, int level)
    : properties_(std::move(properties)),
      zip_(std::make_unique<ZipWriter>(level)),
      styles_{Style{}},
      strings_(std::make_unique<Strings>()) {}

XlsxWorkbook::~XlsxWorkbook() = default;

int XlsxWorkbook::AddStyle(const Style& style) {
    for (std::size_t i = 0; i < styles_.size(); ++i) {
        if (styles_[i] == style) return static_cast<int>(i);
    }
    styles_.push_back(style);
    return static_cast<int>(styles_.size() - 1);
}

XlsxSheet& XlsxWorkbook::AddSheet(std::string name) {
    if (!sheets_.empty()) sheets_.back()->Finish();
    sheets_.push_back(
        std::unique_ptr<XlsxSheet>(new XlsxSheet(*this, std::move(name), static_cast<int>(sheets_.size()))));
    return *sheets_.back();
}

uint32_t XlsxWorkbook::StringIndex(std::string_view text) {
    Strings& s = *strings_;
    ++s.uses;
    const uint64_t hash = Strings::Hash(text);
    std::size_t slot = 0;
    if (const uint32_t found = s.Find(text, hash, &slot); found != Strings::kEmpty) return found;
    const uint32_t index = s.Add(text, hash, slot);
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    s.xml.append(space(text.front()) || space(text.back()) ? "<si><t xml:space=\"preserve\">" : "<si><t>");
    AppendCellText(s.xml, text);
    s.xml.append("</t></si>");
    return index;
}

namespace {

std::string StylesXml(const std::vector<Style>& styles) {
    // Fonts by (bold, size), borders none/thin, number formats: built-in ids or custom from 164.
    std::vector<std::pair<bool, int>> fonts{{false, 11}};
    std::vector<std::string> custom;
    std::string xfs;
    for (const Style& s : styles) {
        std::size_t font = 0;
        while (font < fonts.size() && fonts[font] != std::pair{s.bold, s.font_size}) ++font;
        if (font == fonts.size()) fonts.emplace_back(s.bold, s.font_size);
        int format = 0;
        if (!s.number_format.empty()) {
            format = BuiltinFormat(s.number_format);
            if (format < 0) {
                std::size_t i = 0;
                while (i < custom.size() && custom[i] != s.number_format) ++i;
                if (i == custom.size()) custom.push_back(s.number_format);
                format = 164 + static_cast<int>(i);
            }
        }
        xfs += "<xf numFmtId=\"" + std::to_string(format) + "\" fontId=\"" + std::to_string(font) +
               "\" fillId=\"0\" borderId=\"" + (s.border ? "1" : "0") + "\" xfId=\"0\"";
        if (format != 0) xfs += " applyNumberFormat=\"1\"";
        if (font != 0) xfs += " applyFont=\"1\"";
        if (s.border) xfs += " applyBorder=\"1\"";
        if (s.quote_prefix) xfs += " quotePrefix=\"1\"";
        const bool aligned = s.horizontal != Style::Align::kDefault || s.vertical != Style::Align::kDefault || s.wrap;
        if (!aligned) {
            xfs += "/>";
            continue;
        }
        xfs += " applyAlignment=\"1\"><alignment";
        static constexpr const char* kAlign[] = {"", "left", "center", "right", "top"};
        if (s.horizontal != Style::Align::kDefault) {
            xfs += std::string(" horizontal=\"") + kAlign[static_cast<int>(s.horizontal)] + "\"";
        }
        if (s.vertical != Style::Align::kDefault) {
            xfs += std::string(" vertical=\"") + kAlign[static_cast<int>(s.vertical)] + "\"";
        }
        if (s.wrap) xfs += " wrapText=\"1\"";
        xfs += "/></xf>";
    }
    std::string out(kXmlHead);
    out += "<styleSheet xmlns=\"" + std::string(kMainNs) + "\">";
    if (!custom.empty()) {
        out += "<numFmts count=\"" + std::to_string(custom.size()) + "\">";
        for (std::size_t i = 0; i < custom.size(); ++i) {
            out += "<numFmt numFmtId=\"" + std::to_string(164 + i) + "\" formatCode=\"" + XmlAttr(custom[i]) + "\"/>";
        }
        out += "</numFmts>";
    }
    out += "<fonts count=\"" + std::to_string(fonts.size()) + "\">";
    for (const auto& [bold, size] : fonts) {
        out += std::string("<font>") + (bold ? "<b/>" : "") + "<sz val=\"" + std::to_string(size) +
               "\"/><name val=\"Calibri\"/><family val=\"2\"/></font>";
    }
    out +=
        "</fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
        "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
        "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
        "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom>"
        "<diagonal/></border></borders>"
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>";
    out += "<cellXfs count=\"" + std::to_string(styles.size()) + "\">" + xfs + "</cellXfs>";
    out +=
        "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        "<dxfs count=\"0\"/></styleSheet>";
    return out;
}

}  // namespace

std::string XlsxWorkbook::Finish() {
    if (sheets_.empty()) throw std::runtime_error("xlsx: a workbook needs a sheet");
    sheets_.back()->Finish();

    std::string sheets, names, overrides, rels;
    for (const auto& sheet : sheets_) {
        const std::string n = std::to_string(sheet->index_ + 1);
        sheets += "<sheet name=\"" + XmlAttr(sheet->name_) + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        const std::string local = " localSheetId=\"" + std::to_string(sheet->index_) + "\"";
        if (!sheet->autofilter_.empty()) {
            const auto colon = sheet->autofilter_.find(':');
            const std::string from = sheet->autofilter_.substr(0, colon), to = sheet->autofilter_.substr(colon + 1);
            const auto absolute = [](const std::string& ref) {
                const auto digit = ref.find_first_of("0123456789");
                return "$" + ref.substr(0, digit) + "$" + ref.substr(digit);
            };
            names += "<definedName name=\"_xlnm._FilterDatabase\"" + local + " hidden=\"1\">" +
                     XmlAttr(QuotedSheet(sheet->name_)) + "!" + absolute(from) + ":" + absolute(to) + "</definedName>";
        }
        if (sheet->print_first_ >= 0) {
            names += "<definedName name=\"_xlnm.Print_Titles\"" + local + ">" + XmlAttr(QuotedSheet(sheet->name_)) +
                     "!$" + std::to_string(sheet->print_first_ + 1) + ":$" + std::to_string(sheet->print_last_ + 1) +
                     "</definedName>";
        }
        overrides +=
            "<Override PartName=\"/xl/worksheets/sheet" + n +
            ".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + std::string(kRelNs) +
                "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
    }
    const std::string next = std::to_string(sheets_.size() + 1), after = std::to_string(sheets_.size() + 2);
    rels += "<Relationship Id=\"rId" + next + "\" Type=\"" + std::string(kRelNs) + "/styles\" Target=\"styles.xml\"/>";
    rels += "<Relationship Id=\"rId" + after + "\" Type=\"" + std::string(kRelNs) +
            "/sharedStrings\" Target=\"sharedStrings.xml\"/>";

    const std::string content_types =
        std::string(kXmlHead) +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/docProps/app.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        "<Override PartName=\"/docProps/core.xml\" "
        "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "<Override PartName=\"/xl/styles.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        "<Override PartName=\"/xl/workbook.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
        overrides +
        "<Override PartName=\"/xl/sharedStrings.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>";
    zip_->Add("[Content_Types].xml", content_types, true);
    zip_->Add("_rels/.rels",
              std::string(kXmlHead) +
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  "<Relationship Id=\"rId1\" Type=\"" +
                  std::string(kRelNs) +
                  "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                  "<Relationship Id=\"rId2\" "
                  "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
                  "Target=\"docProps/core.xml\"/>"
                  "<Relationship Id=\"rId3\" Type=\"" +
                  std::string(kRelNs) + "/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>");
    zip_->Add("docProps/app.xml",
              std::string(kXmlHead) +
                  "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
                  "<Application>Zhaoshang</Application></Properties>");
    std::string core = std::string(kXmlHead) +
                       "<cp:coreProperties "
                       "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                       "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
                       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";
    if (!properties_.title.empty()) core += "<dc:title>" + XmlAttr(properties_.title) + "</dc:title>";
    if (!properties_.author.empty()) core += "<dc:creator>" + XmlAttr(properties_.author) + "</dc:creator>";
    core += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + std::string(kFixedCreated) +
            "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + std::string(kFixedCreated) +
            "</dcterms:modified></cp:coreProperties>";
    zip_->Add("docProps/core.xml", core);
    zip_->Add("xl/workbook.xml", std::string(kXmlHead) + "<workbook xmlns=\"" + std::string(kMainNs) + "\" xmlns:r=\"" +
                                     std::string(kRelNs) + "\"><bookViews><workbookView/></bookViews><sheets>" +
                                     sheets + "</sheets>" +
                                     (names.empty() ? "" : "<definedNames>" + names + "</definedNames>") +
                                     "<calcPr fullCalcOnLoad=\"1\"/></workbook>");
    zip_->Add("xl/_rels/workbook.xml.rels",
              std::string(kXmlHead) +
                  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" + rels +
                  "</Relationships>");
    zip_->Add("xl/styles.xml", StylesXml(styles_));

    Strings& s = *strings_;
    zip_->Begin("xl/sharedStrings.xml");
    std::string& out = zip_->Out();
    out.append(kXmlHead).append("<sst xmlns=\"").append(kMainNs).append("\" count=\"");
    AppendInt(out, s.uses);
    out.append("\" uniqueCount=\"");
    AppendInt(out, s.spans.size());
    out.append("\">").append(s.xml).append("</sst>");
    zip_->End();
    s = Strings{};
    return zip_->Finish();
}

}  // namespace zs::sheet
