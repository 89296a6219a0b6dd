// The report texts: a Document composed from the ReportData the service gathered, for every
// report type of docs/reports.md (工作总结, 月通报, 周动态, 季调度, 台账). Pure: the same data gives
// the same document, every printed figure recorded as a fact.
#pragma once

#include "core/document.hpp"
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

}  // namespace zs
