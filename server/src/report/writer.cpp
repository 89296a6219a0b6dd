#include "report/writer.hpp"

#include "core/error.hpp"
#include "report/compose.hpp"
#include "report/docx.hpp"
#include "report/html.hpp"
#include "report/xlsx.hpp"

namespace zs {

namespace {
ApiError LedgerAsDocx() { return ApiError(ErrorCode::kBadRequest, "台账只导出 .xlsx 或 HTML", "format"); }
}  // namespace

Document DocumentWriter::Compose(const ReportData& data) const { return ComposeReport(data); }

std::string DocumentWriter::Render(const Document& doc, DocFormat format) const {
    switch (format) {
        case DocFormat::kDocx:
            if (doc.type == ReportTypeKey(ReportType::kLedger)) throw LedgerAsDocx();
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
// them) and written to the file (XlsxTableStream, HtmlTableStream) as each slice arrives.
template <typename Stream>
class StreamedLedger final : public LedgerFile {
public:
    explicit StreamedLedger(const ReportData& head) : head_(LedgerHead(head)), rows_(head), stream_(head_) {}
    const Document& Head() const override { return head_; }
    void Add(const std::vector<Project>& projects, const std::vector<Problem>& open_problems) override {
        const auto problems_of = OpenProblemsByProject(open_problems);
        for (const Project& p : projects) {
            const auto it = problems_of.find(p.id);
            rows_.Row(p, it != problems_of.end() ? &it->second : nullptr, nullptr, cells_);
            stream_.AddRow(cells_);
        }
    }
    std::string Finish() override { return stream_.Finish(); }

private:
    Document head_;
    LedgerRows rows_;
    Stream stream_;
    std::vector<Cell> cells_;  // one row's, reused
};

}  // namespace

std::unique_ptr<LedgerFile> DocumentWriter::Ledger(const ReportData& head, DocFormat format) const {
    switch (format) {
        case DocFormat::kXlsx:
            return std::make_unique<StreamedLedger<XlsxTableStream>>(head);
        case DocFormat::kHtml:
            return std::make_unique<StreamedLedger<HtmlTableStream>>(head);
        case DocFormat::kDocx:
            break;
    }
    throw LedgerAsDocx();
}

}  // namespace zs
