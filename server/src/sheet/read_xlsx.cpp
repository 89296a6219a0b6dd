// The .xlsx reader: libzip for the package, pugixml for the parts.
//
// Nothing is unpacked before the zip's directory has been checked (file size, entry count, each
// entry's declared size, their sum, and the compression ratio per entry and overall), and bytes are
// counted again while unpacking because declared sizes can lie. No part is parsed as one tree: a
// small scanner finds the element that holds the many (rows, shared strings, cell formats, merged
// ranges) and pugixml parses them about a megabyte at a time, so memory follows the rows kept, and
// a sheet with too many rows is refused as soon as the row after the limit is seen.
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sheet/internal.hpp"
#include "sheet/sheet.hpp"

namespace zs::sheet {
namespace {

using internal::Fail;

constexpr std::string_view kCorrupt = "文件已损坏或不是有效的 .xlsx 文件，请在 Excel/WPS 中重新保存后再导入";
// Entries smaller than this are not held to the ratio: small XML parts compress extremely well and
// cannot hurt (the entry count and the total size still bound them).
constexpr int64_t kRatioFloor = 1024 * 1024;
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kParseChunk = 1024 * 1024;  // XML handed to pugixml at a time
constexpr int64_t kExcelMaxRows = 1'048'576;
constexpr int64_t kExcelMaxColumns = 16'384;
// Merged ranges may add at most this many cells (for titles and headers) or, when more, as many
// cells as the sheet itself holds: the filled sheet is at most about twice what the file holds.
constexpr int64_t kMergeCellRows = 100;  // × max_columns
constexpr int64_t kMergeTextFloor = 16LL * 1024 * 1024;

constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_fragment | pugi::parse_ws_pcdata_single;

[[noreturn]] void FailCorrupt() { Fail(std::string(kCorrupt)); }

[[noreturn]] void FailDtd() {
    Fail("文件含有不安全的 XML 内容（DOCTYPE 或 ENTITY 声明），已拒绝导入；请在 Excel/WPS 中重新保存后再导入");
}

[[noreturn]] void FailTooBig(const Limits& limits) {
    Fail("文件解压后过大（超过 " + internal::Megabytes(limits.max_uncompressed_bytes) + "），请拆分后再导入");
}

// --- the zip package

struct ZipDeleter {
    void operator()(zip_t* z) const { zip_discard(z); }
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class Archive {
public:
    Archive(std::string_view bytes, const Limits& limits) : limits_(limits) {
        if (static_cast<int64_t>(bytes.size()) > limits.max_file_bytes) {
            Fail("文件过大（超过 " + internal::Megabytes(limits.max_file_bytes) + "），请拆分后再导入");
        }
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (source == nullptr) {
            zip_error_fini(&error);
            FailCorrupt();
        }
        zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
        zip_error_fini(&error);
        if (archive == nullptr) {
            zip_source_free(source);
            FailCorrupt();
        }
        zip_.reset(archive);
        CheckDirectory(static_cast<int64_t>(bytes.size()));
    }

    // The entry's bytes, or nullopt when the package has no such entry. Names are matched exactly
    // first, then without regard to case (some writers disagree with their own relationships).
    std::optional<std::string> Read(const std::string& name) {
        zip_int64_t index = zip_name_locate(zip_.get(), name.c_str(), 0);
        if (index < 0) index = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(index), 0, &st) != 0) FailCorrupt();
        const auto declared = static_cast<int64_t>(st.size);
        std::unique_ptr<zip_file_t, ZipDeleter> file(zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0));
        if (file == nullptr) {
            Fail("文件的部分内容已加密或使用了不支持的压缩方式，请在 Excel/WPS 中重新保存为 .xlsx 后再导入");
        }
        std::string out;
        out.reserve(static_cast<std::size_t>(std::min<int64_t>(declared, 16LL * 1024 * 1024)));
        std::unique_ptr<char[]> buffer(new char[kReadChunk]);
        for (;;) {
            const zip_int64_t n = zip_fread(file.get(), buffer.get(), kReadChunk);
            if (n < 0) FailCorrupt();
            if (n == 0) break;
            // Declared sizes can lie: count what really comes out.
            if (static_cast<int64_t>(out.size()) + n > declared) FailCorrupt();
            read_total_ += n;
            if (read_total_ > limits_.max_uncompressed_bytes) FailTooBig(limits_);
            out.append(buffer.get(), static_cast<std::size_t>(n));
        }
        return out;
    }

private:
    void CheckDirectory(int64_t file_bytes) {
        const zip_int64_t entries = zip_get_num_entries(zip_.get(), 0);
        if (entries < 0) FailCorrupt();
        if (entries > limits_.max_entries) {
            Fail("文件包含的条目过多（超过 " + std::to_string(limits_.max_entries) + " 个），不是有效的 .xlsx 文件");
        }
        const int64_t ratio = std::max<int64_t>(limits_.max_ratio, 1);
        int64_t total = 0;
        for (zip_int64_t i = 0; i < entries; ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(zip_.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) FailCorrupt();
            if ((st.valid & ZIP_STAT_SIZE) == 0 || (st.valid & ZIP_STAT_COMP_SIZE) == 0) FailCorrupt();
            if (st.size > static_cast<zip_uint64_t>(limits_.max_uncompressed_bytes)) FailTooBig(limits_);
            const auto size = static_cast<int64_t>(st.size);
            const auto packed = static_cast<int64_t>(std::min<zip_uint64_t>(st.comp_size, 1ULL << 40));
            if (size > kRatioFloor && size / ratio > packed) FailBomb();
            total += size;
            if (total > limits_.max_uncompressed_bytes) FailTooBig(limits_);
        }
        if (total > kRatioFloor && total / ratio > file_bytes) FailBomb();
    }

