// 台账 (type ledger): one row per project of the list's filter with every field and the planned
// and actual date of each of the 11 nodes, landscape, for .xlsx and HTML.
#include <map>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {

Document ComposeLedger(const ReportData& data) {
    Document doc = DocumentShell(data);
    doc.title = data.city_name + "招商项目台账";
    std::string scope;
    if (data.unit_id) scope = UnitNameOf(data, *data.unit_id) + "，";
    doc.subtitle = "（" + scope + "截至" + DateYmdText(data.today) + "）";
    doc.landscape = true;
    DocumentBuilder b(std::move(doc));

    std::map<int64_t, std::vector<const Problem*>> problems_of;
    for (const Problem& pr : data.open_problems) {
        if (pr.status == "open") problems_of[pr.project_id].push_back(&pr);
    }

    Table t;
    t.columns = {{"项目编号", CellKind::kText, 12},
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
        t.columns.push_back({std::string(NodeNameZh(n)) + "计划", CellKind::kDate, 11});
        t.columns.push_back({std::string(NodeNameZh(n)) + "实际", CellKind::kDate, 11});
    }
    t.columns.push_back({"未解决问题", CellKind::kText, 30});

    for (const Project& p : data.projects) {
        const NodeSituation s = SituationOf(p, data.rules, data.today, data.stalled_days);
        std::string province = p.investor_province_code;
        if (const auto it = data.province_names.find(province); it != data.province_names.end()) {
            province = it->second;
        }
        const std::string k = "ledger." + std::to_string(p.id) + ".";
        const std::string l = p.name + " ";
        std::vector<Cell> cells = {TextCell(p.code),
                                   TextCell(p.name),
                                   TextCell(p.unit_name.empty() ? UnitNameOf(data, p.unit_id) : p.unit_name),
                                   TextCell(p.investor_name),
                                   TextCell(province),
                                   TextCell(p.chain_name),
                                   TextCell(p.industry_name),
                                   TextCell(std::string(CategoryNameZh(p.category))),
                                   TextCell(p.emerging_industry),
                                   WanCell(p.total_investment),
                                   WanCell(p.fixed_asset_investment),
                                   TextCell(FormatMuHundredths(p.land_mu_hundredths)),
                                   TextCell(p.leader_in_charge),
                                   TextCell(p.referrer),
                                   TextCell(p.introducing_unit),
                                   TextCell(p.first_introducer),
                                   TextCell(p.is_key ? "是" : "否"),
                                   TextCell(s.stage_text),
                                   TextCell(std::string(ProjectStatusNameZh(s.status))),
                                   TextCell(std::string(ProvDbStatusNameZh(p.prov_db_status)))};
        b.Fact(k + "total_investment", l + "总投资（万元）", cells[9].text);
        b.Fact(k + "fixed_asset_investment", l + "固定资产投资（万元）", cells[10].text);
        b.Fact(k + "land", l + "用地（亩）", cells[11].text);
        for (const Node n : kAllNodes) {
            const NodeEntry& e = p.nodes[NodeIndex(n)];
            const std::string name(NodeNameZh(n));
            // A node that does not apply to the category reads "—"; one not (yet) dated stays empty.
            const bool applies = data.rules.Rule(p.category, n).applies;
            for (const auto& [date, suffix] : {std::pair{e.planned, "计划"}, std::pair{e.actual, "实际"}}) {
                const std::string text = !applies ? "—" : (date ? date->ToString() : "");
                cells.push_back(TextCell(text));
                if (date) {
                    b.Fact(k + std::string(NodeKey(n)) + (suffix == std::string_view("计划") ? ".planned" : ".actual"),
                           l + name + suffix, text);
                }
            }
        }
        std::vector<std::string> problems;
        if (const auto it = problems_of.find(p.id); it != problems_of.end()) {
            for (const Problem* pr : it->second) {
                problems.push_back(ProblemCategoryNameZh(pr->category) + "：" + pr->description);
            }
        }
        cells.push_back(TextCell(Join(problems, "；")));
        t.rows.push_back(std::move(cells));
    }
    b.AddTable("ledger", std::move(t));
    return std::move(b).Take();
}

}  // namespace zs
