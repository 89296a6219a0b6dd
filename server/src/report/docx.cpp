#include "report/docx.hpp"

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <list>
#include <optional>
#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "report/embedded.hpp"

namespace zs {
namespace {

// ---------------------------------------------------------------------------------------------
// GB/T 9704-2012 page geometry, in twips (1/20 pt, 1/1440 inch).

constexpr int MmToTwips(double mm) { return static_cast<int>(mm * 1440.0 / 25.4 + 0.5); }
constexpr int FloorDiv(int64_t a, int64_t b) {
    return static_cast<int>(a / b - ((a % b != 0) && ((a < 0) != (b < 0))));
}

constexpr int kA4Short = 11906;  // 210 mm
constexpr int kA4Long = 16838;   // 297 mm
constexpr int kMarginTop = MmToTwips(37);
constexpr int kMarginBottom = MmToTwips(35);
constexpr int kMarginLeft = MmToTwips(28);
constexpr int kMarginRight = MmToTwips(26);
constexpr int kHeaderDistance = MmToTwips(15);
constexpr int kLinesPerPage = 22;
constexpr int kCharsPerLine = 28;
constexpr int kBodyFontTwips = 16 * 20;    // 三号
constexpr int kFooterFontTwips = 14 * 20;  // 四号
// The page number's dashes sit 7 mm below the text area; the footer distance is measured to the
// bottom of the footer line, one 四号 line lower.
constexpr int kFooterDistance = MmToTwips(35 - 7) - kFooterFontTwips;

constexpr int kPortraitTextWidth = kA4Short - kMarginLeft - kMarginRight;
constexpr int kLandscapeTextWidth = kA4Long - kMarginLeft - kMarginRight;
constexpr int kTextHeight = kA4Long - kMarginTop - kMarginBottom;
// 22 lines fill the text area; the styles (templates/docx/word/styles.xml) use this pitch as their
// exact line spacing.
constexpr int kLinePitch = kTextHeight / kLinesPerPage;
static_assert(kLinePitch == 579, "templates/docx/word/styles.xml hard-codes the 579-twip line");
// Two grid cells: the first-line indent (and the signature's right indent) of the styles. A value even
// slightly above it (640 = two 16 pt characters) snaps to three cells in LibreOffice.
constexpr int kTwoCharIndent = 2 * kPortraitTextWidth / kCharsPerLine;
static_assert(kTwoCharIndent == 631, "templates/docx/word/styles.xml hard-codes the 631-twip indent");
// 28 characters fill a line: w:charSpace is the extra advance per character beyond the 16 pt font,
// in 1/4096 pt (negative: condensed), rounded down so that the 28th character still fits. This is
// how Word and WPS templates of GB/T 9704 do it; LibreOffice 7.4 cannot condense a character grid and
// puts each 16 pt character in two 15.8 pt cells (14 per line) — its PDFs are not to be proofread.
constexpr int kCharSpace =
    FloorDiv(int64_t{kPortraitTextWidth - kCharsPerLine * kBodyFontTwips} * 4096, int64_t{kCharsPerLine} * 20);
static_assert(kCharSpace == -842);

constexpr int kTableCellMargin = MmToTwips(1);
constexpr int kWideTableColumns = 7;                        // from this many columns on, tables print in 五号
constexpr int kWideTableHalfPoints = 21;                    // 五号 (10.5 pt); narrower tables keep the style's 小四
constexpr uint16_t kDosDate1980 = (0 << 9) | (1 << 5) | 1;  // 1980-01-01, the earliest DOS date

// ---------------------------------------------------------------------------------------------
// Text: only characters XML 1.0 allows reach the file (composed data could hold anything).

void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

}  // namespace

std::string XmlSafeText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        bool ok = len != 0 && i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        ok = ok && cp >= kMinForLength[len] && !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        if (!ok) {
            AppendUtf8(out, 0xFFFD);
            i += 1;
            continue;
        }
        i += len;
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) continue;
        AppendUtf8(out, cp);
    }
    return out;
}

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == sep) {
            parts.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// ---------------------------------------------------------------------------------------------
// WordprocessingML

void SetVal(pugi::xml_node n, std::string_view value) {
    n.append_attribute("w:val").set_value(std::string(value).c_str());
}

void SetInt(pugi::xml_node n, const char* attribute, int value) {
    pugi::xml_attribute a = n.attribute(attribute);
    if (!a) a = n.append_attribute(attribute);
    a.set_value(value);
}

struct ParagraphFormat {
    std::string_view style;             // empty: Normal
    std::optional<int> spacing_before;  // twips
    std::optional<int> spacing_after;   // twips
    std::string_view jc;                // empty: the style's
    int half_points = 0;                // 0: the style's size
};

ParagraphFormat Styled(std::string_view style, std::string_view jc = {}, int half_points = 0) {
    ParagraphFormat f;
    f.style = style;
    f.jc = jc;
    f.half_points = half_points;
    return f;
}

ParagraphFormat Spaced(std::string_view style, std::optional<int> before, std::optional<int> after) {
    ParagraphFormat f = Styled(style);
    f.spacing_before = before;
    f.spacing_after = after;
    return f;
}

// One w:p holding `line` (no line feeds); tabs become w:tab.
void AddParagraph(pugi::xml_node parent, pugi::xml_node before, std::string_view line, const ParagraphFormat& f) {
    pugi::xml_node p = before ? parent.insert_child_before("w:p", before) : parent.append_child("w:p");
    if (!f.style.empty() || f.spacing_before || f.spacing_after || !f.jc.empty()) {
        pugi::xml_node ppr = p.append_child("w:pPr");
        if (!f.style.empty()) SetVal(ppr.append_child("w:pStyle"), f.style);
        if (f.spacing_before || f.spacing_after) {
            // Written whole so no reader has to merge it with the style's line rule.
            pugi::xml_node sp = ppr.append_child("w:spacing");
            SetInt(sp, "w:before", f.spacing_before.value_or(0));
            SetInt(sp, "w:after", f.spacing_after.value_or(0));
            SetInt(sp, "w:line", kLinePitch);
            sp.append_attribute("w:lineRule").set_value("exact");
        }
        if (!f.jc.empty()) SetVal(ppr.append_child("w:jc"), f.jc);
    }
    if (line.empty()) return;
    pugi::xml_node r = p.append_child("w:r");
    if (f.half_points > 0) {
        pugi::xml_node rpr = r.append_child("w:rPr");
        SetInt(rpr.append_child("w:sz"), "w:val", f.half_points);
        SetInt(rpr.append_child("w:szCs"), "w:val", f.half_points);
    }
    bool first = true;
    for (const std::string_view piece : Split(line, '\t')) {
        if (!first) r.append_child("w:tab");
        first = false;
        if (piece.empty()) continue;
        pugi::xml_node t = r.append_child("w:t");
        t.append_attribute("xml:space").set_value("preserve");
        t.text().set(std::string(piece).c_str());
    }
}

// One paragraph per line of `text`, all formatted alike; `last` overrides the spacing of the last one.
void AddParagraphs(pugi::xml_node parent, pugi::xml_node before, std::string_view text, const ParagraphFormat& f,
                   const std::optional<ParagraphFormat>& last = std::nullopt,
                   const std::optional<ParagraphFormat>& first = std::nullopt) {
    const std::string clean = XmlSafeText(text);
    const auto lines = Split(clean, '\n');
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const ParagraphFormat& format = (i + 1 == lines.size() && last) ? *last : (i == 0 && first) ? *first : f;
        AddParagraph(parent, before, lines[i], format);
    }
}

