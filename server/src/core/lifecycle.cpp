#include "core/lifecycle.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace zs {
namespace {

struct NodeInfo {
    Node node;
    std::string_view key;
    std::string_view name_zh;
};

constexpr std::array<NodeInfo, kNodeCount> kNodeInfo = {{
    {Node::kLead, "lead", "线索"},
    {Node::kNegotiating, "negotiating", "在谈"},
    {Node::kPrereview, "prereview", "预审"},
    {Node::kSigned, "signed", "签约"},
    {Node::kRegistered, "registered", "注册"},
    {Node::kLand, "land", "供地"},
    {Node::kStarted, "started", "开工"},
    {Node::kInStats, "in_stats", "入统"},
    {Node::kProducing, "producing", "投产"},
    {Node::kAboveScale, "above_scale", "入规"},
    {Node::kFullCapacity, "full_capacity", "达产"},
}};

constexpr std::array<std::pair<Category, std::string_view>, 4> kCategoryKeys = {{
    {Category::kIndustry, "industry"},
    {Category::kService, "service"},
    {Category::kAgriculture, "agriculture"},
    {Category::kOther, "other"},
}};

constexpr std::array<std::pair<ProjectStatus, std::string_view>, 5> kStatusKeys = {{
    {ProjectStatus::kNormal, "normal"},
    {ProjectStatus::kDelayed, "delayed"},
    {ProjectStatus::kStalled, "stalled"},
    {ProjectStatus::kTerminated, "terminated"},
    {ProjectStatus::kCompleted, "completed"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, kGateFieldKeys.size()> kGateFieldNames = {{
    {"investor_id", "投资方"},
    {"total_investment", "总投资"},
    {"fixed_asset_investment", "固定资产投资"},
    {"land_area_mu", "用地面积"},
    {"industry_code", "国民经济行业"},
    {"chain_id", "产业链"},
    {"leader_in_charge", "包保领导"},
    {"referrer", "引荐人"},
}};

constexpr int kMaxStandardDays = 3'650;

int CategoryIndex(Category c) { return static_cast<int>(c); }
bool IsKnownCategory(Category c) { return CategoryIndex(c) >= 0 && CategoryIndex(c) < 4; }
bool IsKnownNode(Node n) { return NodeIndex(n) >= 0 && NodeIndex(n) < kNodeCount; }
size_t RuleIndex(Category c, Node n) { return static_cast<size_t>(CategoryIndex(c) * kNodeCount + NodeIndex(n)); }

// The defaults shared by every category; only `applies` differs between them.
NodeRule DefaultRule(Category c, Node n) {
    NodeRule r;
    r.category = c;
    r.node = n;
    switch (n) {
        case Node::kLead:
            r.standard_days = 0;
            break;
        case Node::kNegotiating:
            r.after = {Node::kLead};
            r.standard_days = 30;
            break;
        case Node::kPrereview:
            r.required_fields = {"total_investment", "industry_code"};
            r.after = {Node::kNegotiating};
            r.standard_days = 30;
            break;
        case Node::kSigned:
            r.required_fields = {"investor_id", "total_investment"};
            r.required_evidence = {"contract"};
            r.after = {Node::kPrereview};
            r.standard_days = 30;
            break;
        case Node::kRegistered:
            r.required_evidence = {"registration"};
            r.after = {Node::kSigned};
            r.standard_days = 30;
            break;
        case Node::kLand:
            r.required_fields = {"land_area_mu"};
            r.required_evidence = {"land_certificate"};
            r.after = {Node::kSigned};
            r.standard_days = 60;
            break;
        case Node::kStarted:
            r.required_fields = {"fixed_asset_investment"};
            r.required_evidence = {"site_photo", "construction_permit"};
            r.after = {Node::kSigned};
            r.standard_days = 60;
            break;
        case Node::kInStats:
            r.required_evidence = {"stats_confirmation"};
            r.after = {Node::kStarted};
            r.standard_days = 30;
            break;
        case Node::kProducing:
            r.required_evidence = {"production_proof"};
            r.after = {Node::kStarted};
            r.standard_days = 300;
            break;
        case Node::kAboveScale:
            r.required_evidence = {"above_scale_proof"};
            r.after = {Node::kProducing};
            r.standard_days = 180;
            break;
        case Node::kFullCapacity:
            r.required_evidence = {"capacity_proof"};
            r.after = {Node::kProducing};
            r.standard_days = 365;
            break;
    }
    // A service project may have no 供地 (it still 入规 as 限上/规上服务业); agriculture does not 入规;
    // "other" has neither.
    switch (c) {
        case Category::kIndustry:
            break;
        case Category::kService:
            r.applies = n != Node::kLand;
            break;
        case Category::kAgriculture:
            r.applies = n != Node::kAboveScale;
            break;
        case Category::kOther:
            r.applies = n != Node::kLand && n != Node::kAboveScale;
            break;
    }
    return r;
}

std::vector<NodeRule> DefaultRules() {
    std::vector<NodeRule> rules;
    rules.reserve(kAllCategories.size() * kNodeCount);
    for (const Category c : kAllCategories) {
        for (const Node n : kAllNodes) rules.push_back(DefaultRule(c, n));
    }
    return rules;
}

std::string FieldLabel(std::string_view key) {
    const std::string_view zh = GateFieldNameZh(key);
    return std::string(zh.empty() ? key : zh);
}

std::string EvidenceLabel(std::string_view key) {
    const EvidenceKind* kind = FindEvidenceKind(key);
    return std::string(kind != nullptr ? kind->name_zh : key);
}

std::string Quoted(Node n) { return "“" + std::string(NodeNameZh(n)) + "”"; }

template <typename T>
bool HasDuplicates(std::vector<T> items) {
    std::sort(items.begin(), items.end());
    return std::adjacent_find(items.begin(), items.end()) != items.end();
}

}  // namespace

std::string_view NodeKey(Node n) {
    const int i = NodeIndex(n);
    return i >= 0 && i < kNodeCount ? kNodeInfo[i].key : std::string_view{};
}

std::string_view NodeNameZh(Node n) {
    const int i = NodeIndex(n);
    return i >= 0 && i < kNodeCount ? kNodeInfo[i].name_zh : std::string_view{};
}

std::optional<Node> ParseNode(std::string_view key) {
    for (const NodeInfo& info : kNodeInfo) {
        if (info.key == key) return info.node;
    }
    return std::nullopt;
}

int NodeIndex(Node n) { return static_cast<int>(n); }

std::string_view CategoryKey(Category c) {
    for (const auto& [category, key] : kCategoryKeys) {
        if (category == c) return key;
    }
    return {};
}

std::optional<Category> ParseCategory(std::string_view key) {
    for (const auto& [category, k] : kCategoryKeys) {
        if (k == key) return category;
    }
    return std::nullopt;
}

std::string_view StatusKey(ProjectStatus s) {
    for (const auto& [status, key] : kStatusKeys) {
        if (status == s) return key;
    }
    return {};
}

std::optional<ProjectStatus> ParseStatus(std::string_view key) {
    for (const auto& [status, k] : kStatusKeys) {
        if (k == key) return status;
    }
    return std::nullopt;
}

std::string_view GateFieldNameZh(std::string_view key) {
    for (const auto& [k, name] : kGateFieldNames) {
        if (k == key) return name;
    }
    return {};
}

const std::vector<EvidenceKind>& EvidenceKinds() {
    static const std::vector<EvidenceKind> kinds = {
        {"contract", "签约合同扫描件", "Signed contract"},
        {"registration", "营业执照", "Business licence"},
        {"land_certificate", "供地文件/不动产权证", "Land supply document"},
        {"site_photo", "现场照片", "Site photo"},
        {"construction_permit", "施工许可或开工备案", "Construction permit or filing"},
        {"stats_confirmation", "统计部门入统确认", "Statistics bureau confirmation"},
        {"production_proof", "投产证明", "Production start proof"},
        {"above_scale_proof", "入规确认", "Above-scale admission proof"},
        {"capacity_proof", "达产证明", "Full-capacity proof"},
        {"prereview_opinion", "预审意见", "Pre-review opinion"},
        {"other", "其他", "Other"},
    };
    return kinds;
}

const EvidenceKind* FindEvidenceKind(std::string_view key) {
    for (const EvidenceKind& kind : EvidenceKinds()) {
        if (kind.key == key) return &kind;
    }
    return nullptr;
}

LifecycleRules::LifecycleRules(std::vector<NodeRule> rules) : rules_(DefaultRules()) {
    for (NodeRule& rule : rules) {
        if (!IsKnownCategory(rule.category) || !IsKnownNode(rule.node)) {
            throw std::invalid_argument("LifecycleRules: rule with an unknown category or node");
        }
        const size_t index = RuleIndex(rule.category, rule.node);
        rules_[index] = std::move(rule);
    }
}

LifecycleRules LifecycleRules::Defaults() { return LifecycleRules({}); }

const NodeRule& LifecycleRules::Rule(Category c, Node n) const {
    if (!IsKnownCategory(c) || !IsKnownNode(n)) throw std::out_of_range("LifecycleRules::Rule");
    return rules_[RuleIndex(c, n)];
}

std::optional<Error> LifecycleRules::Validate(const NodeRule& rule) {
    if (!IsKnownCategory(rule.category)) return MakeError(ErrorCode::kUnprocessable, "未知的项目类别", "category");
    if (!IsKnownNode(rule.node)) return MakeError(ErrorCode::kUnprocessable, "未知的节点", "node");
    for (const std::string& field : rule.required_fields) {
        if (std::find(kGateFieldKeys.begin(), kGateFieldKeys.end(), field) == kGateFieldKeys.end()) {
            return MakeError(ErrorCode::kUnprocessable, "未知的必填项：" + field, "required_fields");
        }
    }
    if (HasDuplicates(rule.required_fields)) {
        return MakeError(ErrorCode::kUnprocessable, "必填项重复", "required_fields");
    }
    for (const std::string& kind : rule.required_evidence) {
        if (FindEvidenceKind(kind) == nullptr) {
            return MakeError(ErrorCode::kUnprocessable, "未知的证明材料类型：" + kind, "required_evidence");
        }
    }
    if (HasDuplicates(rule.required_evidence)) {
        return MakeError(ErrorCode::kUnprocessable, "证明材料类型重复", "required_evidence");
    }
    for (const Node n : rule.after) {
        // Only earlier nodes, so the order relation can never form a cycle.
        if (!IsKnownNode(n) || NodeIndex(n) >= NodeIndex(rule.node)) {
            return MakeError(ErrorCode::kUnprocessable, "前置节点必须是排在本节点之前的节点", "after");
        }
    }
    if (HasDuplicates(rule.after)) return MakeError(ErrorCode::kUnprocessable, "前置节点重复", "after");
    if (rule.standard_days < 0 || rule.standard_days > kMaxStandardDays) {
        return MakeError(ErrorCode::kUnprocessable, "标准工期应在0到3650天之间", "standard_days");
    }
    return std::nullopt;
}

NodeLedger EmptyLedger() {
    NodeLedger ledger;
    for (int i = 0; i < kNodeCount; ++i) ledger[i].node = kAllNodes[i];
    return ledger;
}

std::vector<ErrorDetail> CheckGate(const LifecycleRules& rules, Category category, Node node, Date actual,
                                   const NodeLedger& ledger, const GateFacts& facts, Date today) {
    std::vector<ErrorDetail> details;
    const NodeRule& rule = rules.Rule(category, node);
    if (!rule.applies) {
        details.push_back({"order", "node", "“" + std::string(NodeNameZh(node)) + "”节点不适用于此类项目"});
    }
    for (const std::string& field : rule.required_fields) {
        if (!facts.present_fields.contains(field)) {
            details.push_back({"field", field, "缺少必填项：" + FieldLabel(field)});
        }
    }
    for (const std::string& kind : rule.required_evidence) {
        if (!facts.present_evidence.contains(kind)) {
            details.push_back({"evidence", kind, "缺少证明材料：" + EvidenceLabel(kind)});
        }
    }
    for (const Node before : rule.after) {
        if (!rules.Rule(category, before).applies) continue;
        const std::optional<Date>& before_actual = ledger[NodeIndex(before)].actual;
        if (!before_actual) {
            details.push_back({"order", std::string(NodeKey(before)), "须先完成" + Quoted(before) + "节点"});
        } else if (actual < *before_actual) {
            details.push_back(
                {"order", std::string(NodeKey(before)),
                 "实际日期不能早于" + Quoted(before) + "节点的实际日期（" + before_actual->ToString() + "）"});
        }
    }
    if (actual > today) details.push_back({"order", "actual_date", "实际日期不能晚于今天"});
    return details;
}

std::optional<Node> Stage(const LifecycleRules& rules, Category category, const NodeLedger& ledger) {
    std::optional<Node> stage;
    for (const Node n : kAllNodes) {
        if (rules.Rule(category, n).applies && ledger[NodeIndex(n)].actual) stage = n;
    }
    return stage;
}

bool IsOverdue(const NodeEntry& e, Date today) { return e.planned && !e.actual && *e.planned < today; }

int CountOverdue(const LifecycleRules& rules, Category category, const NodeLedger& ledger, Date today) {
    int count = 0;
    for (const Node n : kAllNodes) {
        if (rules.Rule(category, n).applies && IsOverdue(ledger[NodeIndex(n)], today)) ++count;
    }
    return count;
}

std::optional<Date> LastProgress(const NodeLedger& ledger) {
    std::optional<Date> last;
    for (const NodeEntry& e : ledger) {
        if (e.actual && (!last || *e.actual > *last)) last = e.actual;
    }
    return last;
}

ProjectStatus DeriveStatus(const LifecycleRules& rules, Category category, const NodeLedger& ledger, bool terminated,
                           Date created, Date today, int stalled_days) {
    // One rule for a ledger and for a list row (whose summary the store computes in SQL).
    return StatusFromSummary(terminated, Stage(rules, category, ledger), CountOverdue(rules, category, ledger, today),
                             LastProgress(ledger).value_or(created), today, stalled_days);
}

Result<NodeLedger> ReverseSchedule(const LifecycleRules& rules, Category category, const NodeLedger& ledger,
                                   Node target, Date target_date) {
    if (!rules.Rule(category, target).applies) {
        return MakeError(ErrorCode::kUnprocessable, "目标节点不适用于此类项目", "target_node");
    }
    if (ledger[NodeIndex(target)].actual) {
        return MakeError(ErrorCode::kUnprocessable, "目标节点已完成，无需倒排", "target_node");
    }
    NodeLedger result = ledger;
    result[NodeIndex(target)].planned = target_date;
    Node next = target;
    Date next_date = target_date;
    for (int i = NodeIndex(target) - 1; i >= 0; --i) {
        const Node n = kAllNodes[i];
        if (!rules.Rule(category, n).applies) continue;
        if (result[i].actual) break;  // reached: the schedule before it is history
        next_date = next_date.AddDays(-rules.Rule(category, next).standard_days);
        result[i].planned = next_date;
        next = n;
    }
    return result;
}

}  // namespace zs
