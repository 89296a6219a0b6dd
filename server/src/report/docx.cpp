#include "report/docx.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"
#include "report/embedded.hpp"
#include "sheet/zip_writer.hpp"

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
constexpr int kWideTableColumns = 7;      // from this many columns on, tables print in 五号
constexpr int kWideTableHalfPoints = 21;  // 五号 (10.5 pt); narrower tables keep the style's 小四

}  // namespace

// ---------------------------------------------------------------------------------------------
// Text: only characters XML 1.0 allows reach the file (composed data could hold anything).

std::string XmlSafeText(std::string_view s) {
    std::string out;
    AppendXmlSafeText(out, s);
    return out;
}

void AppendXmlSafeText(std::string& out, std::string_view s) {
    out.reserve(out.size() + s.size());
    // Runs of characters that pass are copied as they are (valid UTF-8 re-encodes to the same bytes).
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7F) {  // the common case: printable ASCII
            ++i;
            continue;
        }
        std::size_t next = i;
        const uint32_t cp = NextCodePoint(s, next);
        const bool malformed = cp == 0xFFFD && next == i + 1;  // a valid U+FFFD takes three bytes
        if (!malformed && !((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF)) {
            i = next;
            continue;
        }
        out.append(s.substr(run, i - run));
        if (malformed) AppendUtf8(out, 0xFFFD);  // one replacement character per byte
        i = next;                                 // a control character or non-character: dropped
        run = i;
    }
    out.append(s.substr(run));
}

namespace {

// ---------------------------------------------------------------------------------------------
// WordprocessingML, written as text: a bulletin of 10^4 table rows is 10^8 bytes of XML, which a DOM
// would build node by node and then serialise. The text is exactly what pugixml writes for the same
// nodes with format_raw (the template around it still goes through pugixml): elements without
// children as <name/>, attributes in double quotes, and its escapes (text: & < >; attribute values:
// & < "). The render tests read the files back; docs/performance.md has the measurements.

void AppendEscaped(std::string& out, std::string_view s, bool attribute) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        std::string_view entity;
        if (c == '&') {
            entity = "&amp;";
        } else if (c == '<') {
            entity = "&lt;";
        } else if (c == '>' && !attribute) {
            entity = "&gt;";
        } else if (c == '"' && attribute) {
            entity = "&quot;";
        } else {
            continue;
        }
        out.append(s.substr(start, i - start));
        out.append(entity);
        start = i + 1;
    }
    out.append(s.substr(start));
}

// One element being written: attributes while it is open, then children, then its end.
class Element {
public:
    Element(std::string& out, std::string_view name) : out_(out), name_(name) {
        out_.push_back('<');
        out_.append(name_);
    }
    Element(const Element&) = delete;
    Element& operator=(const Element&) = delete;
    ~Element() {
        if (has_children_) {
            out_.append("</").append(name_).push_back('>');
        } else {
            out_.append("/>");
        }
    }

    Element& Attr(std::string_view name, std::string_view value) {
        out_.push_back(' ');
        out_.append(name).append("=\"");
        AppendEscaped(out_, value, true);
        out_.push_back('"');
        return *this;
    }
    Element& Attr(std::string_view name, int value) { return Attr(name, std::string_view(std::to_string(value))); }
    Element& Val(std::string_view value) { return Attr("w:val", value); }

    // Call before writing a child (or text) into the stream.
    std::string& Children() {
        if (!has_children_) out_.push_back('>');
        has_children_ = true;
        return out_;
    }
    void Text(std::string_view text) {
        if (text.empty()) return;  // pugixml writes an empty text node as nothing
        AppendEscaped(Children(), text, false);
    }

private:
    std::string& out_;
    std::string_view name_;
    bool has_children_ = false;
};

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
void AddParagraph(std::string& out, std::string_view line, const ParagraphFormat& f) {
    Element p(out, "w:p");
    if (!f.style.empty() || f.spacing_before || f.spacing_after || !f.jc.empty()) {
        Element ppr(p.Children(), "w:pPr");
        if (!f.style.empty()) Element(ppr.Children(), "w:pStyle").Val(f.style);
        if (f.spacing_before || f.spacing_after) {
            // Written whole so no reader has to merge it with the style's line rule.
            Element(ppr.Children(), "w:spacing")
                .Attr("w:before", f.spacing_before.value_or(0))
                .Attr("w:after", f.spacing_after.value_or(0))
                .Attr("w:line", kLinePitch)
                .Attr("w:lineRule", "exact");
        }
        if (!f.jc.empty()) Element(ppr.Children(), "w:jc").Val(f.jc);
    }
    if (line.empty()) return;
    Element r(p.Children(), "w:r");
    if (f.half_points > 0) {
        Element rpr(r.Children(), "w:rPr");
        Element(rpr.Children(), "w:sz").Attr("w:val", f.half_points);
        Element(rpr.Children(), "w:szCs").Attr("w:val", f.half_points);
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i < line.size() && line[i] != '\t') continue;
        if (start > 0) Element(r.Children(), "w:tab");
        if (i > start) {
            Element t(r.Children(), "w:t");
            t.Attr("xml:space", "preserve");
            t.Text(line.substr(start, i - start));
        }
        start = i + 1;
    }
}

