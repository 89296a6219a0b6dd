// 台账 (type ledger): one row per project of the list's filter with every field and the planned
// and actual date of each of the 11 nodes, landscape, for .xlsx and HTML; the HTML preview one page
// of rows at a time (ReportData::ledger_page), the whole .xlsx slice by slice (LedgerRows).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {

namespace {

// Title, subtitle and page layout.
Document LedgerShell(const ReportData& data) {
    Document doc = DocumentShell(data);
    doc.title = data.city_name + "招商项目台账";
    std::string scope;
    if (data.unit_id) scope = UnitNameOf(data, *data.unit_id) + "，";
    doc.subtitle = "（" + scope + "截至" + DateYmdText(data.today) + "）";
    doc.landscape = true;
    return doc;
}

// One page of the preview: which page, and of how many projects (the .xlsx has them all).
void PageLine(DocumentBuilder& b, const ReportData& data) {
    if (const auto& pg = data.ledger_page) {
        const std::string& count = b.Fact("ledger.count", "台账项目数", std::to_string(pg->total) + "个");
        b.Paragraph("ledger.page", "第" + std::to_string(pg->page) + "/" + std::to_string(pg->Pages()) + "页，共" +
                                       count + "项目（每页" + std::to_string(pg->page_size) + "个）");
    }
}

std::vector<Column> LedgerColumns() {
    std::vector<Column> columns = {{"项目编号", CellKind::kText, 12},
                                   {"项目名称", CellKind::kText, 24},
                                   {"责任单位", CellKind::kText, 12},
                                   {"投资方", CellKind::kText, 20},
                                   {"投资方省份", CellKind::kText, 10},
                                   {"产业链", CellKind::kText, 10},
                                   {"行业", CellKind::kText, 16},
                                   {"类别", CellKind::kText, 6},
                                   {"十大新兴产业", CellKind::kText, 12},
                                   {"总投资（万元）", CellKind::kYuanWan, 12},
                                   {"固定资产投资（万元）", CellKind::kYuanWan, 12},
                                   {"用地（亩）", CellKind::kText, 8},
                                   {"包保领导", CellKind::kText, 8},
                                   {"引荐人", CellKind::kText, 8},
                                   {"招引单位", CellKind::kText, 12},
                                   {"第一引资人", CellKind::kText, 8},
                                   {"重点项目", CellKind::kText, 6},
                                   {"当前节点", CellKind::kText, 8},
                                   {"状态", CellKind::kText, 8},
                                   {"入省库", CellKind::kText, 8}};
    for (const Node n : kAllNodes) {
        columns.push_back({std::string(NodeNameZh(n)) + "计划", CellKind::kDate, 11});
        columns.push_back({std::string(NodeNameZh(n)) + "实际", CellKind::kDate, 11});
    }
    columns.push_back({"未解决问题", CellKind::kText, 30});
    return columns;
}

std::string Concat(std::string_view a, std::string_view b) {
    std::string out;
    out.reserve(a.size() + b.size());
    out.append(a).append(b);
    return out;
}

}  // namespace

LedgerRows::LedgerRows(const ReportData& data) : data_(data), columns_(LedgerColumns().size()), unit_names_(data) {
    for (const Node n : kAllNodes) {
        const std::string key(NodeKey(n));
        const std::string name(NodeNameZh(n));
        node_texts_.push_back({key + ".planned", key + ".actual", name + "计划", name + "实际"});
    }
}

