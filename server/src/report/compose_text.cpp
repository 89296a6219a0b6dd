#include "report/compose_text.hpp"

#include <algorithm>
#include <functional>
#include <utility>

#include "core/error.hpp"

namespace zs {

// ---------------------------------------------------------------------------------------------
// Phrases

std::string AheadPhrase(const Figure& f, int decimals) {
    if (!f.ahead) return "未下达全年目标任务";
    const AheadText t = DescribeAhead(*f.ahead, decimals);
    if (t.word == "持平") return "与序时进度持平";
    return t.word + "序时进度" + t.points + "个百分点";
}

std::string YoyPhrase(const Figure& f, int decimals) {
    // YoyText says "新增" / "—" without a growth figure; the summary's sentence needs the 同比 form.
    if (!f.yoy) return f.actual > 0 ? "同比新增" : "同比持平";
    return YoyText(f.yoy, f.actual, decimals);
}

std::string AheadCellText(const std::optional<Ratio>& ahead) {
    if (!ahead) return "—";
    const AheadText t = DescribeAhead(*ahead, 1);
    if (t.word == "持平") return t.word;
    return t.word + t.points;
}

std::string PercentText(const std::optional<Ratio>& r, int decimals) {
    if (!r) return "—";
    return FormatPercent(*r, decimals) + "%";
}

// ---------------------------------------------------------------------------------------------
// Dates and names

std::string DateYmdText(Date d) {
    return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日";
}

std::string DateMdText(Date d) { return std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日"; }

std::string DateIsoText(Date d) {
    const int year = d.year();
    if (year < 1000 || year > 9999) return d.ToString();  // four-digit years are the ones worth a fast path
    std::string text(10, '-');
    auto put = [&text](std::size_t at, int value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10) text[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, year, 4);
    put(5, d.month(), 2);
    put(8, d.day(), 2);
    return text;
}

std::string QuarterNumeral(int quarter) {
    static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四"};
    if (quarter < 1 || quarter > 4) return std::to_string(quarter);
    return std::string(kNumerals[quarter - 1]);
}

std::string_view CategoryNameZh(Category c) {
    switch (c) {
        case Category::kIndustry:
            return "工业";
        case Category::kService:
            return "服务业";
        case Category::kAgriculture:
            return "农业";
        case Category::kOther:
            break;
    }
    return "其他";
}

std::string_view ProjectStatusNameZh(ProjectStatus s) {
    switch (s) {
        case ProjectStatus::kDelayed:
            return "滞后";
        case ProjectStatus::kStalled:
            return "停滞";
        case ProjectStatus::kTerminated:
            return "终止";
        case ProjectStatus::kCompleted:
            return "已达产";
        case ProjectStatus::kNormal:
            break;
    }
    return "正常推进";
}

std::string_view ProvDbStatusNameZh(ProvDbStatus s) {
    switch (s) {
        case ProvDbStatus::kPending:
            return "待审核";
        case ProvDbStatus::kConfirmed:
            return "已认定";
        case ProvDbStatus::kRejected:
            return "未通过";
        case ProvDbStatus::kNone:
            break;
    }
    return "未上报";
}

std::string ProblemCategoryNameZh(std::string_view key) {
    static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
        {"land_quota", "土地指标"}, {"funding", "资金"}, {"approval", "审批"},
        {"environment", "环评"},    {"energy", "能耗"},  {"other", "其他"}};
    for (const auto& [k, name] : kNames) {
        if (k == key) return std::string(name);
    }
    return std::string(key);
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) out += separator;
        out += parts[i];
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Figures

const Figure& CityFigure(const IndicatorTable& table, std::string_view key) {
    const IndicatorResult* r = table.Find(key);
    if (r == nullptr) throw ApiError(ErrorCode::kInternal, "报告缺少指标：" + std::string(key));
    return r->city;
}

const Figure* UnitFigureOf(const IndicatorTable& table, std::string_view key, int64_t unit_id) {
    const IndicatorResult* r = table.Find(key);
    if (r == nullptr) throw ApiError(ErrorCode::kInternal, "报告缺少指标：" + std::string(key));
    for (std::size_t i = 0; i < table.unit_ids.size() && i < r->units.size(); ++i) {
        if (table.unit_ids[i] == unit_id) return &r->units[i];
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Units and projects

std::map<int64_t, std::size_t> UnitPositions(const ReportData& data) {
    std::map<int64_t, std::size_t> out;
    for (std::size_t i = 0; i < data.units.size(); ++i) out.emplace(data.units[i].id, i);
    return out;
}

std::string UnitNameOf(const ReportData& data, int64_t unit_id) {
    for (const Unit& u : data.units) {
        if (u.id == unit_id) return u.name;
    }
    for (const Project& p : data.projects) {
        if (p.unit_id == unit_id && !p.unit_name.empty()) return p.unit_name;
    }
    return "";
}

const std::string& UnitNames::Of(int64_t unit_id) {
    auto it = names_.find(unit_id);
    if (it == names_.end()) it = names_.emplace(unit_id, UnitNameOf(data_, unit_id)).first;
    return it->second;
}

std::optional<Node> StageAsOf(const Project& p, const LifecycleRules& rules, Date as_of) {
    // Stage() of the ledger whose actual dates after `as_of` are cleared, without copying the ledger.
    std::optional<Node> stage;
    for (const Node n : kAllNodes) {
        const std::optional<Date>& actual = p.nodes[NodeIndex(n)].actual;
        if (rules.Rule(p.category, n).applies && actual && *actual <= as_of) stage = n;
    }
    return stage;
}

NodeSituation SituationOf(const Project& p, const LifecycleRules& rules, Date as_of, int stalled_days) {
    NodeSituation s;
    s.ledger = p.nodes;
    for (NodeEntry& e : s.ledger) {
        if (e.actual && *e.actual > as_of) e.actual.reset();
    }
    s.stage = Stage(rules, p.category, s.ledger);
    s.status =
        DeriveStatus(rules, p.category, s.ledger, p.terminated, LocalDateOfUnix(p.created_at), as_of, stalled_days);
    s.stage_text = s.stage ? std::string(NodeNameZh(*s.stage)) : "—";
    s.next_text = "—";
    const int after = s.stage ? NodeIndex(*s.stage) : -1;
    for (const Node n : kAllNodes) {
        const NodeEntry& e = s.ledger[NodeIndex(n)];
        if (NodeIndex(n) <= after || !rules.Rule(p.category, n).applies || e.actual) continue;
        s.next_text = std::string(NodeNameZh(n)) + "（" + (e.planned ? DateIsoText(*e.planned) : "未排期") + "）";
        break;
    }
    for (const Node n : kAllNodes) {
        if (rules.Rule(p.category, n).applies && IsOverdue(s.ledger[NodeIndex(n)], as_of)) {
            if (!s.overdue_text.empty()) s.overdue_text += "、";
            s.overdue_text += NodeNameZh(n);
        }
    }
    if (s.overdue_text.empty()) s.overdue_text = "—";
    return s;
}

std::optional<Date> ActualIn(const Project& p, Node node, Date from, Date to) {
    const std::optional<Date>& d = p.nodes[NodeIndex(node)].actual;
    if (d && *d >= from && *d <= to) return d;
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Builder

namespace {

uint64_t HashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }

// The first text (in order) equal to an earlier one, by the hashes of all texts in order; nullopt
// when all are different. Equal hashes of different texts are told apart by comparing the texts.
// Least significant byte first: for 10^6 hashes a few times faster than std::sort.
void SortHashes(std::vector<uint64_t>& v) {
    if (v.size() < 4096) {
        std::sort(v.begin(), v.end());
        return;
    }
    std::vector<uint64_t> other(v.size());
    for (int shift = 0; shift < 64; shift += 8) {
        std::size_t start[257] = {};
        for (const uint64_t x : v) ++start[((x >> shift) & 0xFF) + 1];
        for (int b = 0; b < 256; ++b) start[b + 1] += start[b];
        for (const uint64_t x : v) other[start[(x >> shift) & 0xFF]++] = x;
        v.swap(other);
    }
}

template <typename TextAt>
std::optional<std::size_t> FirstRepeated(const std::vector<uint64_t>& hashes, TextAt text_at) {
    std::vector<uint64_t> sorted = hashes;
    SortHashes(sorted);
    std::vector<uint64_t> repeated;
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        if (sorted[i] == sorted[i - 1] && (repeated.empty() || repeated.back() != sorted[i]))
            repeated.push_back(sorted[i]);
    }
    std::optional<std::size_t> first;
    for (const uint64_t h : repeated) {
        std::vector<std::size_t> same;
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            if (hashes[i] != h) continue;
            for (const std::size_t earlier : same) {
                if (text_at(earlier) == text_at(i) && (!first || i < *first)) first = i;
            }
            same.push_back(i);
        }
    }
    return first;
}

}  // namespace

void DocumentBuilder::Add(Block b) {
    block_hashes_.push_back(HashOf(b.id));
    doc_.blocks.push_back(std::move(b));
}

Document DocumentBuilder::Take() && {
    if (const auto i =
            FirstRepeated(block_hashes_, [&](std::size_t k) -> const std::string& { return doc_.blocks[k].id; })) {
        throw ApiError(ErrorCode::kInternal, "报告段落编号重复：" + doc_.blocks[*i].id);
    }
    if (const auto i =
            FirstRepeated(fact_hashes_, [&](std::size_t k) -> const std::string& { return doc_.facts[k].key; })) {
        throw ApiError(ErrorCode::kInternal, "报告数字编号重复：" + doc_.facts[*i].key);
    }
    return std::move(doc_);
}

namespace {
Block MakeBlock(BlockKind kind, std::string id, std::string text, bool editable = false) {
    Block b;
    b.kind = kind;
    b.id = std::move(id);
    b.text = std::move(text);
    b.editable = editable;
    return b;
}
}  // namespace

void DocumentBuilder::Heading1(std::string id, std::string text) {
    Add(MakeBlock(BlockKind::kHeading1, std::move(id), std::move(text)));
}

void DocumentBuilder::Heading2(std::string id, std::string text) {
    Add(MakeBlock(BlockKind::kHeading2, std::move(id), std::move(text)));
}

void DocumentBuilder::Paragraph(std::string id, std::string text, bool editable) {
    Add(MakeBlock(BlockKind::kParagraph, std::move(id), std::move(text), editable));
}

void DocumentBuilder::Caption(std::string id, std::string text) {
    Add(MakeBlock(BlockKind::kCaption, std::move(id), std::move(text)));
}

void DocumentBuilder::AddTable(std::string id, Table table) {
    Block b = MakeBlock(BlockKind::kTable, std::move(id), "");
    b.table = std::move(table);
    Add(std::move(b));
}

const std::string& DocumentBuilder::Fact(std::string key, std::string label, const std::string& value) {
    fact_hashes_.push_back(HashOf(key));
    doc_.facts.push_back({std::move(key), std::move(label), value});
    return value;
}

Document DocumentShell(const ReportData& data) {
    Document d;
    d.type = std::string(ReportTypeKey(data.type));
    d.issuer = data.issuer;
    d.date_line = DateYmdText(data.today);
    return d;
}

}  // namespace zs
