#include "service/report_port.hpp"

#include <utility>

#include "core/enum_keys.hpp"

namespace zs {
namespace {

constexpr std::pair<ReportType, std::string_view> kReportTypeKeys[] = {{ReportType::kSummary, "summary"},
                                                                       {ReportType::kMonthly, "monthly"},
                                                                       {ReportType::kWeekly, "weekly"},
                                                                       {ReportType::kQuarterly, "quarterly"},
                                                                       {ReportType::kLedger, "ledger"}};

struct FormatInfo {
    DocFormat format;
    std::string_view key;
    std::string_view content_type;
};
constexpr FormatInfo kFormats[] = {
    {DocFormat::kDocx, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {DocFormat::kXlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {DocFormat::kHtml, "html", "text/html; charset=utf-8"},
};

}  // namespace

std::string_view ReportTypeKey(ReportType t) { return KeyOf(kReportTypeKeys, t); }
std::optional<ReportType> ParseReportType(std::string_view key) { return ValueOf(kReportTypeKeys, key); }

std::string_view DocFormatKey(DocFormat f) {
    for (const auto& i : kFormats) {
        if (i.format == f) return i.key;
    }
    return {};
}

std::optional<DocFormat> ParseDocFormat(std::string_view key) {
    for (const auto& i : kFormats) {
        if (i.key == key) return i.format;
    }
    return std::nullopt;
}

std::string_view DocFormatContentType(DocFormat f) {
    for (const auto& i : kFormats) {
        if (i.format == f) return i.content_type;
    }
    return "application/octet-stream";
}

const IndicatorResult* IndicatorTable::Find(std::string_view key) const {
    for (const auto& r : results) {
        if (r.key == key) return &r;
    }
    return nullptr;
}

}  // namespace zs
