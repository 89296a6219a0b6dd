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

namespace {

// The ledger's rows composed (without facts: the ledger is never published, so nothing compares
// them) and written to the sheet as each slice arrives.
class LedgerXlsxFile final : public LedgerFile {
public:
    explicit LedgerXlsxFile(const ReportData& head) : head_(LedgerHead(head)), rows_(head), sheet_(head_) {}
    const Document& Head() const override { return head_; }
    void Add(const std::vector<Project>& projects, const std::vector<Problem>& open_problems) override {
        const auto problems_of = OpenProblemsByProject(open_problems);
        for (const Project& p : projects) {
            const auto it = problems_of.find(p.id);
            rows_.Row(p, it != problems_of.end() ? &it->second : nullptr, nullptr, cells_);
            sheet_.AddRow(cells_);
        }
    }
    std::string Finish() override { return sheet_.Finish(); }

private:
    Document head_;
    LedgerRows rows_;
    XlsxTableStream sheet_;
    std::vector<Cell> cells_;  // one row's, reused
};

}  // namespace

std::unique_ptr<LedgerFile> DocumentWriter::LedgerXlsx(const ReportData& head) const {
    return std::make_unique<LedgerXlsxFile>(head);
}

}  // namespace zs
