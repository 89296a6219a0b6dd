// Spreadsheets in and out, independent of what they hold: a reader for .xlsx (libzip + pugixml)
// and .csv (UTF-8 or GBK), and a plain writer for .xlsx (xlsx_workbook.hpp). The import and export
// use cases (service/imports.cpp, service/exports.cpp) give the cells their meaning.
//
// The reader trusts nothing: sizes, entry counts, the compression ratio and the row count are
// checked before and while unpacking, XML is parsed without DTDs or entities (a part declaring
// either is refused), and every failure is an ApiError 422 on field "file" with a message a user
// can act on (never library text). docs/imports.md "Reading files" has the limits and why.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace zs::sheet {

struct Limits {
    int64_t max_file_bytes = 32LL * 1024 * 1024;           // the upload itself
    int64_t max_uncompressed_bytes = 512LL * 1024 * 1024;  // all entries read, summed
    int64_t max_entries = 10000;                           // zip entries
    int64_t max_ratio = 200;                               // uncompressed / compressed, per entry and overall
                                                           // (entries under 1 MiB unpacked are exempt)
    int64_t max_rows = 200000;                             // non-empty rows of the sheet read
    int64_t max_columns = 512;                             // a value beyond this column is an error
                                                           // (formatting alone out there is ignored)
};

enum class CellKind { kEmpty, kText, kNumber, kDate, kBool, kError };

struct Cell {
    CellKind kind = CellKind::kEmpty;
    // Always filled for non-empty cells: text as written; a number in its shortest round-trip form
    // ("2025001", "12.5", never "2025001.0"); a date as "YYYY-MM-DD" (with " HH:MM:SS" when it has a
    // time of day); a bool as "TRUE"/"FALSE"; an error as written ("#N/A").
    std::string text;
    // kNumber: the value. kDate: the serial in the 1900 system whatever the workbook's (a 1904
    // workbook's serial + 1462). A date-formatted number that is no calendar day stays kNumber (a
    // time of day alone, a negative serial); Excel's nonexistent 1900-02-29 (serial 60) is kText
    // "1900-02-29".
    double number = 0;
    std::optional<Date> date;  // kDate: the calendar day
    bool merged = false;       // a copy of the top-left cell of a merged range this cell lies in (false
                               // on the top-left cell itself)
};

struct Row {
    int64_t number = 0;       // 1-based row number as the spreadsheet shows it
    std::vector<Cell> cells;  // index = 0-based column; trailing empty cells trimmed
};

// Clipped to the rows and columns that hold data; a range wholly outside them is left out.
struct Merge {
    int64_t first_row = 0, first_col = 0, last_row = 0, last_col = 0;  // 1-based rows, 0-based columns
};

struct Sheet {
    std::string name;           // the worksheet's name; empty for CSV
    std::vector<Row> rows;      // non-empty rows only, ascending by number
    std::vector<Merge> merges;  // merged ranges (cells already filled from their top-left cell)
};

// Called every 1000 non-empty rows with the count so far; answering false stops the read (it then
// throws ApiError 409 "已取消").
using Progress = std::function<bool(int64_t rows)>;

// .xlsx: the first worksheet in workbook order (hidden sheets skipped when a visible one exists).
// Merged ranges are filled from their top-left cell; the filling may add at most max_columns × 100
// cells, or as many as the sheet holds when that is more (and likewise for their text), else 422.
Sheet ReadXlsx(std::string_view bytes, const Limits& limits = {}, const Progress& progress = {});
// .csv: UTF-8 (with or without BOM) or GBK/GB18030 (detected: not valid UTF-8), converted to UTF-8;
// separator ',' (or ';' / tab when the first line has more of those), RFC 4180 quotes; all cells text.
Sheet ReadCsv(std::string_view bytes, const Limits& limits = {}, const Progress& progress = {});
// By content: a zip is .xlsx, an OLE2 file is refused (.xls: "请另存为 .xlsx"), anything else is CSV.
Sheet ReadAny(std::string_view bytes, const Limits& limits = {}, const Progress& progress = {});

// The spreadsheet's name of a 0-based column: "A" for 0, "Z" for 25, "AA" for 26.
std::string ColumnName(int64_t column);

// --- writing

struct OutCell {
    enum class Kind { kEmpty, kText, kNumber, kDate } kind = Kind::kEmpty;
    std::string text;
    double number = 0;
    Date date;
    static OutCell Text(std::string s) { return {Kind::kText, std::move(s), 0, {}}; }
    static OutCell Number(double n) { return {Kind::kNumber, {}, n, {}}; }
    static OutCell Day(Date d) { return {Kind::kDate, {}, 0, d}; }
};

struct OutColumn {
    std::string header;
    double width = 14;          // in characters
    std::string number_format;  // for numbers: "0", "0.00", "#,##0.00##" …; empty = General
};

struct OutSheet {
    std::string name;                      // ≤ 31 characters, no []:*?/\ (the writer checks)
    std::vector<std::string> title_lines;  // optional lines above the header, merged across the columns
    std::vector<OutColumn> columns;
    std::vector<std::vector<OutCell>> rows;  // each row at most columns.size() cells
    bool freeze_header = true;
    bool autofilter = true;
};

// A deterministic .xlsx (fixed document dates): the same sheets give the same bytes. Text is always
// written as text (a value starting with = + - @, tab or CR gets Excel's quote prefix, never a
// formula) and cut at Excel's 32767 characters; numbers keep 16 significant digits,
// so 万元 with four decimals is exact below 10^12 万元; dates before 1900 are written as text.
// Throws std::invalid_argument for what Excel cannot open (no sheets, a bad or repeated sheet name,
// a row wider than the columns, a number that is not finite) — a programming error, not a user's.
std::string WriteXlsx(const std::vector<OutSheet>& sheets);

}  // namespace zs::sheet
