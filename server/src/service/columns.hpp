// The spreadsheet columns of each importable kind: the one definition both the import (which
// matches a file's headers to them) and the export (which writes them) use, so that an exported
// ledger re-imports unchanged. Also the conversions between a cell and a field's value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/indicators.hpp"
#include "sheet/sheet.hpp"

namespace zs {

enum class ImportKind { kProjects, kInvestors, kMonthly, kTargets };
std::string_view ImportKindKey(ImportKind k);  // "projects", "investors", "monthly", "targets"
std::optional<ImportKind> ParseImportKind(std::string_view key);
std::string_view ImportKindNameZh(ImportKind k);  // 项目台账, 投资方, 月度数据, 目标任务

enum class ColumnType {
    kText,      // trimmed text
    kMoney,     // an amount; the header's unit (元 / 万元 / 亿元) scales it, 万元 when it names none
    kCount,     // a whole number
    kMu,        // land area in 亩, at most two decimals
    kDate,      // a date cell, or text 2025-03-01 / 2025/3/1 / 2025.3.1 / 2025年3月1日 / 20250301
    kMonth,     // a month: a date cell, or text 2025-03 / 2025年3月 / 202503
    kBool,      // 是/否, Y/N, TRUE/FALSE, 1/0, √ (empty = no)
    kCategory,  // 工业/服务业/农业/其他
    kProvDb,    // 未上报/待审核/已认定/未通过
    kRoute,     // 小升规/新投产入规
    kTags,      // investor tags by label, separated by 、,，;；/ or spaces
};

struct ColumnDef {
    std::string key;      // the field: an API field ("name", "total_investment"), "unit" (by name),
                          // "investor" (name or USCC), "chain" (name), "province"/"city" (names),
                          // "node.<key>.planned" / "node.<key>.actual", "month", "project" (monthly:
                          // name when there is no code), an indicator key (targets)
    std::string header;   // the canonical header the export and the template write
    std::vector<std::string> synonyms;  // other headers that mean the same (matched after normalising)
    ColumnType type = ColumnType::kText;
    bool required = false;
    double width = 14;
};

// The columns of a kind. Targets: "unit" then one column per indicator of the catalogue (money
// indicators in 亿元, counts in 个).
std::vector<ColumnDef> ImportColumns(ImportKind kind, const std::vector<IndicatorDef>& indicators = {});

// Header matching: lower-cased, full-width folded to ASCII, spaces, brackets' contents that name a
// money unit and punctuation removed. "总投资（万元）" → "总投资".
std::string NormaliseHeader(std::string_view header);
// The money unit a header names: 1 (元), 10000 (万元, the default) or 100000000 (亿元).
int64_t HeaderMoneyScale(std::string_view header);

// --- cell → value. Each answers the value or an error message in Chinese (empty on success).
struct Parsed {
    std::string error;
    bool empty = false;  // the cell is empty (the value is unset)
};
Parsed ParseMoneyCell(const sheet::Cell& c, int64_t scale, int64_t& yuan);  // exact: 万元 to 4 decimals
Parsed ParseCountCell(const sheet::Cell& c, int64_t& n);
Parsed ParseMuCell(const sheet::Cell& c, int64_t& hundredths);
Parsed ParseDateCell(const sheet::Cell& c, Date& d);
Parsed ParseMonthCell(const sheet::Cell& c, int& year, int& month);
Parsed ParseBoolCell(const sheet::Cell& c, bool& b);

// --- labels both ways (export writes the label; import accepts the label or the key)
std::string_view CategoryLabel(Category c);
std::optional<Category> CategoryFromLabel(std::string_view s);
std::string_view ProvDbLabel(ProvDbStatus s);
std::optional<ProvDbStatus> ProvDbFromLabel(std::string_view s);
std::string_view RouteLabel(AboveScaleRoute r);  // "" for none
std::optional<AboveScaleRoute> RouteFromLabel(std::string_view s);
std::string_view TagLabel(std::string_view key);
std::optional<std::string> TagFromLabel(std::string_view s);

// --- value → cell, as the export writes them (money in the header's unit, exactly)
sheet::OutCell MoneyOut(int64_t yuan, int64_t scale = 10000);
sheet::OutCell MuOut(int64_t hundredths);
sheet::OutCell DateOut(const std::optional<Date>& d);
sheet::OutCell TextOut(std::string s);  // empty string → empty cell
sheet::OutCell BoolOut(bool b);         // 是 / 否
// The number format the export gives a column of this type ("#,##0.00##" for money …).
std::string NumberFormat(ColumnType t);

}  // namespace zs
