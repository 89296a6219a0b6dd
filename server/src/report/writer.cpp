#include "report/writer.hpp"

#include "core/error.hpp"
#include "report/compose.hpp"
#include "report/docx.hpp"
#include "report/html.hpp"
#include "report/xlsx.hpp"

namespace zs {

Document DocumentWriter::Compose(const ReportData& data) const { return ComposeReport(data); }

std::string DocumentWriter::Render(const Document& doc, DocFormat format) const {
    switch (format) {
        case DocFormat::kDocx:
            if (doc.type == ReportTypeKey(ReportType::kLedger)) {
                throw ApiError(ErrorCode::kBadRequest, "台账只导出 .xlsx 或 HTML", "format");
            }
            return RenderDocx(doc);
        case DocFormat::kXlsx:
            return RenderXlsx(doc);
        case DocFormat::kHtml:
            return RenderHtml(doc);
    }
    throw ApiError(ErrorCode::kBadRequest, "不支持的导出格式", "format");
}

}  // namespace zs
