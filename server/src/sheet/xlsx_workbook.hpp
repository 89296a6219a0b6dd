// Writing an .xlsx (SpreadsheetML) into bytes: our own streaming writer on ZipWriter, shared by the
// sheet writer (WriteXlsx: exports) and the report renderer (report/xlsx.cpp). Rows go out as they
// are written and are deflated on another core meanwhile; texts go to a shared-string table behind
// a hash map; the styles are the few the callers register. Deterministic: fixed document dates, so
// the same content gives the same bytes. What each cell holds is the caller's; what is checked here
// is what Excel cannot open (cells out of order, sizes over Excel's limits).
// docs/adr/0002-own-xlsx-writer-for-large-sheets.md says why this replaced libxlsxwriter.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace zs::sheet {

inline constexpr std::size_t kMaxCellChars = 32'767;  // the longest string a cell holds
inline constexpr std::size_t kMaxSheetNameChars = 31;

struct WorkbookProperties {
    std::string title;
    std::string author;
};

// A cell format. Fields left at their defaults are Excel's defaults (Calibri 11, no border, general
// alignment, General number format).
struct Style {
    enum class Align : uint8_t { kDefault, kLeft, kCenter, kRight, kTop };
    bool bold = false;
    int font_size = 11;
    bool border = false;  // thin on all four sides
    Align horizontal = Align::kDefault;
    Align vertical = Align::kDefault;  // kCenter or kTop
    bool wrap = false;
    bool quote_prefix = false;       // Excel's "text, even if it looks like a formula" flag
    std::string number_format = {};  // "0.00", "0.0%", "yyyy-mm-dd"…; empty = General
    bool operator==(const Style&) const = default;
};

class XlsxWorkbook;
class ZipWriter;

// One worksheet being written. Set the columns, panes and page first; then write cells in row
// order (and within a row in column order); merges and the autofilter any time before the next
// sheet is added or the workbook is finished.
class XlsxSheet {
public:
    void SetColumnWidth(int64_t column, double width);  // in characters, as Excel's dialog shows it
    void FreezeRows(int64_t rows);                      // the rows above stay in view
    void SetLandscape();
    void SetPaperA4();
    void RepeatRowsOnPrint(int64_t first, int64_t last);  // 0-based rows printed on every page
    void Merge(int64_t first_row, int64_t first_col, int64_t last_row, int64_t last_col);
    void AutoFilter(int64_t first_row, int64_t first_col, int64_t last_row, int64_t last_col);

    // `text` must be valid UTF-8 of at most kMaxCellChars characters; characters XML cannot hold
    // are written as Excel's _xHHHH_ escapes and a literal "_xHHHH_" as "_x005F_xHHHH_", so every
    // reader gives the text back as given. `style` is an index from XlsxWorkbook::AddStyle (0: none).
    void Text(int64_t row, int64_t col, std::string_view text, int style = 0);
    void Number(int64_t row, int64_t col, double value, int style = 0);  // finite
    // A date as Excel's serial day (1900 system); `date` in 1900-01-01..9999-12-31.
    void Day(int64_t row, int64_t col, Date date, int style = 0);
    void Blank(int64_t row, int64_t col, int style);  // a formatted empty cell

private:
    friend class XlsxWorkbook;
    XlsxSheet(XlsxWorkbook& book, std::string name, int index);
    void StartCell(int64_t row, int64_t col, int style);
    void Head();
    void Finish();

    XlsxWorkbook& book_;
    std::string name_;
    int index_;
    std::vector<std::pair<int64_t, double>> widths_;
    int64_t frozen_rows_ = 0;
    bool landscape_ = false;
    bool a4_ = false;
    int64_t print_first_ = -1, print_last_ = -1;
    std::vector<std::string> merges_;
    std::string autofilter_;
    bool started_ = false;  // the head went out
    int64_t row_ = -1;      // the open row
    int64_t col_ = -1;      // the last cell written in it
    std::string row_digits_;
};

class XlsxWorkbook {
public:
    // zip's deflate level: 1 (the default here) packs a 158 MB sheet in a quarter of the time level
    // 6 takes, for a file about a third larger.
    explicit XlsxWorkbook(WorkbookProperties properties, int level = 1);
    ~XlsxWorkbook();
    XlsxWorkbook(const XlsxWorkbook&) = delete;
    XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

    int AddStyle(const Style& style);  // the same style twice gives the same index
    // The previous sheet is finished; the new one is written to from now on. The name must be
    // valid (the callers check and make names); the first sheet is the one shown on opening.
    XlsxSheet& AddSheet(std::string name);
    // The package. Throws std::runtime_error if zlib fails or nothing was added.
    std::string Finish();

private:
    friend class XlsxSheet;
    struct Strings;

    uint32_t StringIndex(std::string_view text);

    WorkbookProperties properties_;
    std::unique_ptr<ZipWriter> zip_;
    std::vector<Style> styles_;
    std::vector<std::unique_ptr<XlsxSheet>> sheets_;
    std::unique_ptr<Strings> strings_;
};

// Code points in UTF-8 text (continuation bytes not counted).
std::size_t Utf8Length(std::string_view s);
// The first `chars` code points of `s`.
std::string Utf8Prefix(std::string_view s, std::size_t chars);
// Excel's width of a column given in characters, as stored in the file (cell padding added, in
// 1/256 of a character): 30 → 30.7109375.
double StoredColumnWidth(double characters);

}  // namespace zs::sheet