bool IsNumeric(CellKind k) {
    return k == CellKind::kYuanWan || k == CellKind::kYuanYi || k == CellKind::kCount || k == CellKind::kPercent;
}

void AddBorder(pugi::xml_node borders, const char* side) {
    pugi::xml_node b = borders.append_child(side);
    b.append_attribute("w:val").set_value("single");
    b.append_attribute("w:sz").set_value(4);  // ½ pt
    b.append_attribute("w:space").set_value(0);
    b.append_attribute("w:color").set_value("000000");
}

void AddCell(pugi::xml_node tr, int width, std::string_view text, const ParagraphFormat& f) {
    pugi::xml_node tc = tr.append_child("w:tc");
    pugi::xml_node tcpr = tc.append_child("w:tcPr");
    pugi::xml_node tcw = tcpr.append_child("w:tcW");
    SetInt(tcw, "w:w", width);
    tcw.append_attribute("w:type").set_value("dxa");
    SetVal(tcpr.append_child("w:vAlign"), "center");
    AddParagraphs(tc, {}, text, f);  // a cell always ends with a paragraph, even when empty
}

void AddTable(pugi::xml_node body, pugi::xml_node before, const Table& t, int text_width) {
    const std::size_t n = t.columns.size();
    if (n == 0) {
        // Nothing to draw; keep one (empty) line per printed row so the text still matches DocumentText.
        for (std::size_t i = 0; i < t.rows.size() + 1; ++i) AddParagraph(body, before, "", Styled("TableText"));
        return;
    }
    int64_t total = 0;
    for (const Column& c : t.columns) total += std::max(1, c.width);
    std::vector<int> widths;
    int used = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int w = i + 1 == n ? text_width - used
                                 : static_cast<int>(int64_t{text_width} * std::max(1, t.columns[i].width) / total);
        widths.push_back(w);
        used += w;
    }
    const int half_points = n >= static_cast<std::size_t>(kWideTableColumns) ? kWideTableHalfPoints : 0;

    pugi::xml_node tbl = body.insert_child_before("w:tbl", before);
    pugi::xml_node tblpr = tbl.append_child("w:tblPr");
    pugi::xml_node tblw = tblpr.append_child("w:tblW");
    SetInt(tblw, "w:w", text_width);
    tblw.append_attribute("w:type").set_value("dxa");
    SetVal(tblpr.append_child("w:jc"), "center");
    pugi::xml_node borders = tblpr.append_child("w:tblBorders");
    for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"})
        AddBorder(borders, side);
    tblpr.append_child("w:tblLayout").append_attribute("w:type").set_value("fixed");
    pugi::xml_node mar = tblpr.append_child("w:tblCellMar");
    for (const char* side : {"w:left", "w:right"}) {
        pugi::xml_node m = mar.append_child(side);
        SetInt(m, "w:w", kTableCellMargin);
        m.append_attribute("w:type").set_value("dxa");
    }
    pugi::xml_node grid = tbl.append_child("w:tblGrid");
    for (const int w : widths) SetInt(grid.append_child("w:gridCol"), "w:w", w);

    // The header row repeats on every page; no row breaks across pages.
    pugi::xml_node header = tbl.append_child("w:tr");
    pugi::xml_node trpr = header.append_child("w:trPr");
    trpr.append_child("w:cantSplit");
    trpr.append_child("w:tblHeader");
    for (std::size_t c = 0; c < n; ++c) {
        AddCell(header, widths[c], t.columns[c].title, Styled("TableHeader", {}, half_points));
    }
    for (const auto& row : t.rows) {
        pugi::xml_node tr = tbl.append_child("w:tr");
        tr.append_child("w:trPr").append_child("w:cantSplit");
        for (std::size_t c = 0; c < n; ++c) {
            const CellKind kind = t.columns[c].kind;
            const std::string_view jc = IsNumeric(kind) ? "right" : kind == CellKind::kDate ? "center" : "";
            const std::string_view text = c < row.size() ? std::string_view(row[c].text) : std::string_view();
            AddCell(tr, widths[c], text, Styled("TableText", jc, half_points));
        }
    }
}

