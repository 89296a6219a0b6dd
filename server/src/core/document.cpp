#include "core/document.hpp"

#include <array>
#include <initializer_list>
#include <limits>
#include <utility>

#include "core/money.hpp"

namespace zs {
namespace {

constexpr std::size_t kMaxEditChars = 20'000;
constexpr int kMinColumnWidth = 1;
constexpr int kMaxColumnWidth = 255;  // the widest column a spreadsheet accepts

constexpr std::array<std::pair<CellKind, std::string_view>, 6> kCellKinds = {{{CellKind::kText, "text"},
                                                                              {CellKind::kYuanWan, "wan"},
                                                                              {CellKind::kYuanYi, "yi"},
                                                                              {CellKind::kCount, "count"},
                                                                              {CellKind::kPercent, "percent"},
                                                                              {CellKind::kDate, "date"}}};

constexpr std::array<std::pair<BlockKind, std::string_view>, 5> kBlockKinds = {{{BlockKind::kHeading1, "h1"},
                                                                                {BlockKind::kHeading2, "h2"},
                                                                                {BlockKind::kParagraph, "p"},
                                                                                {BlockKind::kCaption, "caption"},
                                                                                {BlockKind::kTable, "table"}}};

// ---------------------------------------------------------------------------------------------
// JSON reading: every failure ends the request as a bad request naming the exact field.

[[noreturn]] void Bad(std::string message, std::string field) {
    throw ApiError(ErrorCode::kBadRequest, std::move(message), std::move(field));
}

std::string Field(const std::string& prefix, std::string_view key) {
    return prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
}

std::string Index(const std::string& prefix, std::size_t i) { return prefix + "[" + std::to_string(i) + "]"; }

const boost::json::object& ObjectAt(const boost::json::value& v, const std::string& field) {
    if (!v.is_object()) Bad("应为对象", field);
    return v.as_object();
}

const boost::json::array& ArrayAt(const boost::json::value& v, const std::string& field) {
    if (!v.is_array()) Bad("应为数组", field);
    return v.as_array();
}

// Rejects keys outside `allowed`, so a misspelt field is an error rather than silently lost.
void CheckKeys(const boost::json::object& o, std::initializer_list<std::string_view> allowed,
               const std::string& prefix) {
    for (const auto& kv : o) {
        bool known = false;
        for (const std::string_view k : allowed) known = known || kv.key() == k;
        if (!known) Bad("未知字段", Field(prefix, kv.key()));
    }
}

const boost::json::value& Required(const boost::json::object& o, std::string_view key, const std::string& prefix) {
    const auto* v = o.if_contains(key);
    if (v == nullptr) Bad("必填", Field(prefix, key));
    return *v;
}

std::string StringAt(const boost::json::value& v, const std::string& field) {
    if (!v.is_string()) Bad("应为字符串", field);
    return std::string(v.as_string());
}

std::string GetString(const boost::json::object& o, std::string_view key, const std::string& prefix) {
    return StringAt(Required(o, key, prefix), Field(prefix, key));
}

bool GetBool(const boost::json::object& o, std::string_view key, const std::string& prefix) {
    const auto& v = Required(o, key, prefix);
    if (!v.is_bool()) Bad("应为布尔值", Field(prefix, key));
    return v.as_bool();
}

int64_t IntAt(const boost::json::value& v, const std::string& field) {
    if (v.is_int64()) return v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return static_cast<int64_t>(v.as_uint64());
    }
    Bad("应为整数", field);
}

Cell CellFromJson(const boost::json::value& v, const std::string& prefix) {
    const auto& o = ObjectAt(v, prefix);
    CheckKeys(o, {"text", "number", "ratio"}, prefix);
    Cell c;
    c.text = GetString(o, "text", prefix);
    if (const auto* n = o.if_contains("number")) c.number = IntAt(*n, Field(prefix, "number"));
    if (const auto* r = o.if_contains("ratio")) {
        const std::string field = Field(prefix, "ratio");
        const auto& a = ArrayAt(*r, field);
        if (a.size() != 2) Bad("应为 [分子，分母]", field);
        Ratio ratio;
        ratio.num = IntAt(a[0], Index(field, 0));
        ratio.den = IntAt(a[1], Index(field, 1));
        if (ratio.den <= 0) Bad("分母应为正数", Index(field, 1));
        c.ratio = ratio;
    }
    return c;
}

Table TableFromJson(const boost::json::value& v, const std::string& prefix) {
    const auto& o = ObjectAt(v, prefix);
    CheckKeys(o, {"columns", "rows"}, prefix);
    Table t;
    const std::string columns_field = Field(prefix, "columns");
    const auto& columns = ArrayAt(Required(o, "columns", prefix), columns_field);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string cp = Index(columns_field, i);
        const auto& co = ObjectAt(columns[i], cp);
        CheckKeys(co, {"title", "kind", "width"}, cp);
        Column col;
        col.title = GetString(co, "title", cp);
        const auto kind = ParseCellKind(GetString(co, "kind", cp));
        if (!kind) Bad("未知的单元格类型", Field(cp, "kind"));
        col.kind = *kind;
        const int64_t width = IntAt(Required(co, "width", cp), Field(cp, "width"));
        if (width < kMinColumnWidth || width > kMaxColumnWidth) Bad("列宽应在 1–255 之间", Field(cp, "width"));
        col.width = static_cast<int>(width);
        t.columns.push_back(std::move(col));
    }
    const std::string rows_field = Field(prefix, "rows");
    const auto& rows = ArrayAt(Required(o, "rows", prefix), rows_field);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string rp = Index(rows_field, r);
        const auto& cells = ArrayAt(rows[r], rp);
        if (cells.size() != t.columns.size()) Bad("单元格个数应与列数相同", rp);
        std::vector<Cell> row;
        row.reserve(cells.size());
        for (std::size_t c = 0; c < cells.size(); ++c) row.push_back(CellFromJson(cells[c], Index(rp, c)));
        t.rows.push_back(std::move(row));
    }
    return t;
}

