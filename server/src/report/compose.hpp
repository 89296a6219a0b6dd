// The report texts: a Document composed from the ReportData the service gathered, for every
// report type of docs/reports.md (工作总结, 月通报, 周动态, 季调度, 台账). Pure: the same data gives
// the same document, every printed figure recorded as a fact.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "core/document.hpp"
#include "report/compose_text.hpp"
#include "service/report_port.hpp"

namespace zs {

// Dispatches by data.type.
Document ComposeReport(const ReportData& data);

// One per type (compose_summary.cpp, compose_monthly.cpp, …); ComposeReport calls them.
Document ComposeSummary(const ReportData& data);
Document ComposeMonthly(const ReportData& data);
Document ComposeWeekly(const ReportData& data);
Document ComposeQuarterly(const ReportData& data);
Document ComposeLedger(const ReportData& data);

// The ledger in pieces, for the whole ledger's .xlsx written while it is read (writer.cpp): its
// head (title, subtitle, the page line, the table's columns and no rows) and each project's row.
// ComposeLedger is LedgerHead with every row, each row's figures recorded as facts.
Document LedgerHead(const ReportData& data);
// Open problems by project, in the order given.
std::map<int64_t, std::vector<const Problem*>> OpenProblemsByProject(const std::vector<Problem>& problems);
class LedgerRows {
public:
    // `data` (rules, today, units, province names) must outlive the rows.
    explicit LedgerRows(const ReportData& data);
    // The cells of `p` (with its nodes; `problems` its open problems or nullptr) into `cells`; with
    // `facts`, its figures recorded there.
    void Row(const Project& p, const std::vector<const Problem*>* problems, DocumentBuilder* facts,
             std::vector<Cell>& cells);

private:
    struct NodeText {
        std::string planned_key;  // "signed.planned"
        std::string actual_key;
        std::string planned_label;  // "签约计划"
        std::string actual_label;
    };
    const ReportData& data_;
    std::size_t columns_;
    std::vector<NodeText> node_texts_;  // per node, made once rather than per row
    UnitNames unit_names_;
};

}  // namespace zs