    [[noreturn]] void FailBomb() const {
        Fail("文件的压缩比异常（超过 " + std::to_string(limits_.max_ratio) +
             " 倍），可能是恶意构造的压缩文件，已拒绝导入");
    }

    const Limits& limits_;
    std::unique_ptr<zip_t, ZipDeleter> zip_;
    int64_t read_total_ = 0;
};

// --- scanning XML without a tree

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view LocalName(std::string_view qualified) {
    const std::size_t colon = qualified.rfind(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x - 'A' + 'a' : x) == (y >= 'A' && y <= 'Z' ? y - 'A' + 'a' : y);
           });
}

// A document type declaration can declare entities (billion laughs); Excel never writes one.
void RefuseDtd(std::string_view xml) {
    for (std::size_t at = xml.find("<!"); at != std::string_view::npos; at = xml.find("<!", at + 2)) {
        const std::string_view rest = xml.substr(at + 2);
        if (EqualsNoCase(rest.substr(0, 7), "doctype") || EqualsNoCase(rest.substr(0, 6), "entity")) FailDtd();
    }
}

struct Tag {
    enum class Kind { kStart, kEnd, kEmpty, kOther } kind = Kind::kOther;
    std::size_t begin = 0;  // at '<'
    std::size_t end = 0;    // after '>'
    std::string_view local;
};

// The next markup at or after `pos`, or nullopt when there is none. Attribute values may hold '>',
// so quotes are followed.
std::optional<Tag> NextTag(std::string_view xml, std::size_t pos) {
    const std::size_t lt = xml.find('<', pos);
    if (lt == std::string_view::npos) return std::nullopt;
    const std::string_view rest = xml.substr(lt);
    const auto skip_to = [&](std::string_view close, std::size_t from) {
        const std::size_t e = xml.find(close, from);
        if (e == std::string_view::npos) FailCorrupt();
        return Tag{Tag::Kind::kOther, lt, e + close.size(), {}};
    };
    if (rest.starts_with("<!--")) return skip_to("-->", lt + 4);
    if (rest.starts_with("<![CDATA[")) return skip_to("]]>", lt + 9);
    if (rest.starts_with("<?")) return skip_to("?>", lt + 2);
    if (rest.starts_with("<!")) FailDtd();
    const bool closing = rest.starts_with("</");
    std::size_t p = lt + (closing ? 2 : 1);
    const std::size_t name_begin = p;
    while (p < xml.size() && !IsXmlSpace(xml[p]) && xml[p] != '>' && xml[p] != '/') ++p;
    if (p == name_begin) FailCorrupt();
    const std::string_view name = xml.substr(name_begin, p - name_begin);
    char quote = 0;
    for (; p < xml.size(); ++p) {
        const char c = xml[p];
        if (quote != 0) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            break;
        }
    }
    if (p >= xml.size()) FailCorrupt();
    Tag tag;
    tag.kind = closing ? Tag::Kind::kEnd : xml[p - 1] == '/' ? Tag::Kind::kEmpty : Tag::Kind::kStart;
    tag.begin = lt;
    tag.end = p + 1;
    tag.local = LocalName(name);
    return tag;
}

