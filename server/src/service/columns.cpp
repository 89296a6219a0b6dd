// The spreadsheet columns of each importable kind and the conversions between cells and values
// (docs/imports.md "Columns").
#include "service/columns.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/enum_keys.hpp"
#include "core/utf8.hpp"

namespace zs {

namespace {


struct KindName {
    ImportKind kind;
    std::string_view key;
    std::string_view zh;
};
constexpr KindName kKinds[] = {{ImportKind::kProjects, "projects", "项目台账"},
                               {ImportKind::kInvestors, "investors", "投资方"},
                               {ImportKind::kMonthly, "monthly", "月度数据"},
                               {ImportKind::kTargets, "targets", "目标任务"}};

ColumnDef Col(std::string key, std::string header, std::vector<std::string> synonyms, ColumnType type,
              bool required = false, double width = 14) {
    return ColumnDef{std::move(key), std::move(header), std::move(synonyms), type, required, width};
}

std::vector<ColumnDef> ProjectColumns() {
    std::vector<ColumnDef> c = {
        Col("code", "项目编号", {"编号", "项目代码", "项目编码"}, ColumnType::kText, false, 14),
        Col("name", "项目名称", {"项目", "项目名", "名称"}, ColumnType::kText, true, 30),
        Col("unit", "责任单位", {"属地", "属地单位", "所属单位", "单位", "责任主体", "牵头单位"}, ColumnType::kText, false, 16),
        Col("investor", "投资方", {"投资主体", "投资企业", "签约企业", "投资方名称", "企业名称", "投资单位"},
            ColumnType::kText, false, 24),
        Col("investor_uscc", "投资方统一社会信用代码", {"统一社会信用代码", "信用代码", "社会信用代码"}, ColumnType::kText,
            false, 22),
        Col("category", "项目类别", {"类别", "项目类型", "产业类别", "行业类别"}, ColumnType::kCategory, true, 10),
        Col("industry_code", "国民经济行业代码", {"行业代码", "国民经济行业", "国民经济行业分类"}, ColumnType::kText, false, 12),
        Col("chain", "产业链", {"所属产业链", "产业链名称"}, ColumnType::kText, false, 16),
        Col("emerging_industry", "新兴产业", {"十大新兴产业", "所属新兴产业", "新兴产业类别"}, ColumnType::kText, false, 14),
        Col("total_investment", "总投资（万元）", {"计划总投资", "总投资", "投资额", "项目总投资", "总投资额"},
            ColumnType::kMoney, false, 14),
        Col("fixed_asset_investment", "固定资产投资（万元）", {"固定资产投资", "固投", "固定资产投资额"}, ColumnType::kMoney,
            false, 14),
        Col("land_area_mu", "用地面积（亩）", {"用地面积", "用地", "占地面积", "供地面积"}, ColumnType::kMu, false, 12),
        Col("leader_in_charge", "包保领导", {"包保市领导", "责任领导", "包保责任人", "包保领导姓名"}, ColumnType::kText),
        Col("referrer", "引荐人", {"项目引荐人"}, ColumnType::kText),
        Col("introducing_unit", "招引单位", {"引进单位", "招商单位"}, ColumnType::kText),
        Col("first_introducer", "第一引资人", {"引资人"}, ColumnType::kText),
        Col("is_key", "重点项目", {"是否重点项目", "是否重点"}, ColumnType::kBool, false, 10),
        Col("prov_db_status", "入省库状态", {"省库状态", "入库状态", "是否入省库"}, ColumnType::kProvDb, false, 12),
        Col("prov_db_reported_date", "上报省库日期", {"入库上报日期", "省库上报日期", "上报日期"}, ColumnType::kDate, false, 12),
        Col("prov_db_confirmed_date", "省库认定日期", {"入库认定日期", "认定日期"}, ColumnType::kDate, false, 12),
        Col("above_scale_route", "入规方式", {"入规类型", "入规途径"}, ColumnType::kRoute, false, 12),
        Col("terminated", "是否终止", {"终止", "已终止"}, ColumnType::kBool, false, 10),
        Col("termination_reason", "终止原因", {}, ColumnType::kText, false, 20),
    };
    for (Node n : kAllNodes) {
        const std::string zh(NodeNameZh(n));
        const std::string key(NodeKey(n));
        c.push_back(Col("node." + key + ".planned", zh + "计划日期",
                        {"计划" + zh + "时间", "计划" + zh + "日期", zh + "计划时间", "计划" + zh}, ColumnType::kDate,
                        false, 12));
        c.push_back(Col("node." + key + ".actual", zh + "日期",
                        {zh + "时间", zh + "实际日期", zh + "实际时间", "实际" + zh + "时间", "实际" + zh + "日期"},
                        ColumnType::kDate, false, 12));
    }
    return c;
}

std::vector<ColumnDef> InvestorColumns() {
    return {
        Col("name", "投资方名称", {"企业名称", "名称", "投资方", "公司名称", "投资主体"}, ColumnType::kText, true, 30),
        Col("uscc", "统一社会信用代码", {"信用代码", "社会信用代码", "uscc"}, ColumnType::kText, true, 22),
        Col("province", "注册地省份", {"省份", "来源省份", "注册地", "所在省份", "来源地"}, ColumnType::kText, true, 12),
        Col("city", "注册地城市", {"城市", "所在城市", "来源城市"}, ColumnType::kText, false, 12),
        Col("tags", "标签", {"企业类型", "企业性质", "企业标签"}, ColumnType::kTags, false, 20),
    };
}

std::vector<ColumnDef> MonthlyColumns() {
    return {
        Col("code", "项目编号", {"编号", "项目代码", "项目编码"}, ColumnType::kText, false, 14),
        Col("project", "项目名称", {"项目", "项目名", "名称"}, ColumnType::kText, false, 30),
        Col("unit", "责任单位", {"属地", "属地单位", "所属单位", "单位"}, ColumnType::kText, false, 16),
        Col("month", "月份", {"年月", "填报月份", "统计月份", "所属月份"}, ColumnType::kMonth, false, 10),
        Col("funds_in_place", "到位资金（万元）", {"本月到位资金", "实际到位资金", "到位资金"}, ColumnType::kMoney, false, 14),
        Col("funds_out_of_province", "其中省外资金（万元）",
            {"省外资金", "到位省外资金", "本月到位省外资金", "其中省外资金", "实际利用省外资金"}, ColumnType::kMoney, false,
            14),
        Col("fixed_asset_investment", "固定资产投资（万元）", {"本月固定资产投资", "固投", "固定资产投资", "新增固定资产投资"},
            ColumnType::kMoney, false, 14),
        Col("output_value", "产值（万元）", {"工业产值", "本月产值", "产值"}, ColumnType::kMoney, false, 14),
        Col("tax", "税收（万元）", {"本月税收", "纳税", "税收", "税收收入"}, ColumnType::kMoney, false, 14),
    };
}

std::vector<ColumnDef> TargetColumns(const std::vector<IndicatorDef>& indicators) {
    std::vector<ColumnDef> c = {Col("unit", "单位", {"单位名称", "责任单位", "地区"}, ColumnType::kText, true, 16)};
    for (const auto& d : indicators) {
        const bool money = d.unit == kUnitYuan;
        c.push_back(Col(d.key, d.name + (money ? "（亿元）" : "（个）"), {d.key}, money ? ColumnType::kMoney : ColumnType::kCount,
                        false, 14));
    }
    return c;
}

// Full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space to a space.
std::string FoldWidth(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        uint32_t cp = NextCodePoint(s, i);
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
        if (cp == 0x3000) cp = ' ';
        AppendUtf8(out, cp);
    }
    return out;
}

std::string Trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
    return std::string(s.substr(b, e - b));
}