void FillSection(pugi::xml_node sect, bool landscape) {
    pugi::xml_node pgsz = sect.child("w:pgSz");
    SetInt(pgsz, "w:w", landscape ? kA4Long : kA4Short);
    SetInt(pgsz, "w:h", landscape ? kA4Short : kA4Long);
    pgsz.remove_attribute("w:orient");
    if (landscape) pgsz.append_attribute("w:orient").set_value("landscape");
    pugi::xml_node mar = sect.child("w:pgMar");
    SetInt(mar, "w:top", kMarginTop);
    SetInt(mar, "w:right", kMarginRight);
    SetInt(mar, "w:bottom", kMarginBottom);
    SetInt(mar, "w:left", kMarginLeft);
    SetInt(mar, "w:header", kHeaderDistance);
    SetInt(mar, "w:footer", kFooterDistance);
    SetInt(mar, "w:gutter", 0);
    // Landscape keeps the portrait type: same line pitch and character advance, longer lines.
    pugi::xml_node grid = sect.child("w:docGrid");
    pugi::xml_attribute type = grid.attribute("w:type");
    if (!type) type = grid.append_attribute("w:type");
    type.set_value("linesAndChars");
    SetInt(grid, "w:linePitch", kLinePitch);
    SetInt(grid, "w:charSpace", kCharSpace);
}

