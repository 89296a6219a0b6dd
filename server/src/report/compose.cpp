#include "report/compose.hpp"

#include "core/error.hpp"

namespace zs {

Document ComposeReport(const ReportData& data) {
    switch (data.type) {
        case ReportType::kSummary:
            return ComposeSummary(data);
        case ReportType::kMonthly:
            return ComposeMonthly(data);
        case ReportType::kWeekly:
            return ComposeWeekly(data);
        case ReportType::kQuarterly:
            return ComposeQuarterly(data);
        case ReportType::kLedger:
            return ComposeLedger(data);
    }
    throw ApiError(ErrorCode::kInternal, "未知的报告类型");
}

}  // namespace zs