// A decimal text ("12,345.5", "-3", "1e3" refused) to an exact integer of `unit` steps, where the
// value is multiplied by `scale` (a power of ten): "1.2345" × 10000 → 12345. Answers an error text.
std::string DecimalTimes(std::string text, int64_t scale, int64_t max, int64_t& out) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    text = Trim(text);
    if (text.empty()) return "不是数字";
    bool negative = false;
    std::size_t i = 0;
    if (text[0] == '+' || text[0] == '-') {
        negative = text[0] == '-';
        i = 1;
    }
    std::string whole, frac;
    bool dot = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c == '.' && !dot) {
            dot = true;
        } else if (c >= '0' && c <= '9') {
            (dot ? frac : whole) += c;
        } else {
            return "不是数字";
        }
    }
    if (whole.empty() && frac.empty()) return "不是数字";
    int decimals = 0;
    for (int64_t s = scale; s > 1; s /= 10) ++decimals;
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    if (static_cast<int>(frac.size()) > decimals) return "小数位数过多";
    frac.resize(decimals, '0');
    std::string digits = whole + frac;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.size() > 18) return "数值过大";
    int64_t v = digits.empty() ? 0 : std::stoll(digits);
    if (v > max) return "数值过大";
    if (negative && v != 0) return "不能为负数";
    out = v;
    return {};
}