void RenderBody(const Document& d, pugi::xml_node body, pugi::xml_node sect) {
    const int text_width = d.landscape ? kLandscapeTextWidth : kPortraitTextWidth;

    // GB/T 9704 leaves one empty line between the title (with its subtitle) and the text.
    const ParagraphFormat title = Styled("Title");
    const ParagraphFormat title_last = Spaced("Title", std::nullopt, kLinePitch);
    const ParagraphFormat subtitle = Styled("Subtitle");
    const ParagraphFormat subtitle_last = Spaced("Subtitle", std::nullopt, kLinePitch);
    if (d.subtitle.empty()) {
        AddParagraphs(body, sect, d.title, title, title_last);
    } else {
        AddParagraphs(body, sect, d.title, title);
        AddParagraphs(body, sect, d.subtitle, subtitle, subtitle_last);
    }

    bool last_was_table = false;
    for (const Block& b : d.blocks) {
        switch (b.kind) {
            case BlockKind::kHeading1:
                AddParagraphs(body, sect, b.text, Styled("Heading1"));
                break;
            case BlockKind::kHeading2:
                AddParagraphs(body, sect, b.text, Styled("Heading2"));
                break;
            case BlockKind::kParagraph:
                AddParagraphs(body, sect, b.text, ParagraphFormat{});
                break;
            case BlockKind::kCaption:
                AddParagraphs(body, sect, b.text, Styled("Caption"));
                break;
            case BlockKind::kTable:
                if (last_was_table) AddParagraph(body, sect, "", Styled("Spacer"));  // adjacent tables would merge
                AddTable(body, sect, b.table, text_width);
                break;
        }
        last_was_table = b.kind == BlockKind::kTable;
    }

    const ParagraphFormat sign = Styled("Signature");
    const ParagraphFormat sign_first = Spaced("Signature", kLinePitch, std::nullopt);
    if (!d.issuer.empty()) {
        AddParagraphs(body, sect, d.issuer, sign, std::nullopt, sign_first);
        AddParagraphs(body, sect, d.date_line, sign);
    } else if (!d.date_line.empty()) {
        AddParagraphs(body, sect, d.date_line, sign, std::nullopt, sign_first);
    }
    if (d.date_line.empty() && d.issuer.empty() && last_was_table) {
        AddParagraph(body, sect, "", Styled("Spacer"));  // Word expects the body to end with a paragraph
    }
}

std::string Serialize(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return out.str();
}

void Load(pugi::xml_document& doc, std::string_view bytes, std::string_view path) {
    const pugi::xml_parse_result r =
        doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
    if (!r) throw std::runtime_error("docx template " + std::string(path) + ": " + r.description());
}

// ---------------------------------------------------------------------------------------------
// The package: a zip archive built in memory.

class ZipWriter {
public:
    ZipWriter() {
        zip_error_t error;
        zip_error_init(&error);
        source_ = zip_source_buffer_create(nullptr, 0, 0, &error);
        if (source_ == nullptr) Fail("zip_source_buffer_create", zip_error_strerror(&error));
        zip_source_keep(source_);  // the archive frees its source on close; the bytes are read after
        archive_ = zip_open_from_source(source_, ZIP_TRUNCATE, &error);
        if (archive_ == nullptr) {
            const std::string message = zip_error_strerror(&error);
            zip_error_fini(&error);
            zip_source_free(source_);
            source_ = nullptr;
            Fail("zip_open_from_source", message.c_str());
        }
        zip_error_fini(&error);
    }
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;
    ~ZipWriter() {
        if (archive_ != nullptr) zip_discard(archive_);
        if (source_ != nullptr) zip_source_free(source_);
    }