// One paragraph per line of `text`, all formatted alike; `last` overrides the spacing of the last one.
void AddParagraphs(std::string& out, std::string_view text, const ParagraphFormat& f,
                   const std::optional<ParagraphFormat>& last = std::nullopt,
                   const std::optional<ParagraphFormat>& first = std::nullopt) {
    thread_local std::string clean;  // reused: a table has 10^5 cells
    clean.clear();
    AppendXmlSafeText(clean, text);
    const std::string_view all = clean;
    std::size_t start = 0;
    for (std::size_t i = 0;; ++i) {
        if (i < all.size() && all[i] != '\n') continue;
        const bool is_last = i == all.size();
        const ParagraphFormat& format = (is_last && last) ? *last : (start == 0 && first) ? *first : f;
        AddParagraph(out, all.substr(start, i - start), format);
        if (is_last) break;
        start = i + 1;
    }
}

bool IsNumeric(CellKind k) {
    return k == CellKind::kYuanWan || k == CellKind::kYuanYi || k == CellKind::kCount || k == CellKind::kPercent;
}

void AddBorder(std::string& out, std::string_view side) {
    Element(out, side).Val("single").Attr("w:sz", 4).Attr("w:space", 0).Attr("w:color", "000000");  // ½ pt
}

void AddCell(std::string& out, int width, std::string_view text, const ParagraphFormat& f) {
    Element tc(out, "w:tc");
    {
        Element tcpr(tc.Children(), "w:tcPr");
        Element(tcpr.Children(), "w:tcW").Attr("w:w", width).Attr("w:type", "dxa");
        Element(tcpr.Children(), "w:vAlign").Val("center");
    }
    AddParagraphs(tc.Children(), text, f);  // a cell always ends with a paragraph, even when empty
}