// A number cell times `scale`, to the nearest integer, when it is that integer up to floating-point
// noise (a sum computed by Excel); otherwise through its decimal text.
std::string NumberTimes(const sheet::Cell& c, int64_t scale, int64_t max, int64_t& out) {
    if (c.kind == sheet::CellKind::kNumber) {
        if (!std::isfinite(c.number)) return "不是数字";
        if (c.number < 0) return "不能为负数";
        const double v = c.number * static_cast<double>(scale);
        if (v > static_cast<double>(max)) return "数值过大";
        const double r = std::round(v);
        if (std::fabs(v - r) <= 1e-6 * std::max(1.0, std::fabs(v))) {
            out = static_cast<int64_t>(r);
            return {};
        }
    }
    return DecimalTimes(c.text, scale, max, out);
}

bool IsEmpty(const sheet::Cell& c) { return c.kind == sheet::CellKind::kEmpty || Trim(c.text).empty(); }

// "2025", "3", "1" parts of a date text, separated by - / . 年 月 日 or nothing (20250301).
bool SplitYmd(const std::string& s, int& y, int& m, int& d, bool need_day) {
    std::vector<int> parts;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) parts.push_back(std::stoi(cur));
        cur.clear();
    };
    std::string t = FoldWidth(s);
    // Cut a time of day: "2025-03-01 08:00:00".
    if (auto sp = t.find(' '); sp != std::string::npos) t = t.substr(0, sp);
    if (auto tt = t.find('T'); tt != std::string::npos) t = t.substr(0, tt);
    if (t.size() == (need_day ? 8u : 6u) && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        y = std::stoi(t.substr(0, 4));
        m = std::stoi(t.substr(4, 2));
        d = need_day ? std::stoi(t.substr(6, 2)) : 1;
        return true;
    }
    for (std::size_t i = 0; i < t.size();) {
        unsigned char c = static_cast<unsigned char>(t[i]);
        if (c >= '0' && c <= '9') {
            if (cur.size() >= 4) return false;
            cur += static_cast<char>(c);
            ++i;
            continue;
        }
        flush();
        if (c == '-' || c == '/' || c == '.') {
            ++i;
        } else if (t.compare(i, 3, "年") == 0 || t.compare(i, 3, "月") == 0 || t.compare(i, 3, "日") == 0 ||
                   t.compare(i, 3, "号") == 0) {
            i += 3;
        } else {
            return false;
        }
    }
    flush();
    if (parts.size() != (need_day ? 3u : 2u) && !(!need_day && parts.size() == 3)) return false;
    y = parts[0];
    m = parts[1];
    d = need_day ? parts[2] : 1;
    return y >= 1000;
}