Block BlockFromJson(const boost::json::value& v, const std::string& prefix) {
    const auto& o = ObjectAt(v, prefix);
    CheckKeys(o, {"kind", "id", "text", "editable", "table"}, prefix);
    Block b;
    const auto kind = ParseBlockKind(GetString(o, "kind", prefix));
    if (!kind) Bad("未知的段落类型", Field(prefix, "kind"));
    b.kind = *kind;
    b.id = GetString(o, "id", prefix);
    b.text = GetString(o, "text", prefix);
    b.editable = GetBool(o, "editable", prefix);
    const auto* table = o.if_contains("table");
    if (b.kind == BlockKind::kTable) {
        if (table == nullptr) Bad("必填", Field(prefix, "table"));
        b.table = TableFromJson(*table, Field(prefix, "table"));
    } else if (table != nullptr) {
        Bad("只有表格才有 table", Field(prefix, "table"));
    }
    return b;
}

// ---------------------------------------------------------------------------------------------
// Edits

// Counts UTF-8 code points; nullopt when `s` is not valid UTF-8.
std::optional<std::size_t> Utf8Chars(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 0;
        uint32_t cp = 0;
        if (c < 0x80) {
            len = 1;
            cp = c;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return std::nullopt;
        }
        if (i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return std::nullopt;
        i += len;
    }
    return n;
}

// Browsers send line breaks as "\n", scripts may send "\r\n"; one form keeps the renderings equal.
std::string NormalizeLineBreaks(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// Control characters other than tab and line break cannot be stored in .docx/.xlsx XML.
bool HasForbiddenControl(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
    }
    return false;
}

void AppendLine(std::string& out, std::string_view line) {
    out.append(line);
    out.push_back('\n');
}

}  // namespace

std::string_view CellKindKey(CellKind k) {
    for (const auto& [kind, key] : kCellKinds) {
        if (kind == k) return key;
    }
    return "text";
}

std::optional<CellKind> ParseCellKind(std::string_view key) {
    for (const auto& [kind, k] : kCellKinds) {
        if (k == key) return kind;
    }
    return std::nullopt;
}

Cell TextCell(std::string text) {
    Cell c;
    c.text = std::move(text);
    return c;
}

Cell WanCell(int64_t yuan) {
    Cell c;
    c.text = FormatWan(yuan, 2);
    c.number = yuan;
    return c;
}

Cell YiCell(int64_t yuan) {
    Cell c;
    c.text = FormatYi(yuan, 2);
    c.number = yuan;
    return c;
}

Cell CountCell(int64_t n) {
    Cell c;
    c.text = std::to_string(n);
    c.number = n;
    return c;
}

Cell PercentCell(const std::optional<Ratio>& r) {
    Cell c;
    if (!r) {
        c.text = "—";
        return c;
    }
    c.text = FormatPercent(*r, 1) + "%";
    c.ratio = *r;
    return c;
}

std::string_view BlockKindKey(BlockKind k) {
    for (const auto& [kind, key] : kBlockKinds) {
        if (kind == k) return key;
    }
    return "p";
}

std::optional<BlockKind> ParseBlockKind(std::string_view key) {
    for (const auto& [kind, k] : kBlockKinds) {
        if (k == key) return kind;
    }
    return std::nullopt;
}

boost::json::object DocumentToJson(const Document& d) {
    boost::json::object o;
    o["type"] = d.type;
    o["title"] = d.title;
    o["subtitle"] = d.subtitle;
    o["issuer"] = d.issuer;
    o["date_line"] = d.date_line;
    o["landscape"] = d.landscape;
    boost::json::array blocks;
    for (const Block& b : d.blocks) {
        boost::json::object jb;
        jb["kind"] = BlockKindKey(b.kind);
        jb["id"] = b.id;
        jb["text"] = b.text;
        jb["editable"] = b.editable;
        if (b.kind == BlockKind::kTable) {
            boost::json::array columns;
            for (const Column& c : b.table.columns) {
                columns.push_back(
                    boost::json::object{{"title", c.title}, {"kind", CellKindKey(c.kind)}, {"width", c.width}});
            }
            boost::json::array rows;
            for (const auto& row : b.table.rows) {
                boost::json::array jr;
                for (const Cell& c : row) {
                    boost::json::object jc;
                    jc["text"] = c.text;
                    if (c.number) jc["number"] = *c.number;
                    if (c.ratio) jc["ratio"] = boost::json::array{c.ratio->num, c.ratio->den};
                    jr.push_back(std::move(jc));
                }
                rows.push_back(std::move(jr));
            }
            jb["table"] = boost::json::object{{"columns", std::move(columns)}, {"rows", std::move(rows)}};
        }
        blocks.push_back(std::move(jb));
    }
    o["blocks"] = std::move(blocks);
    boost::json::array facts;
    for (const Fact& f : d.facts)
        facts.push_back(boost::json::object{{"key", f.key}, {"label", f.label}, {"value", f.value}});
    o["facts"] = std::move(facts);
    return o;
}