void AddTable(std::string& out, const Table& t, int text_width) {
    const std::size_t n = t.columns.size();
    if (n == 0) {
        // Nothing to draw; keep one (empty) line per printed row so the text still matches DocumentText.
        for (std::size_t i = 0; i < t.rows.size() + 1; ++i) AddParagraph(out, "", Styled("TableText"));
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

    Element tbl(out, "w:tbl");
    {
        Element tblpr(tbl.Children(), "w:tblPr");
        Element(tblpr.Children(), "w:tblW").Attr("w:w", text_width).Attr("w:type", "dxa");
        Element(tblpr.Children(), "w:jc").Val("center");
        {
            Element borders(tblpr.Children(), "w:tblBorders");
            for (const char* side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
                AddBorder(borders.Children(), side);
            }
        }
        Element(tblpr.Children(), "w:tblLayout").Attr("w:type", "fixed");
        Element mar(tblpr.Children(), "w:tblCellMar");
        for (const char* side : {"w:left", "w:right"}) {
            Element(mar.Children(), side).Attr("w:w", kTableCellMargin).Attr("w:type", "dxa");
        }
    }
    {
        Element grid(tbl.Children(), "w:tblGrid");
        for (const int w : widths) Element(grid.Children(), "w:gridCol").Attr("w:w", w);
    }

    // The header row repeats on every page; no row breaks across pages.
    {
        Element header(tbl.Children(), "w:tr");
        {
            Element trpr(header.Children(), "w:trPr");
            Element(trpr.Children(), "w:cantSplit");
            Element(trpr.Children(), "w:tblHeader");
        }
        for (std::size_t c = 0; c < n; ++c) {
            AddCell(header.Children(), widths[c], t.columns[c].title, Styled("TableHeader", {}, half_points));
        }
    }
    std::vector<ParagraphFormat> formats;
    for (std::size_t c = 0; c < n; ++c) {
        const CellKind kind = t.columns[c].kind;
        const std::string_view jc = IsNumeric(kind) ? "right" : kind == CellKind::kDate ? "center" : "";
        formats.push_back(Styled("TableText", jc, half_points));
    }
    for (const auto& row : t.rows) {
        Element tr(tbl.Children(), "w:tr");
        {
            Element trpr(tr.Children(), "w:trPr");
            Element(trpr.Children(), "w:cantSplit");
        }
        for (std::size_t c = 0; c < n; ++c) {
            const std::string_view text = c < row.size() ? std::string_view(row[c].text) : std::string_view();
            AddCell(tr.Children(), widths[c], text, formats[c]);
        }
    }
}

// The blocks of `d` as the w:body children that go before its w:sectPr.
std::string RenderBody(const Document& d) {
    // A bulletin's body is 10^8 bytes, some 280 of them per table cell: sized once, not grown by doubling.
    std::size_t estimate = 4096;
    for (const Block& b : d.blocks) {
        estimate += 2 * b.text.size() + 256;
        for (const auto& row : b.table.rows) {
            estimate += 64;
            for (const Cell& c : row) estimate += c.text.size() + 288;
        }
    }
    std::string out;
    out.reserve(estimate);
    const int text_width = d.landscape ? kLandscapeTextWidth : kPortraitTextWidth;

    // GB/T 9704 leaves one empty line between the title (with its subtitle) and the text.
    const ParagraphFormat title = Styled("Title");
    const ParagraphFormat title_last = Spaced("Title", std::nullopt, kLinePitch);
    const ParagraphFormat subtitle = Styled("Subtitle");
    const ParagraphFormat subtitle_last = Spaced("Subtitle", std::nullopt, kLinePitch);
    if (d.subtitle.empty()) {
        AddParagraphs(out, d.title, title, title_last);
    } else {
        AddParagraphs(out, d.title, title);
        AddParagraphs(out, d.subtitle, subtitle, subtitle_last);
    }

    bool last_was_table = false;
    for (const Block& b : d.blocks) {
        switch (b.kind) {
            case BlockKind::kHeading1:
                AddParagraphs(out, b.text, Styled("Heading1"));
                break;
            case BlockKind::kHeading2:
                AddParagraphs(out, b.text, Styled("Heading2"));
                break;
            case BlockKind::kParagraph:
                AddParagraphs(out, b.text, ParagraphFormat{});
                break;
            case BlockKind::kCaption:
                AddParagraphs(out, b.text, Styled("Caption"));
                break;
            case BlockKind::kTable:
                if (last_was_table) AddParagraph(out, "", Styled("Spacer"));  // adjacent tables would merge
                AddTable(out, b.table, text_width);
                break;
        }
        last_was_table = b.kind == BlockKind::kTable;
    }

    const ParagraphFormat sign = Styled("Signature");
    const ParagraphFormat sign_first = Spaced("Signature", kLinePitch, std::nullopt);
    if (!d.issuer.empty()) {
        AddParagraphs(out, d.issuer, sign, std::nullopt, sign_first);
        AddParagraphs(out, d.date_line, sign);
    } else if (!d.date_line.empty()) {
        AddParagraphs(out, d.date_line, sign, std::nullopt, sign_first);
    }
    if (d.date_line.empty() && d.issuer.empty() && last_was_table) {
        AddParagraph(out, "", Styled("Spacer"));  // Word expects the body to end with a paragraph
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The templates, through pugixml

void SetInt(pugi::xml_node n, const char* attribute, int value) {
    pugi::xml_attribute a = n.attribute(attribute);
    if (!a) a = n.append_attribute(attribute);
    a.set_value(value);
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

class StringWriter : public pugi::xml_writer {
public:
    void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
    std::string out;
};

std::string Serialize(const pugi::xml_document& doc) {
    StringWriter writer;
    doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    return std::move(writer.out);
}

void Load(pugi::xml_document& doc, std::string_view bytes, std::string_view path) {
    const pugi::xml_parse_result r =
        doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
    if (!r) throw std::runtime_error("docx template " + std::string(path) + ": " + r.description());
}

// word/document.xml: the template with its section filled in and the blocks before w:sectPr.
std::string DocumentXml(const Document& d, pugi::xml_document& doc) {
    // Where the body goes: an element the template cannot hold, replaced by the text afterwards.
    constexpr std::string_view kMarker = "zs-report-body";
    pugi::xml_node body = doc.child("w:document").child("w:body");
    pugi::xml_node sect = body.child("w:sectPr");
    if (!sect) throw std::runtime_error("docx template word/document.xml has no w:body/w:sectPr");
    FillSection(sect, d.landscape);
    body.insert_child_before(std::string(kMarker).c_str(), sect);
    const std::string xml = Serialize(doc);
    const std::string marker = "<" + std::string(kMarker) + "/>";
    const std::size_t at = xml.find(marker);
    if (at == std::string::npos || xml.find(marker, at + 1) != std::string::npos) {
        throw std::runtime_error("docx template word/document.xml: no single place for the body");
    }
    const std::string blocks = RenderBody(d);
    std::string out;
    out.reserve(xml.size() - marker.size() + blocks.size());
    out.append(xml, 0, at).append(blocks).append(xml, at + marker.size());
    return out;
}

// The package: deflated at level 3, a third of level 9's time for a 84 MB document.xml (the
// 10^5-project bulletin) and a file ~15 % larger; large parts on two cores (sheet/zip_writer).
constexpr int kDeflateLevel = 3;

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
                bytes = DocumentXml(d, doc);
                has_document = true;
            } else {
                if (f.path == "docProps/core.xml") {
                    pugi::xml_node props = doc.child("cp:coreProperties");
                    props.child("dc:title").text().set(XmlSafeText(d.title).c_str());
                    props.child("dc:creator").text().set(XmlSafeText(d.issuer).c_str());
                }
                bytes = Serialize(doc);
            }
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
    sheet::ZipWriter zip(kDeflateLevel);
    for (const auto& [path, bytes] : parts) zip.Add(path, bytes);
    return zip.Finish();
}

}  // namespace zs
