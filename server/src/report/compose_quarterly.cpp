// 季调度 (type quarterly): the key projects with their node status as of the quarter's end (or
// today, while the quarter runs), and their open problems.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "report/compose.hpp"
#include "report/compose_text.hpp"

namespace zs {

Document ComposeQuarterly(const ReportData& data) {
    if (data.quarter < 1 || data.quarter > 4) throw ApiError(ErrorCode::kBadRequest, "季度应在 1–4 之间", "quarter");
    Document doc = DocumentShell(data);
    doc.title = data.city_name + "重点项目季度调度";
    doc.subtitle = "（" + std::to_string(data.year) + "年第" + QuarterNumeral(data.quarter) + "季度）";
    doc.landscape = true;
    DocumentBuilder b(std::move(doc));

    const auto positions = UnitPositions(data);
    auto unit_pos = [&](const Project& p) {
        const auto it = positions.find(p.unit_id);
        return it == positions.end() ? positions.size() : it->second;
    };
    std::vector<const Project*> key_projects;
    for (const Project& p : data.projects) {
        if (p.is_key && !p.terminated) key_projects.push_back(&p);
    }
    std::sort(key_projects.begin(), key_projects.end(), [&](const Project* a, const Project* b) {
        return std::tuple(unit_pos(*a), -a->total_investment, a->id) <
               std::tuple(unit_pos(*b), -b->total_investment, b->id);
    });

    // The problems of the key projects, in the projects' order.
    std::map<int64_t, std::vector<const Problem*>> problems_of;
    for (const Problem& pr : data.open_problems) {
        if (pr.status == "open") problems_of[pr.project_id].push_back(&pr);
    }

    Table projects;
    projects.columns = {{"单位", CellKind::kText, 12},
                        {"项目名称", CellKind::kText, 24},
                        {"总投资（万元）", CellKind::kYuanWan, 12},
                        {"当前节点", CellKind::kText, 8},
                        {"状态", CellKind::kText, 8},
                        {"逾期节点", CellKind::kText, 12},
                        {"下一节点及计划日期", CellKind::kText, 18}};
    std::map<ProjectStatus, int64_t> by_status;
    UnitNames unit_names(data);
    projects.rows.reserve(key_projects.size());
    for (const Project* p : key_projects) {
        const NodeSituation s = SituationOf(*p, data.rules, data.to, data.stalled_days);
        ++by_status[s.status];
        std::vector<Cell> cells = {TextCell(unit_names.Of(p->unit_id)),
                                   TextCell(p->name),
                                   WanCell(p->total_investment),
                                   TextCell(s.stage_text),
                                   TextCell(std::string(ProjectStatusNameZh(s.status))),
                                   TextCell(s.overdue_text),
                                   TextCell(s.next_text)};
        const std::string k = "quarterly.projects." + std::to_string(p->id) + ".";
        const std::string l = p->name + " ";
        b.Fact(k + "total_investment", l + "总投资（万元）", cells[2].text);
        b.Fact(k + "stage", l + "当前节点", cells[3].text);
        b.Fact(k + "status", l + "状态", cells[4].text);
        b.Fact(k + "overdue", l + "逾期节点", cells[5].text);
        b.Fact(k + "next", l + "下一节点及计划日期", cells[6].text);
        projects.rows.push_back(std::move(cells));
    }

    Table problems;
    problems.columns = {{"项目", CellKind::kText, 20},     {"类别", CellKind::kText, 8},
                        {"问题", CellKind::kText, 30},     {"责任部门", CellKind::kText, 12},
                        {"解决时限", CellKind::kDate, 11}, {"逾期", CellKind::kText, 6}};
    int64_t overdue = 0;
    for (const Project* p : key_projects) {
        const auto it = problems_of.find(p->id);
        if (it == problems_of.end()) continue;
        for (const Problem* pr : it->second) {
            const bool late = pr->deadline && *pr->deadline < data.to;
            overdue += late ? 1 : 0;
            problems.rows.push_back({TextCell(p->name), TextCell(ProblemCategoryNameZh(pr->category)),
                                     TextCell(pr->description), TextCell(pr->department.empty() ? "—" : pr->department),
                                     TextCell(pr->deadline ? DateIsoText(*pr->deadline) : "—"),
                                     TextCell(late ? "是" : "否")});
            const std::string k = "quarterly.problems." + std::to_string(pr->id) + ".";
            b.Fact(k + "deadline", p->name + " " + pr->description + " 解决时限", problems.rows.back()[4].text);
            b.Fact(k + "overdue", p->name + " " + pr->description + " 逾期", problems.rows.back()[5].text);
        }
    }

    // The lead paragraph: how many key projects, by status (zero statuses left out), and problems.
    const std::string as_of = "截至" + DateYmdText(data.to);
    if (key_projects.empty()) {
        b.Paragraph("summary", as_of + "，全市" + b.Fact("quarterly.count", "重点项目", "暂无") + "重点项目。");
    } else {
        std::string t = as_of + "，全市重点项目" +
                        b.Fact("quarterly.count", "重点项目", std::to_string(key_projects.size()) + "个");
        std::vector<std::string> parts;
        for (const ProjectStatus st :
             {ProjectStatus::kNormal, ProjectStatus::kDelayed, ProjectStatus::kStalled, ProjectStatus::kCompleted}) {
            const auto it = by_status.find(st);
            if (it == by_status.end()) continue;
            const std::string name(ProjectStatusNameZh(st));
            parts.push_back(name + b.Fact("quarterly.status." + std::string(StatusKey(st)), "重点项目" + name,
                                          std::to_string(it->second) + "个"));
        }
        t += "，其中" + Join(parts, "、") + "；尚未解决的问题" +
             b.Fact("quarterly.problems", "重点项目尚未解决的问题", std::to_string(problems.rows.size()) + "个");
        if (!problems.rows.empty()) {
            t += "，其中已超过解决时限" +
                 b.Fact("quarterly.problems_overdue", "重点项目已超过解决时限的问题", std::to_string(overdue) + "个");
        }
        b.Paragraph("summary", t + "。");
    }

    b.Heading1("s1", "一、重点项目推进情况");
    if (projects.rows.empty()) {
        b.Paragraph("s1.none", "暂无重点项目。");
    } else {
        b.AddTable("s1.table", std::move(projects));
    }
    b.Heading1("s2", "二、重点项目存在问题");
    if (problems.rows.empty()) {
        b.Paragraph("s2.none", "重点项目暂无未解决的问题。");
    } else {
        b.AddTable("s2.table", std::move(problems));
    }
    return std::move(b).Take();
}

}  // namespace zs