void LedgerRows::Row(const Project& p, const std::vector<const Problem*>* problems, DocumentBuilder* facts,
                     std::vector<Cell>& cells) {
    const NodeSituation s = SituationOf(p, data_.rules, data_.today, data_.stalled_days);
    const std::string* province = &p.investor_province_code;
    if (const auto it = data_.province_names.find(p.investor_province_code); it != data_.province_names.end()) {
        province = &it->second;
    }
    cells.clear();
    cells.reserve(columns_);
    cells.push_back(TextCell(p.code));
    cells.push_back(TextCell(p.name));
    cells.push_back(TextCell(p.unit_name.empty() ? unit_names_.Of(p.unit_id) : p.unit_name));
    cells.push_back(TextCell(p.investor_name));
    cells.push_back(TextCell(*province));
    cells.push_back(TextCell(p.chain_name));
    cells.push_back(TextCell(p.industry_name));
    cells.push_back(TextCell(std::string(CategoryNameZh(p.category))));
    cells.push_back(TextCell(p.emerging_industry));
    cells.push_back(WanCell(p.total_investment));
    cells.push_back(WanCell(p.fixed_asset_investment));
    cells.push_back(TextCell(FormatMuHundredths(p.land_mu_hundredths)));
    cells.push_back(TextCell(p.leader_in_charge));
    cells.push_back(TextCell(p.referrer));
    cells.push_back(TextCell(p.introducing_unit));
    cells.push_back(TextCell(p.first_introducer));
    cells.push_back(TextCell(p.is_key ? "是" : "否"));
    cells.push_back(TextCell(s.stage_text));
    cells.push_back(TextCell(std::string(ProjectStatusNameZh(s.status))));
    cells.push_back(TextCell(std::string(ProvDbStatusNameZh(p.prov_db_status))));
    // The figures' keys and labels ("ledger.12.signed.actual", "某项目 签约实际"), when recorded.
    const std::string k = facts != nullptr ? "ledger." + std::to_string(p.id) + "." : std::string();
    const std::string l = facts != nullptr ? p.name + " " : std::string();
    if (facts != nullptr) {
        facts->Fact(Concat(k, "total_investment"), Concat(l, "总投资（万元）"), cells[9].text);
        facts->Fact(Concat(k, "fixed_asset_investment"), Concat(l, "固定资产投资（万元）"), cells[10].text);
        facts->Fact(Concat(k, "land"), Concat(l, "用地（亩）"), cells[11].text);
    }
    for (const Node n : kAllNodes) {
        const NodeEntry& e = p.nodes[NodeIndex(n)];
        const NodeText& nt = node_texts_[NodeIndex(n)];
        // A node that does not apply to the category reads "—"; one not (yet) dated stays empty.
        const bool applies = data_.rules.Rule(p.category, n).applies;
        for (const bool planned : {true, false}) {
            const std::optional<Date>& date = planned ? e.planned : e.actual;
            cells.push_back(TextCell(!applies ? "—" : (date ? DateIsoText(*date) : "")));
            if (date && facts != nullptr) {
                facts->Fact(Concat(k, planned ? nt.planned_key : nt.actual_key),
                            Concat(l, planned ? nt.planned_label : nt.actual_label), cells.back().text);
            }
        }
    }
    std::vector<std::string> texts;
    if (problems != nullptr) {
        for (const Problem* pr : *problems) {
            texts.push_back(ProblemCategoryNameZh(pr->category) + "：" + pr->description);
        }
    }
    cells.push_back(TextCell(Join(texts, "；")));
}

std::map<int64_t, std::vector<const Problem*>> OpenProblemsByProject(const std::vector<Problem>& problems) {
    std::map<int64_t, std::vector<const Problem*>> out;
    for (const Problem& pr : problems) {
        if (pr.status == "open") out[pr.project_id].push_back(&pr);
    }
    return out;
}

Document LedgerHead(const ReportData& data) {
    DocumentBuilder b(LedgerShell(data));
    PageLine(b, data);
    b.AddTable("ledger", Table{LedgerColumns(), {}});
    return std::move(b).Take();
}

Document ComposeLedger(const ReportData& data) {
    DocumentBuilder b(LedgerShell(data));
    PageLine(b, data);
    const auto problems_of = OpenProblemsByProject(data.open_problems);
    // The table holds 10^5 rows of 43 cells and the facts 10^6 entries: the strings are built in
    // place, each allocated once.
    Table t{LedgerColumns(), {}};
    t.rows.reserve(data.projects.size());
    LedgerRows rows(data);
    for (const Project& p : data.projects) {
        const auto it = problems_of.find(p.id);
        std::vector<Cell> cells;
        rows.Row(p, it != problems_of.end() ? &it->second : nullptr, &b, cells);
        t.rows.push_back(std::move(cells));
    }
    b.AddTable("ledger", std::move(t));
    return std::move(b).Take();
}

}  // namespace zs
