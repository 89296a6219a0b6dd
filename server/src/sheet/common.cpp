// Shared reader pieces (sheet/internal.hpp) and ReadAny, which picks the reader by the first bytes.
#include <algorithm>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "sheet/internal.hpp"
#include "sheet/sheet.hpp"

namespace zs::sheet {

std::string ColumnName(int64_t column) {
    std::string name;
    for (int64_t n = column + 1; n > 0; n = (n - 1) / 26)
        name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
    return name;
}

namespace internal {

void Fail(std::string message) { throw ApiError(ErrorCode::kUnprocessable, std::move(message), "file"); }

std::string Megabytes(int64_t bytes) {
    constexpr int64_t kMiB = 1024 * 1024;
    if (bytes >= kMiB) return std::to_string(bytes / kMiB) + " MB";
    return std::to_string(std::max<int64_t>(bytes / 1024, 1)) + " KB";
}


SheetBuilder::SheetBuilder(const Limits& limits, const Progress& progress) : limits_(limits), progress_(progress) {}

void SheetBuilder::BeginRow(int64_t number) {
    row_.number = number;
    row_.cells.clear();
    in_row_ = true;
}

void SheetBuilder::Set(int64_t column, Cell cell) {
    if (cell.kind == CellKind::kEmpty || column < 0) return;
    if (column >= limits_.max_columns) {
        Fail("第 " + std::to_string(row_.number) + " 行在第 " + std::to_string(limits_.max_columns) +
             " 列之后还有数据（" + ColumnName(column) + " 列），请删除多余的列后再导入");
    }
    const auto index = static_cast<std::size_t>(column);
    if (index >= row_.cells.size()) row_.cells.resize(index + 1);
    if (row_.cells[index].kind == CellKind::kEmpty) ++cells_;
    text_bytes_ += static_cast<int64_t>(cell.text.size());
    if (text_bytes_ > limits_.max_uncompressed_bytes) {
        Fail("文件内容过多（超过 " + Megabytes(limits_.max_uncompressed_bytes) + "），请拆分后再导入");
    }
    row_.cells[index] = std::move(cell);
}

void SheetBuilder::EndRow() {
    if (!in_row_) return;
    in_row_ = false;
    while (!row_.cells.empty() && row_.cells.back().kind == CellKind::kEmpty) row_.cells.pop_back();
    if (row_.cells.empty()) return;
    if (static_cast<int64_t>(sheet_.rows.size()) >= limits_.max_rows) {
        Fail("工作表超过 " + std::to_string(limits_.max_rows) + " 行，请拆分为多个文件后再导入");
    }
    sheet_.rows.push_back(std::move(row_));
    row_ = Row{};
    const auto count = static_cast<int64_t>(sheet_.rows.size());
    if (progress_ && count % kProgressEvery == 0 && !progress_(count)) {
        throw ApiError(ErrorCode::kConflict, "已取消");
    }
}

Sheet SheetBuilder::Finish(std::string name) {
    EndRow();
    sheet_.name = std::move(name);
    return std::move(sheet_);
}

}  // namespace internal

namespace {

bool StartsWith(std::string_view bytes, std::string_view prefix) { return bytes.substr(0, prefix.size()) == prefix; }

// An OLE2 compound file holding "EncryptedPackage" is an .xlsx saved with a password to open it.
bool IsEncryptedOoxml(std::string_view bytes) {
    static constexpr char16_t kName[] = u"EncryptedPackage";
    std::string needle;
    for (const char16_t c : std::u16string_view(kName)) {
        needle.push_back(static_cast<char>(c & 0xFF));
        needle.push_back(static_cast<char>(c >> 8));
    }
    return bytes.find(needle) != std::string_view::npos;
}

}  // namespace

Sheet ReadAny(std::string_view bytes, const Limits& limits, const Progress& progress) {
    using internal::Fail;
    if (bytes.empty()) Fail("文件为空");
    if (StartsWith(bytes, "PK\x03\x04") || StartsWith(bytes, "PK\x05\x06")) return ReadXlsx(bytes, limits, progress);
    if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        if (static_cast<int64_t>(bytes.size()) <= limits.max_file_bytes && IsEncryptedOoxml(bytes)) {
            Fail("文件设有打开密码，请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入");
        }
        Fail("不支持 .xls 格式，请在 Excel/WPS 中另存为 .xlsx 后再导入");
    }
    return ReadCsv(bytes, limits, progress);
}

}  // namespace zs::sheet