struct Element {
    std::size_t begin = 0, end = 0;                  // the whole element
    std::size_t content_begin = 0, content_end = 0;  // between its tags
};

// The first element with this local name at or after `from`.
std::optional<Element> FindElement(std::string_view xml, std::string_view local, std::size_t from = 0) {
    for (auto tag = NextTag(xml, from); tag; tag = NextTag(xml, tag->end)) {
        if (tag->local != local || (tag->kind != Tag::Kind::kStart && tag->kind != Tag::Kind::kEmpty)) continue;
        if (tag->kind == Tag::Kind::kEmpty) return Element{tag->begin, tag->end, tag->end, tag->end};
        int64_t depth = 0;
        for (auto inner = NextTag(xml, tag->end); inner; inner = NextTag(xml, inner->end)) {
            if (inner->kind == Tag::Kind::kStart) {
                ++depth;
            } else if (inner->kind == Tag::Kind::kEnd) {
                if (depth == 0) return Element{tag->begin, inner->end, tag->end, inner->begin};
                --depth;
            }
        }
        FailCorrupt();
    }
    return std::nullopt;
}

std::string_view Content(std::string_view xml, const Element& e) {
    return xml.substr(e.content_begin, e.content_end - e.content_begin);
}

// Calls f with each child element named `item` of an element's content, parsing the content about
// kParseChunk bytes at a time (cut only before such a child, so each piece is whole elements).
template <typename F>
void ForEachItem(std::string_view content, std::string_view item, F&& f) {
    const auto parse = [&](std::string_view chunk) {
        pugi::xml_document doc;
        if (!doc.load_buffer(chunk.data(), chunk.size(), kParseOptions, pugi::encoding_utf8)) FailCorrupt();
        for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
            if (n.type() == pugi::node_element && LocalName(n.name()) == item) f(n);
        }
    };
    std::size_t chunk_start = 0;
    int64_t depth = 0;
    for (auto tag = NextTag(content, 0); tag; tag = NextTag(content, tag->end)) {
        if (depth == 0 && tag->local == item && tag->kind != Tag::Kind::kEnd && tag->kind != Tag::Kind::kOther &&
            tag->begin - chunk_start >= kParseChunk) {
            parse(content.substr(chunk_start, tag->begin - chunk_start));
            chunk_start = tag->begin;
        }
        if (tag->kind == Tag::Kind::kStart) ++depth;
        if (tag->kind == Tag::Kind::kEnd && --depth < 0) FailCorrupt();
    }
    if (depth != 0) FailCorrupt();
    parse(content.substr(chunk_start));
}

// One small element (workbookPr) parsed alone.
template <typename F>
void WithElement(std::string_view xml, std::string_view local, F&& f) {
    const auto element = FindElement(xml, local);
    if (!element) return;
    const std::string_view text = xml.substr(element->begin, element->end - element->begin);
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size(), kParseOptions, pugi::encoding_utf8)) FailCorrupt();
    f(doc.first_child());
}

// The attribute with this local name ("id" finds r:id); an empty string when absent.
std::string_view Attr(const pugi::xml_node& n, std::string_view local) {
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        const std::string_view name = a.name();
        if (name.starts_with("xmlns")) continue;
        if (LocalName(name) == local) return a.value();
    }
    return {};
}

pugi::xml_node Child(const pugi::xml_node& n, std::string_view local) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element && LocalName(c.name()) == local) return c;
    }
    return {};
}

// All text directly inside an element (several pieces when CDATA sections split it).
std::string TextOf(const pugi::xml_node& n) {
    std::string out;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    }
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
    return s;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x).
std::string DecodeEscapes(std::string_view s) {
    if (s.find("_x") == std::string_view::npos) return internal::ToValidUtf8(s);
    std::string out;
    out.reserve(s.size());
    const auto code_at = [&](std::size_t i) -> int {
        if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return -1;
        int v = 0;
        for (std::size_t k = 2; k < 6; ++k) {
            const int h = HexValue(s[i + k]);
            if (h < 0) return -1;
            v = v * 16 + h;
        }
        return v;
    };
    for (std::size_t i = 0; i < s.size();) {
        int cp = code_at(i);
        if (cp < 0) {
            out.push_back(s[i++]);
            continue;
        }
        i += 7;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const int low = code_at(i);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 7;
            }
        }
        internal::AppendUtf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : static_cast<uint32_t>(cp));
    }
    return internal::ToValidUtf8(out);
}