template <typename E, std::size_t N>
std::optional<E> FromLabels(std::string_view s, const std::array<std::pair<E, std::string_view>, N>& labels,
                            std::string_view (*key)(E)) {
    const std::string t = Trim(FoldWidth(s));
    for (const auto& [e, label] : labels) {
        if (t == label || t == key(e) || t == std::string(label) + "项目") return e;
    }
    return std::nullopt;
}

constexpr std::array<std::pair<Category, std::string_view>, 4> kCategoryLabels = {
    {{Category::kIndustry, "工业"}, {Category::kService, "服务业"}, {Category::kAgriculture, "农业"}, {Category::kOther, "其他"}}};
constexpr std::array<std::pair<ProvDbStatus, std::string_view>, 4> kProvDbLabels = {{{ProvDbStatus::kNone, "未上报"},
                                                                                      {ProvDbStatus::kPending, "待审核"},
                                                                                      {ProvDbStatus::kConfirmed, "已认定"},
                                                                                      {ProvDbStatus::kRejected, "未通过"}}};
constexpr std::array<std::pair<AboveScaleRoute, std::string_view>, 2> kRouteLabels = {
    {{AboveScaleRoute::kUpgrade, "小升规"}, {AboveScaleRoute::kNewProduction, "新投产入规"}}};
constexpr std::pair<std::string_view, std::string_view> kTagLabels[] = {
    {"central_soe", "央企"}, {"state_owned", "国企"},   {"private", "民企"},           {"foreign", "外资"},
    {"listed", "上市公司"},  {"fortune500", "世界500强"}, {"industry_leader", "行业龙头"}};

}  // namespace

std::string_view ImportKindKey(ImportKind k) {
    for (const auto& n : kKinds) {
        if (n.kind == k) return n.key;
    }
    return "projects";
}

std::optional<ImportKind> ParseImportKind(std::string_view key) {
    for (const auto& n : kKinds) {
        if (n.key == key) return n.kind;
    }
    return std::nullopt;
}

std::string_view ImportKindNameZh(ImportKind k) {
    for (const auto& n : kKinds) {
        if (n.kind == k) return n.zh;
    }
    return "";
}

std::vector<ColumnDef> ImportColumns(ImportKind kind, const std::vector<IndicatorDef>& indicators) {
    switch (kind) {
        case ImportKind::kProjects:
            return ProjectColumns();
        case ImportKind::kInvestors:
            return InvestorColumns();
        case ImportKind::kMonthly:
            return MonthlyColumns();
        case ImportKind::kTargets:
            return TargetColumns(indicators);
    }
    return {};
}

std::string NormaliseHeader(std::string_view header) {
    std::string t = FoldWidth(header);
    // Drop a bracketed unit or note: "总投资(万元)", "面积【亩】", "名称(必填)".
    std::string out;
    int depth = 0;
    for (std::size_t i = 0; i < t.size();) {
        if (t[i] == '(' || t[i] == '[') {
            ++depth;
            ++i;
            continue;
        }
        if ((t[i] == ')' || t[i] == ']') && depth > 0) {
            --depth;
            ++i;
            continue;
        }
        if (t.compare(i, 3, "【") == 0) {
            ++depth;
            i += 3;
            continue;
        }
        if (t.compare(i, 3, "】") == 0 && depth > 0) {
            --depth;
            i += 3;
            continue;
        }
        std::size_t start = i;
        uint32_t cp = NextCodePoint(t, i);
        if (depth > 0) continue;
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == '*' || cp == ':' || cp == '_' || cp == '-' ||
            cp == 0x3001 /* 、 */ || cp == 0x3002 /* 。 */) {
            continue;
        }
        if (cp < 0x80) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(cp)));
        } else {
            out.append(t, start, i - start);
        }
    }
    return out;
}