Document DocumentFromJson(const boost::json::value& v) {
    const auto& o = ObjectAt(v, "");
    CheckKeys(o, {"type", "title", "subtitle", "issuer", "date_line", "landscape", "blocks", "facts"}, "");
    Document d;
    d.type = GetString(o, "type", "");
    d.title = GetString(o, "title", "");
    d.subtitle = GetString(o, "subtitle", "");
    d.issuer = GetString(o, "issuer", "");
    d.date_line = GetString(o, "date_line", "");
    d.landscape = GetBool(o, "landscape", "");
    const auto& blocks = ArrayAt(Required(o, "blocks", ""), "blocks");
    for (std::size_t i = 0; i < blocks.size(); ++i) d.blocks.push_back(BlockFromJson(blocks[i], Index("blocks", i)));
    const auto& facts = ArrayAt(Required(o, "facts", ""), "facts");
    for (std::size_t i = 0; i < facts.size(); ++i) {
        const std::string fp = Index("facts", i);
        const auto& fo = ObjectAt(facts[i], fp);
        CheckKeys(fo, {"key", "label", "value"}, fp);
        Fact f;
        f.key = GetString(fo, "key", fp);
        f.label = GetString(fo, "label", fp);
        f.value = GetString(fo, "value", fp);
        d.facts.push_back(std::move(f));
    }
    return d;
}

std::optional<Error> ApplyEdits(Document& d, const std::map<std::string, std::string>& edits) {
    // Everything is checked before anything changes, so a rejected edit leaves the document whole.
    std::map<std::string, std::string> normalized;
    for (const auto& [id, text] : edits) {
        const std::string field = "edits." + id;
        bool found = false;
        for (const Block& b : d.blocks) found = found || (b.editable && b.id == id);
        if (!found) return MakeError(ErrorCode::kUnprocessable, "不是可编辑的段落", field);
        const auto chars = Utf8Chars(text);
        if (!chars) return MakeError(ErrorCode::kUnprocessable, "不是有效的 UTF-8 文本", field);
        if (*chars > kMaxEditChars) return MakeError(ErrorCode::kUnprocessable, "内容过长（最多 20000 字）", field);
        std::string clean = NormalizeLineBreaks(text);
        if (HasForbiddenControl(clean)) return MakeError(ErrorCode::kUnprocessable, "含有不允许的控制字符", field);
        normalized.emplace(id, std::move(clean));
    }
    for (Block& b : d.blocks) {
        if (!b.editable) continue;
        if (const auto it = normalized.find(b.id); it != normalized.end()) b.text = it->second;
    }
    return std::nullopt;
}

std::string DocumentText(const Document& d) {
    std::string out;
    AppendLine(out, d.title);
    if (!d.subtitle.empty()) AppendLine(out, d.subtitle);
    for (const Block& b : d.blocks) {
        if (b.kind != BlockKind::kTable) {
            AppendLine(out, b.text);
            continue;
        }
        // The header row is printed like any other row.
        std::string line;
        for (std::size_t c = 0; c < b.table.columns.size(); ++c) {
            if (c > 0) line.push_back('\t');
            line += b.table.columns[c].title;
        }
        AppendLine(out, line);
        for (const auto& row : b.table.rows) {
            line.clear();
            for (std::size_t c = 0; c < row.size(); ++c) {
                if (c > 0) line.push_back('\t');
                line += row[c].text;
            }
            AppendLine(out, line);
        }
    }
    if (!d.issuer.empty()) AppendLine(out, d.issuer);
    if (!d.date_line.empty()) AppendLine(out, d.date_line);
    return out;
}

std::vector<FactChange> CompareFacts(const std::vector<Fact>& published, const std::vector<Fact>& current) {
    std::map<std::string_view, const Fact*> by_key;
    for (const Fact& f : current) by_key.emplace(f.key, &f);  // the first of duplicate keys counts
    std::vector<FactChange> changes;
    for (const Fact& p : published) {
        const auto it = by_key.find(p.key);
        if (it != by_key.end() && it->second->value == p.value) continue;
        FactChange c;
        c.key = p.key;
        c.label = p.label;
        c.published = p.value;
        if (it != by_key.end()) c.current = it->second->value;
        changes.push_back(std::move(c));
    }
    return changes;
}

}  // namespace zs