// The text of a <t>: without xml:space="preserve" (on it or an ancestor) Excel drops the white
// space around it, and so do we.
std::string TextRun(const pugi::xml_node& t) {
    bool preserve = false;
    for (pugi::xml_node n = t; n; n = n.parent()) {
        const pugi::xml_attribute space = n.attribute("xml:space");
        if (space) {
            preserve = std::string_view(space.value()) == "preserve";
            break;
        }
    }
    const std::string raw = TextOf(t);
    return DecodeEscapes(preserve ? std::string_view(raw) : Trim(raw));
}

// A shared or inline string: its <t>, or the <t> of each rich-text run <r>; phonetic runs (<rPh>)
// are a reading aid, not the text.
std::string RichText(const pugi::xml_node& si) {
    std::string out;
    for (pugi::xml_node c = si.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element) continue;
        const std::string_view name = LocalName(c.name());
        if (name == "t") {
            out += TextRun(c);
        } else if (name == "r") {
            for (pugi::xml_node t = c.first_child(); t; t = t.next_sibling()) {
                if (t.type() == pugi::node_element && LocalName(t.name()) == "t") out += TextRun(t);
            }
        }
    }
    return out;
}

template <typename T>
std::optional<T> ParseInt(std::string_view s) {
    s = Trim(s);
    T v{};
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

// --- the package's relationships and parts

struct Relationship {
    std::string id;
    std::string type;
    std::string target;  // a path in the package
    bool external = false;
};

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A relationship target resolved against the folder of the part that names it ("xl/"):
// "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml", "/xl/x.xml" → "xl/x.xml", "../a" → "a".
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
    std::string raw;
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (target[i] == '%' && i + 2 < target.size() && HexValue(target[i + 1]) >= 0 && HexValue(target[i + 2]) >= 0) {
            raw.push_back(static_cast<char>(HexValue(target[i + 1]) * 16 + HexValue(target[i + 2])));
            i += 2;
        } else {
            raw.push_back(target[i] == '\\' ? '/' : target[i]);
        }
    }
    std::string path = !raw.empty() && raw[0] == '/' ? raw.substr(1) : std::string(base_dir) + raw;
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t slash = path.find('/', start);
        if (slash == std::string::npos) slash = path.size();
        const std::string part = path.substr(start, slash - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

std::vector<Relationship> ReadRelationships(Archive& archive, const std::string& rels_path, std::string_view base_dir) {
    std::vector<Relationship> rels;
    const auto xml = archive.Read(rels_path);
    if (!xml) return rels;
    RefuseDtd(*xml);
    const auto root = FindElement(*xml, "Relationships");
    if (!root) return rels;
    ForEachItem(Content(*xml, *root), "Relationship", [&](const pugi::xml_node& n) {
        Relationship r;
        r.id = Attr(n, "Id");
        r.type = Attr(n, "Type");
        r.external = EqualsNoCase(Attr(n, "TargetMode"), "External");
        r.target = r.external ? std::string(Attr(n, "Target")) : ResolveTarget(base_dir, Attr(n, "Target"));
        rels.push_back(std::move(r));
    });
    return rels;
}

const Relationship* FindByType(const std::vector<Relationship>& rels, std::string_view type_suffix) {
    for (const auto& r : rels) {
        if (!r.external && EndsWith(r.type, type_suffix)) return &r;
    }
    return nullptr;
}

struct SheetEntry {
    std::string name;
    std::string rel_id;
    bool hidden = false;
};

// --- number formats: which cell formats show a date

bool IsBuiltinDateFormat(int id) {
    // 14–22 dates and times; 27–36 and 50–58 the CJK dates and times (年月日, 上午/下午 …); 45–47 times.
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

namespace internal {

// True when a format code shows a date or time: y, m, d, h or s outside quotes, brackets (except
// the elapsed [h] [mm] [ss] and the system date/time locales F800/F400), escapes (\x) and the
// padding and fill markers (_x, *x); only the first section (positive numbers) counts.
bool IsDateFormatCode(std::string_view code) {
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = AsciiLower(code[i]);
        if (c == '"') {
            const std::size_t close = code.find('"', i + 1);
            if (close == std::string_view::npos) return false;
            i = close;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == '[') {
            const std::size_t close = code.find(']', i + 1);
            if (close == std::string_view::npos) return false;
            std::string inside;
            for (const char k : code.substr(i + 1, close - i - 1)) inside.push_back(AsciiLower(k));
            if (!inside.empty() && inside.find_first_not_of(inside[0]) == std::string::npos &&
                (inside[0] == 'h' || inside[0] == 'm' || inside[0] == 's')) {
                return true;
            }
            if (inside.starts_with("$-") &&
                (inside.find("f800") != std::string::npos || inside.find("f400") != std::string::npos)) {
                return true;
            }
            i = close;
        } else if (c == ';') {
            return false;
        } else if (c == 'a' && EqualsNoCase(code.substr(i, 5), "am/pm")) {
            i += 4;
        } else if (c == 'a' && EqualsNoCase(code.substr(i, 3), "a/p")) {
            i += 2;
        } else if (c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's') {
            return true;
        }
    }
    return false;
}

std::optional<SerialDate> FromSerial(double serial, bool date1904) {
    if (!(serial >= 0) || serial > 3'000'000) return std::nullopt;
    const auto total = static_cast<int64_t>(std::llround(serial * 86'400.0));
    const int64_t days = total / 86'400;
    SerialDate out;
    out.seconds = total % 86'400;
    if (date1904) {
        out.date = Date::FromYmd(1904, 1, 1)->AddDays(static_cast<int32_t>(days));
        out.serial_1900 = serial + 1462;
    } else {
        if (days < 1) return std::nullopt;
        out.fake_leap_day = days == 60;
        out.date = days < 60 ? Date::FromYmd(1899, 12, 31)->AddDays(static_cast<int32_t>(days))
                             : Date::FromYmd(1899, 12, 30)->AddDays(static_cast<int32_t>(days));
        out.serial_1900 = serial;
    }
    if (out.date.year() > 9999) return std::nullopt;
    return out;
}

}  // namespace internal

namespace {

std::string TimeOfDay(int64_t seconds) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
    return buf;
}

Cell DateCell(const internal::SerialDate& d) {
    Cell cell;
    const std::string time = d.seconds != 0 ? TimeOfDay(d.seconds) : "";
    cell.number = d.serial_1900;
    if (d.fake_leap_day) {  // as Excel shows it, and as text: no caller can take it for a real day
        cell.kind = CellKind::kText;
        cell.text = "1900-02-29" + time;
        return cell;
    }
    cell.kind = CellKind::kDate;
    cell.date = d.date;
    cell.text = d.date.ToString() + time;
    return cell;
}

std::string ShortestNumber(double v) {
    if (v == 0) return "0";  // also -0
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? end : buf);
}

std::optional<double> ParseNumber(std::string_view s) {
    s = Trim(s);
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    double v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// t="d": an ISO 8601 date, optionally with a time ("2024-01-31T08:30:00Z").
std::optional<Cell> IsoDateCell(std::string_view s) {
    s = Trim(s);
    const auto date = Date::Parse(s.substr(0, 10));
    if (!date) return std::nullopt;
    int64_t seconds = 0;
    if (s.size() >= 19 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':' && s[16] == ':') {
        const auto h = ParseInt<int>(s.substr(11, 2));
        const auto m = ParseInt<int>(s.substr(14, 2));
        const auto sec = ParseInt<int>(s.substr(17, 2));
        if (h && m && sec && *h < 24 && *m < 60 && *sec < 60) seconds = *h * 3600 + *m * 60 + *sec;
    }
    const int32_t days = date->days() - Date::FromYmd(1899, 12, 30)->days();
    internal::SerialDate d;
    d.date = *date;
    d.seconds = seconds;
    d.serial_1900 = (days < 61 ? days - 1 : days) + static_cast<double>(seconds) / 86'400;
    return DateCell(d);
}

struct Parts {
    std::vector<std::string> shared_strings;
    std::vector<bool> date_styles;  // by cell format (cellXfs) index
    bool date1904 = false;
};

std::vector<bool> ReadDateStyles(Archive& archive, const std::string& path) {
    std::vector<bool> date_styles;
    const auto xml = archive.Read(path);
    if (!xml) return date_styles;
    RefuseDtd(*xml);
    std::map<int, bool> custom;  // numFmtId → shows a date
    if (const auto formats = FindElement(*xml, "numFmts")) {
        ForEachItem(Content(*xml, *formats), "numFmt", [&](const pugi::xml_node& n) {
            if (const auto id = ParseInt<int>(Attr(n, "numFmtId"))) {
                custom[*id] = internal::IsDateFormatCode(Attr(n, "formatCode"));
            }
        });
    }
    if (const auto xfs = FindElement(*xml, "cellXfs")) {
        ForEachItem(Content(*xml, *xfs), "xf", [&](const pugi::xml_node& n) {
            const int id = ParseInt<int>(Attr(n, "numFmtId")).value_or(0);
            const auto it = custom.find(id);
            date_styles.push_back(it != custom.end() ? it->second : IsBuiltinDateFormat(id));
        });
    }
    return date_styles;
}

std::vector<std::string> ReadSharedStrings(Archive& archive, const std::string& path) {
    std::vector<std::string> strings;
    const auto xml = archive.Read(path);
    if (!xml) return strings;
    RefuseDtd(*xml);
    const auto sst = FindElement(*xml, "sst");
    if (!sst) return strings;
    ForEachItem(Content(*xml, *sst), "si", [&](const pugi::xml_node& si) { strings.push_back(RichText(si)); });
    return strings;
}

// "AB12" → column 27 (0-based) and row 12; "$A$1" is accepted. nullopt when it is not a reference.
struct CellRef {
    int64_t column = 0;
    int64_t row = 0;  // 0 when the reference has no row part
};

std::optional<CellRef> ParseRef(std::string_view s) {
    CellRef ref;
    std::size_t i = 0;
    if (i < s.size() && s[i] == '$') ++i;
    int64_t column = 0;
    std::size_t letters = 0;
    for (; i < s.size(); ++i, ++letters) {
        const char c = AsciiLower(s[i]);
        if (c < 'a' || c > 'z') break;
        if (letters == 3) return std::nullopt;
        column = column * 26 + (c - 'a' + 1);
    }
    if (letters == 0 || column > kExcelMaxColumns) return std::nullopt;
    ref.column = column - 1;
    if (i < s.size() && s[i] == '$') ++i;
    if (i == s.size()) return ref;
    const auto row = ParseInt<int64_t>(s.substr(i));
    if (!row || *row < 1 || *row > kExcelMaxRows || !(s[i] >= '0' && s[i] <= '9')) return std::nullopt;
    ref.row = *row;
    return ref;
}

Cell ReadCell(const pugi::xml_node& c, const Parts& parts) {
    const std::string_view type = Attr(c, "t");
    const pugi::xml_node v = Child(c, "v");
    Cell cell;
    if (type == "inlineStr") {
        cell.text = RichText(Child(c, "is"));
        cell.kind = cell.text.empty() ? CellKind::kEmpty : CellKind::kText;
        return cell;
    }
    if (!v) return cell;
    const std::string value = TextOf(v);
    if (type == "s") {
        const auto index = ParseInt<int64_t>(value);
        if (!index || *index < 0 || *index >= static_cast<int64_t>(parts.shared_strings.size())) FailCorrupt();
        cell.text = parts.shared_strings[static_cast<std::size_t>(*index)];
    } else if (type == "str") {
        cell.text = DecodeEscapes(value);
    } else if (type == "b") {
        const std::string_view b = Trim(value);
        if (b == "1" || b == "true") {
            cell.kind = CellKind::kBool;
            cell.text = "TRUE";
        } else if (b == "0" || b == "false") {
            cell.kind = CellKind::kBool;
            cell.text = "FALSE";
        } else {
            cell.text = internal::ToValidUtf8(value);
        }
    } else if (type == "e") {
        cell.kind = CellKind::kError;
        cell.text = internal::ToValidUtf8(Trim(value));
    } else if (type == "d") {
        if (auto date = IsoDateCell(value)) return *date;
        cell.text = internal::ToValidUtf8(value);
    } else if (const auto number = ParseNumber(value)) {
        const auto style = ParseInt<int64_t>(Attr(c, "s")).value_or(0);
        if (style >= 0 && style < static_cast<int64_t>(parts.date_styles.size()) &&
            parts.date_styles[static_cast<std::size_t>(style)]) {
            if (const auto d = internal::FromSerial(*number, parts.date1904)) return DateCell(*d);
        }
        cell.kind = CellKind::kNumber;
        cell.number = *number;
        cell.text = ShortestNumber(*number);
        return cell;
    } else {
        cell.text = internal::ToValidUtf8(value);  // not a number although typed so: kept as written
    }
    if (cell.kind == CellKind::kEmpty && !cell.text.empty()) cell.kind = CellKind::kText;
    return cell;
}

// Copies each merged range's top-left cell into the rest of the range (within the rows and columns
// that hold data), creating the rows a range reaches into.
void FillMerges(Sheet& sheet, std::vector<Merge> merges, internal::SheetBuilder& builder, const Limits& limits) {
    if (merges.empty() || sheet.rows.empty()) return;
    const int64_t last_row = sheet.rows.back().number;
    int64_t last_col = 0;
    for (const Row& r : sheet.rows) last_col = std::max<int64_t>(last_col, static_cast<int64_t>(r.cells.size()) - 1);
    last_col = std::min(last_col, limits.max_columns - 1);

    const int64_t max_cells = std::max(limits.max_columns * kMergeCellRows, builder.cells());
    const int64_t max_text = std::max(kMergeTextFloor, builder.text_bytes());
    int64_t added_cells = 0, added_text = 0;
    std::map<int64_t, Row> new_rows;
    const auto find_row = [&](int64_t number, bool create) -> Row* {
        const auto it = std::lower_bound(sheet.rows.begin(), sheet.rows.end(), number,
                                         [](const Row& r, int64_t n) { return r.number < n; });
        if (it != sheet.rows.end() && it->number == number) return &*it;
        const auto nit = new_rows.find(number);
        if (nit != new_rows.end()) return &nit->second;
        if (!create) return nullptr;
        Row& row = new_rows[number];
        row.number = number;
        return &row;
    };

    for (Merge& m : merges) {
        m.last_row = std::min(m.last_row, last_row);
        m.last_col = std::min(m.last_col, last_col);
        if (m.first_row > m.last_row || m.first_col > m.last_col) continue;
        sheet.merges.push_back(m);
        const Row* top = find_row(m.first_row, false);
        if (top == nullptr || m.first_col >= static_cast<int64_t>(top->cells.size())) continue;
        Cell copy = top->cells[static_cast<std::size_t>(m.first_col)];
        if (copy.kind == CellKind::kEmpty) continue;
        copy.merged = true;
        for (int64_t r = m.first_row; r <= m.last_row; ++r) {
            Row* row = find_row(r, true);
            for (int64_t c = m.first_col; c <= m.last_col; ++c) {
                if (r == m.first_row && c == m.first_col) continue;
                added_cells += 1;
                added_text += static_cast<int64_t>(copy.text.size());
                if (added_cells > max_cells || added_text > max_text) {
                    Fail("合并单元格的范围过大，请取消合并（或缩小合并范围）后再导入");
                }
                if (static_cast<int64_t>(row->cells.size()) <= c) row->cells.resize(static_cast<std::size_t>(c) + 1);
                row->cells[static_cast<std::size_t>(c)] = copy;
            }
        }
    }
    if (new_rows.empty()) return;
    if (static_cast<int64_t>(sheet.rows.size() + new_rows.size()) > limits.max_rows) {
        Fail("工作表超过 " + std::to_string(limits.max_rows) + " 行，请拆分为多个文件后再导入");
    }
    std::vector<Row> merged_rows;
    merged_rows.reserve(sheet.rows.size() + new_rows.size());
    auto it = new_rows.begin();
    for (Row& r : sheet.rows) {
        for (; it != new_rows.end() && it->first < r.number; ++it) merged_rows.push_back(std::move(it->second));
        merged_rows.push_back(std::move(r));
    }
    for (; it != new_rows.end(); ++it) merged_rows.push_back(std::move(it->second));
    sheet.rows = std::move(merged_rows);
}

Sheet ReadWorksheet(std::string_view xml, const Parts& parts, std::string name, const Limits& limits,
                    const Progress& progress) {
    RefuseDtd(xml);
    internal::SheetBuilder builder(limits, progress);
    const auto data = FindElement(xml, "sheetData");
    if (!data) return builder.Finish(std::move(name));
    int64_t previous_row = 0;
    ForEachItem(Content(xml, *data), "row", [&](const pugi::xml_node& row) {
        int64_t number = previous_row + 1;
        if (const std::string_view r = Attr(row, "r"); !r.empty()) {
            const auto parsed = ParseInt<int64_t>(r);
            if (!parsed) FailCorrupt();
            number = *parsed;
        } else if (const pugi::xml_node first = Child(row, "c")) {
            if (const auto ref = ParseRef(Attr(first, "r")); ref && ref->row != 0) number = ref->row;
        }
        if (number <= previous_row || number > kExcelMaxRows) FailCorrupt();
        previous_row = number;
        builder.BeginRow(number);
        int64_t next_column = 0;
        for (pugi::xml_node c = row.first_child(); c; c = c.next_sibling()) {
            if (c.type() != pugi::node_element || LocalName(c.name()) != "c") continue;
            int64_t column = next_column;
            if (const std::string_view r = Attr(c, "r"); !r.empty()) {
                const auto ref = ParseRef(r);
                if (!ref) FailCorrupt();
                column = ref->column;
            }
            next_column = column + 1;
            builder.Set(column, ReadCell(c, parts));
        }
        builder.EndRow();
    });

    std::vector<Merge> merges;
    if (const auto merge_cells = FindElement(xml, "mergeCells", data->end)) {
        const int64_t max_merges = std::max<int64_t>(limits.max_rows * 2, 1000);
        ForEachItem(Content(xml, *merge_cells), "mergeCell", [&](const pugi::xml_node& n) {
            const std::string_view ref = Attr(n, "ref");
            const std::size_t colon = ref.find(':');
            if (colon == std::string_view::npos) return;
            const auto a = ParseRef(ref.substr(0, colon));
            const auto b = ParseRef(ref.substr(colon + 1));
            if (!a || !b || a->row == 0 || b->row == 0) return;
            if (static_cast<int64_t>(merges.size()) >= max_merges) {
                Fail("合并单元格过多（超过 " + std::to_string(max_merges) + " 处），请取消合并后再导入");
            }
            merges.push_back(Merge{std::min(a->row, b->row), std::min(a->column, b->column), std::max(a->row, b->row),
                                   std::max(a->column, b->column)});
        });
    }
    Sheet sheet = builder.Finish(std::move(name));
    FillMerges(sheet, std::move(merges), builder, limits);
    return sheet;
}

std::string Folder(std::string_view path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? "" : std::string(path.substr(0, slash + 1));
}

}  // namespace

Sheet ReadXlsx(std::string_view bytes, const Limits& limits, const Progress& progress) {
    if (bytes.empty()) Fail("文件为空");
    Archive archive(bytes, limits);

    std::string workbook_path = "xl/workbook.xml";
    const std::vector<Relationship> package_rels = ReadRelationships(archive, "_rels/.rels", "");
    if (const Relationship* office = FindByType(package_rels, "/officeDocument")) workbook_path = office->target;
    const auto workbook = archive.Read(workbook_path);
    if (!workbook) FailCorrupt();
    RefuseDtd(*workbook);
    const std::string folder = Folder(workbook_path);
    const std::vector<Relationship> rels =
        ReadRelationships(archive, folder + "_rels/" + workbook_path.substr(folder.size()) + ".rels", folder);

    Parts parts;
    WithElement(*workbook, "workbookPr", [&](const pugi::xml_node& pr) {
        const std::string_view v = Attr(pr, "date1904");
        parts.date1904 = v == "1" || v == "true";
    });
    std::vector<SheetEntry> sheets;
    if (const auto list = FindElement(*workbook, "sheets")) {
        ForEachItem(Content(*workbook, *list), "sheet", [&](const pugi::xml_node& n) {
            const std::string_view state = Attr(n, "state");
            sheets.push_back({internal::ToValidUtf8(Attr(n, "name")), std::string(Attr(n, "id")),
                              state == "hidden" || state == "veryHidden"});
        });
    }
    const SheetEntry* chosen = nullptr;
    const Relationship* chosen_rel = nullptr;
    for (const bool visible_only : {true, false}) {
        for (const SheetEntry& s : sheets) {
            if (chosen != nullptr || (visible_only && s.hidden)) continue;
            for (const Relationship& r : rels) {
                if (r.id == s.rel_id && !r.external && EndsWith(r.type, "/worksheet")) {
                    chosen = &s;
                    chosen_rel = &r;
                    break;
                }
            }
        }
    }
    if (chosen == nullptr) Fail("文件中没有工作表，请检查后再导入");

    const Relationship* styles = FindByType(rels, "/styles");
    parts.date_styles = ReadDateStyles(archive, styles != nullptr ? styles->target : folder + "styles.xml");
    const Relationship* shared = FindByType(rels, "/sharedStrings");
    parts.shared_strings =
        ReadSharedStrings(archive, shared != nullptr ? shared->target : folder + "sharedStrings.xml");

    const auto sheet_xml = archive.Read(chosen_rel->target);
    if (!sheet_xml) FailCorrupt();
    return ReadWorksheet(*sheet_xml, parts, chosen->name, limits, progress);
}

}  // namespace zs::sheet
