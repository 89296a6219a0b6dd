// The report document model: what every report type composes (report/compose_*) and every
// renderer (.docx, .xlsx, HTML) draws. Pure data with an exact JSON form, so a published report
// keeps its content and can be rendered again byte for byte.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/indicators.hpp"

namespace zs {

// How a table cell is printed and, in .xlsx, stored.
enum class CellKind {
    kText,     // a string cell
    kYuanWan,  // money: `number` in yuan, printed and stored in 万元 with 2 decimals
    kYuanYi,   // money: `number` in yuan, printed and stored in 亿元 with 2 decimals
    kCount,    // an integer `number`
    kPercent,  // `ratio`, printed ×100 with 1 decimal and "%" ("66.7%"); stored as a fraction with format 0.0%
    kDate,     // text "YYYY-MM-DD" (stored as text: an official ledger keeps dates as printed)
};
std::string_view CellKindKey(CellKind k);  // "text", "wan", "yi", "count", "percent", "date"
std::optional<CellKind> ParseCellKind(std::string_view key);

struct Cell {
    std::string text;               // exactly as printed in HTML and .docx; "—" when there is no value
    std::optional<int64_t> number;  // kYuanWan/kYuanYi (yuan), kCount; none = print `text`
    std::optional<Ratio> ratio;     // kPercent; none = print `text`
    bool operator==(const Cell&) const = default;
};
// Cells whose text is the value's printed form (the only way composers build numeric cells).
Cell TextCell(std::string text);
Cell WanCell(int64_t yuan);                       // "1234.56"
Cell YiCell(int64_t yuan);                        // "23.50"
Cell CountCell(int64_t n);                        // "31"
Cell PercentCell(const std::optional<Ratio>& r);  // "66.7%" or "—"

struct Column {
    std::string title;
    CellKind kind = CellKind::kText;
    int width = 10;  // in characters (.xlsx column width; relative width of the .docx grid column)
    bool operator==(const Column&) const = default;
};

struct Table {
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;  // every row has columns.size() cells
    bool operator==(const Table&) const = default;
};

enum class BlockKind {
    kHeading1,   // 一、…  (黑体 三号)
    kHeading2,   // 1、…   (楷体 三号)
    kParagraph,  // body text (仿宋 三号, first line indented two characters)
    kCaption,    // a table's title, centred, bold
    kTable,
};
std::string_view BlockKindKey(BlockKind k);  // "h1", "h2", "p", "caption", "table"
std::optional<BlockKind> ParseBlockKind(std::string_view key);

struct Block {
    BlockKind kind = BlockKind::kParagraph;
    std::string id;         // stable within a report type ("s2.1", "s1.1"); the key of an edit
    std::string text;       // headings, paragraphs, captions
    bool editable = false;  // paragraphs people rewrite before publishing (sections 二–四)
    Table table;            // kTable only
    bool operator==(const Block&) const = default;
};

// One computed figure printed in the document, for "how many figures differ from today's data".
// `key` is stable ("provincial_funds.city.actual", "signed_100m.unit.12.ahead"), `value` the
// printed text. Every number a composer prints is recorded here once.
struct Fact {
    std::string key;
    std::string label;  // human wording, zh-CN ("实际利用省外资金(全市)")
    std::string value;
    bool operator==(const Fact&) const = default;
};

struct Document {
    std::string type;       // "summary" | "monthly" | "weekly" | "quarterly" | "ledger"
    std::string title;      // 方正小标宋 二号, centred
    std::string subtitle;   // centred under the title (楷体), may be empty: "(2026年1-6月)"
    std::string issuer;     // "桐城市招商中心", printed at the end with the date
    std::string date_line;  // "2026年7月5日"
    bool landscape = false; // wide tables (ledger, monthly bulletin tables) print landscape
    std::vector<Block> blocks;
    std::vector<Fact> facts;
    bool operator==(const Document&) const = default;
};

// The exact JSON form (stored with a published report, sent to the web app):
// {"type","title","subtitle","issuer","date_line","landscape","blocks":[{"kind","id","text","editable",
//  "table":{"columns":[{"title","kind","width"}],"rows":[[{"text","number"?,"ratio"?:[num,den]}]]}}],
//  "facts":[{"key","label","value"}]}. "table" only on table blocks.
boost::json::object DocumentToJson(const Document& d);
// Throws ApiError(bad_request) naming the field when the JSON is not a document.
Document DocumentFromJson(const boost::json::value& v);

// Replaces the text of editable blocks by id. An id that is not an editable block of `d` is an
// unprocessable error naming "edits.<id>"; a text over 20000 characters as well.
std::optional<Error> ApplyEdits(Document& d, const std::map<std::string, std::string>& edits);

// The document as plain text: title, subtitle, then one line per heading, paragraph and caption,
// one line per table row with cells joined by '\t', then issuer and date line. What tests compare
// against the .docx and HTML renderings.
std::string DocumentText(const Document& d);

// The facts of `published` whose value differs from, or is missing in, `current`, in published order.
struct FactChange {
    std::string key;
    std::string label;
    std::string published;
    std::optional<std::string> current;  // nullopt: the figure no longer appears
};
std::vector<FactChange> CompareFacts(const std::vector<Fact>& published, const std::vector<Fact>& current);

}  // namespace zs