    void Add(const std::string& name, std::string bytes) {
        const std::string& data = contents_.emplace_back(std::move(bytes));  // must outlive zip_close
        zip_source_t* src = zip_source_buffer(archive_, data.data(), data.size(), 0);
        if (src == nullptr) Fail("zip_source_buffer", zip_strerror(archive_));
        const zip_int64_t index = zip_file_add(archive_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
        if (index < 0) {
            zip_source_free(src);
            Fail("zip_file_add", zip_strerror(archive_));
        }
        const auto i = static_cast<zip_uint64_t>(index);
        if (zip_set_file_compression(archive_, i, ZIP_CM_DEFLATE, 9) < 0) Fail("compression", zip_strerror(archive_));
        // A DOS date and time as such, not a time_t that libzip would convert in the local time zone.
        if (zip_file_set_dostime(archive_, i, 0, kDosDate1980, 0) < 0) Fail("dostime", zip_strerror(archive_));
    }

    std::string Finish() {
        if (zip_close(archive_) < 0) Fail("zip_close", zip_strerror(archive_));
        archive_ = nullptr;
        if (zip_source_open(source_) < 0) Fail("zip_source_open", zip_error_strerror(zip_source_error(source_)));
        std::string out;
        char buffer[1 << 14];
        zip_int64_t n = 0;
        while ((n = zip_source_read(source_, buffer, sizeof buffer)) > 0)
            out.append(buffer, static_cast<std::size_t>(n));
        zip_source_close(source_);
        if (n < 0) Fail("zip_source_read", zip_error_strerror(zip_source_error(source_)));
        return out;
    }

private:
    [[noreturn]] static void Fail(std::string_view what, const char* message) {
        throw std::runtime_error("docx: " + std::string(what) + ": " + (message != nullptr ? message : ""));
    }

    zip_source_t* source_ = nullptr;
    zip_t* archive_ = nullptr;
    std::list<std::string> contents_;  // stable addresses
};

bool IsXml(std::string_view path) { return path.ends_with(".xml") || path.ends_with(".rels"); }

}  // namespace

std::string RenderDocx(const Document& d) {
    constexpr std::string_view kContentTypes = "[Content_Types].xml";
    std::vector<std::pair<std::string, std::string>> parts;
    bool has_document = false;
    for (const EmbeddedFile& f : kDocxTemplateFiles) {
        std::string bytes;
        if (IsXml(f.path)) {
            pugi::xml_document doc;
            Load(doc, f.bytes, f.path);
            if (f.path == "word/document.xml") {
                pugi::xml_node body = doc.child("w:document").child("w:body");
                pugi::xml_node sect = body.child("w:sectPr");
                if (!sect) throw std::runtime_error("docx template word/document.xml has no w:body/w:sectPr");
                FillSection(sect, d.landscape);
                RenderBody(d, body, sect);
                has_document = true;
            } else if (f.path == "docProps/core.xml") {
                pugi::xml_node props = doc.child("cp:coreProperties");
                props.child("dc:title").text().set(XmlSafeText(d.title).c_str());
                props.child("dc:creator").text().set(XmlSafeText(d.issuer).c_str());
            }
            bytes = Serialize(doc);
        } else {
            bytes = std::string(f.bytes);
        }
        // Readers look for the content types first.
        auto at = f.path == kContentTypes ? parts.begin() : parts.end();
        parts.emplace(at, std::string(f.path), std::move(bytes));
    }
    if (!has_document || parts.empty() || parts.front().first != kContentTypes) {
        throw std::runtime_error("docx templates incomplete");
    }
    ZipWriter zip;
    for (auto& [path, bytes] : parts) zip.Add(path, std::move(bytes));
    return zip.Finish();
}

}  // namespace zs
