// Pieces the .xlsx and .csv readers share: the 422 they throw, UTF-8 checks, and the builder that
// turns cells into rows while enforcing the row, column and size limits. Not part of the contract.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"
#include "sheet/sheet.hpp"

namespace zs::sheet::internal {

// Throws ApiError 422 on field "file" with a message a user can act on.
[[noreturn]] void Fail(std::string message);

// "32 MB" for 32 MiB: limits as a person reads them.
std::string Megabytes(int64_t bytes);

// UTF-8 (core/utf8.hpp), used here unqualified and as internal::…
using zs::AppendUtf8;
using zs::IsValidUtf8;
using zs::ToValidUtf8;
using zs::Utf8SequenceLength;

using sheet::ColumnName;

// True when a number format code shows a date or time (see read_xlsx.cpp for the rules).
bool IsDateFormatCode(std::string_view code);

// A spreadsheet serial as a calendar day and time of day. 1900 system: 1 is 1900-01-01 and 60 is
// Excel's 1900-02-29, a day that did not exist (Lotus' leap-year bug), so days from 61 on are
// counted from 1899-12-30. 1904 system: 0 is 1904-01-01. nullopt before the system's first day
// (a time of day alone) or after 9999.
struct SerialDate {
    Date date;
    int64_t seconds = 0;         // of the day, rounded to the second
    bool fake_leap_day = false;  // 1900-02-29: no real date
    double serial_1900 = 0;      // the same instant as a 1900-system serial
};
std::optional<SerialDate> FromSerial(double serial, bool date1904);

// Collects the cells of one row at a time and keeps the sheet within the limits: non-empty rows,
// columns that hold a value, the text held in all (shared strings may be referenced by millions of
// cells, each a copy), and reports progress every kProgressEvery rows.
class SheetBuilder {
public:
    static constexpr int64_t kProgressEvery = 1000;

    SheetBuilder(const Limits& limits, const Progress& progress);

    // Rows must arrive with ascending numbers; the caller checks that.
    void BeginRow(int64_t number);
    // Empty cells are ignored (wherever they are); a value beyond max_columns is an error.
    void Set(int64_t column, Cell cell);
    // Keeps the row when it holds a value, trimmed of trailing empty cells.
    void EndRow();

    int64_t cells() const { return cells_; }
    int64_t text_bytes() const { return text_bytes_; }
    // Adds a merged-cell copy's text to the budget (the budget check is the caller's).
    void CountText(std::size_t bytes) { text_bytes_ += static_cast<int64_t>(bytes); }
    Sheet Finish(std::string name);
    Sheet& sheet() { return sheet_; }

private:
    const Limits& limits_;
    const Progress& progress_;
    Sheet sheet_;
    Row row_;
    bool in_row_ = false;
    int64_t cells_ = 0;
    int64_t text_bytes_ = 0;
};

}  // namespace zs::sheet::internal
