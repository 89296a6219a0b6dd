// The report layer as the service sees it: main.cpp gives the App a DocumentWriter, which composes
// documents (report/compose.*) and renders them as .docx, .xlsx or HTML (report/docx, xlsx, html).
#pragma once

#include <string>

#include "core/document.hpp"
#include "service/report_port.hpp"

namespace zs {

class DocumentWriter final : public ReportWriter {
public:
    Document Compose(const ReportData& data) const override;
    // The ledger has no .docx (an official ledger is a spreadsheet): ApiError(bad_request, "format").
    std::string Render(const Document& doc, DocFormat format) const override;
    std::unique_ptr<LedgerFile> Ledger(const ReportData& head, DocFormat format) const override;
};

}  // namespace zs