int64_t HeaderMoneyScale(std::string_view header) {
    const std::string t = FoldWidth(header);
    if (t.find("亿元") != std::string::npos) return 100'000'000;
    if (t.find("万元") != std::string::npos) return 10'000;
    if (t.find("(元)") != std::string::npos || t.find("[元]") != std::string::npos) return 1;
    return 10'000;
}

Parsed ParseMoneyCell(const sheet::Cell& c, int64_t scale, int64_t& yuan) {
    if (IsEmpty(c)) return {{}, true};
    if (c.kind == sheet::CellKind::kDate || c.kind == sheet::CellKind::kBool || c.kind == sheet::CellKind::kError) {
        return {"应为金额"};
    }
    std::string err = NumberTimes(c, scale, kMaxYuan, yuan);
    if (err == "小数位数过多") err = "金额最多精确到元";
    if (err == "不是数字") err = "应为金额（数字）";
    return {err};
}

Parsed ParseCountCell(const sheet::Cell& c, int64_t& n) {
    if (IsEmpty(c)) return {{}, true};
    if (c.kind != sheet::CellKind::kNumber && c.kind != sheet::CellKind::kText) return {"应为整数"};
    std::string err = NumberTimes(c, 1, 1'000'000'000, n);
    if (!err.empty()) return {err == "不能为负数" ? err : "应为非负整数"};
    return {};
}

Parsed ParseMuCell(const sheet::Cell& c, int64_t& hundredths) {
    if (IsEmpty(c)) return {{}, true};
    if (c.kind != sheet::CellKind::kNumber && c.kind != sheet::CellKind::kText) return {"应为面积（亩）"};
    std::string err = NumberTimes(c, 100, 100'000'000'000, hundredths);
    if (err == "小数位数过多") err = "用地面积最多两位小数";
    if (err == "不是数字") err = "应为面积（亩）";
    return {err};
}

Parsed ParseDateCell(const sheet::Cell& c, Date& d) {
    if (IsEmpty(c)) return {{}, true};
    if (c.kind == sheet::CellKind::kDate && c.date) {
        d = *c.date;
        return {};
    }
    if (c.kind == sheet::CellKind::kNumber) {
        // A date typed as a plain number: 20250301, or an Excel serial shown as General.
        const double n = c.number;
        if (n >= 19000101 && n <= 29991231 && n == std::floor(n)) {
            auto v = static_cast<int64_t>(n);
            if (auto x = Date::FromYmd(static_cast<int>(v / 10000), static_cast<int>(v / 100 % 100), static_cast<int>(v % 100))) {
                d = *x;
                return {};
            }
        } else if (n >= 20000 && n < 80000 && n == std::floor(n)) {
            d = Date::FromYmd(1899, 12, 30)->AddDays(static_cast<int32_t>(n));
            return {};
        }
        return {"应为日期，如 2025-03-01"};
    }
    if (c.kind != sheet::CellKind::kText) return {"应为日期，如 2025-03-01"};
    int y = 0, m = 0, day = 0;
    if (!SplitYmd(c.text, y, m, day, true)) return {"应为日期，如 2025-03-01"};
    auto x = Date::FromYmd(y, m, day);
    if (!x) return {"日期不存在"};
    d = *x;
    return {};
}

Parsed ParseMonthCell(const sheet::Cell& c, int& year, int& month) {
    if (IsEmpty(c)) return {{}, true};
    if (c.kind == sheet::CellKind::kDate && c.date) {
        year = c.date->year();
        month = c.date->month();
        return {};
    }
    int y = 0, m = 0, d = 0;
    if (c.kind == sheet::CellKind::kNumber) {
        // 202503 only: 2025.1 could be January or October.
        if (c.text.size() == 6 && c.text.find('.') == std::string::npos && SplitYmd(c.text, y, m, d, false)) {
            if (m >= 1 && m <= 12) {
                year = y;
                month = m;
                return {};
            }
        }
        return {"月份请写成 2025-03 或 2025年3月"};
    }
    if (!SplitYmd(c.text, y, m, d, false) || m < 1 || m > 12 || y > 2999) return {"月份请写成 2025-03 或 2025年3月"};
    year = y;
    month = m;
    return {};
}

Parsed ParseBoolCell(const sheet::Cell& c, bool& b) {
    if (IsEmpty(c)) {
        b = false;
        return {{}, true};
    }
    if (c.kind == sheet::CellKind::kBool) {
        b = c.text == "TRUE";
        return {};
    }
    std::string t = Trim(FoldWidth(c.text));
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char x) { return std::tolower(x); });
    for (std::string_view yes : {"是", "y", "yes", "true", "1", "√", "✓", "重点"}) {
        if (t == yes) {
            b = true;
            return {};
        }
    }
    for (std::string_view no : {"否", "n", "no", "false", "0", "×", "-", "无"}) {
        if (t == no) {
            b = false;
            return {};
        }
    }
    return {"应为“是”或“否”"};
}

std::string_view CategoryLabel(Category c) {
    for (const auto& [e, l] : kCategoryLabels) {
        if (e == c) return l;
    }
    return "其他";
}
std::optional<Category> CategoryFromLabel(std::string_view s) { return FromLabels(s, kCategoryLabels, &CategoryKey); }

std::string_view ProvDbLabel(ProvDbStatus s) {
    for (const auto& [e, l] : kProvDbLabels) {
        if (e == s) return l;
    }
    return "未上报";
}
std::optional<ProvDbStatus> ProvDbFromLabel(std::string_view s) {
    if (Trim(s).empty()) return ProvDbStatus::kNone;
    return FromLabels(s, kProvDbLabels, &ProvDbStatusKey);
}

std::string_view RouteLabel(AboveScaleRoute r) {
    for (const auto& [e, l] : kRouteLabels) {
        if (e == r) return l;
    }
    return "";
}
std::optional<AboveScaleRoute> RouteFromLabel(std::string_view s) {
    if (Trim(s).empty()) return AboveScaleRoute::kNone;
    return FromLabels(s, kRouteLabels, &AboveScaleRouteKey);
}

std::string_view TagLabel(std::string_view key) {
    for (const auto& [k, l] : kTagLabels) {
        if (k == key) return l;
    }
    return key;
}
std::optional<std::string> TagFromLabel(std::string_view s) {
    const std::string t = Trim(FoldWidth(s));
    for (const auto& [k, l] : kTagLabels) {
        if (t == l || t == k) return std::string(k);
    }
    if (t == "外企" || t == "外资企业") return std::string("foreign");
    if (t == "民营企业") return std::string("private");
    if (t == "国有企业") return std::string("state_owned");
    if (t == "中央企业") return std::string("central_soe");
    return std::nullopt;
}

sheet::OutCell MoneyOut(int64_t yuan, int64_t scale) {
    return sheet::OutCell::Number(static_cast<double>(yuan) / static_cast<double>(scale));
}
sheet::OutCell MuOut(int64_t hundredths) {
    if (hundredths == 0) return {};
    return sheet::OutCell::Number(static_cast<double>(hundredths) / 100.0);
}
sheet::OutCell DateOut(const std::optional<Date>& d) { return d ? sheet::OutCell::Day(*d) : sheet::OutCell{}; }
sheet::OutCell TextOut(std::string s) { return s.empty() ? sheet::OutCell{} : sheet::OutCell::Text(std::move(s)); }
sheet::OutCell BoolOut(bool b) { return sheet::OutCell::Text(b ? "是" : "否"); }

std::string NumberFormat(ColumnType t) {
    switch (t) {
        case ColumnType::kMoney:
            return "#,##0.00##";
        case ColumnType::kCount:
            return "0";
        case ColumnType::kMu:
            return "0.00";
        default:
            return "";
    }
}

}  // namespace zs
