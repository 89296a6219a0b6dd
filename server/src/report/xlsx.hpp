// Renders a report Document as an .xlsx workbook (sheet/xlsx_workbook): one sheet per table, the text on a
// sheet of its own, figures as numbers, never a formula. Deterministic: the same Document gives the
// same bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/document.hpp"

namespace zs {

// The .xlsx bytes. Throws std::runtime_error when zlib fails.
std::string RenderXlsx(const Document& d);

// The workbook of `d` with rows added to its last block, a table, one at a time after the rows it
// already has: for the whole ledger, whose 10^5 rows are never held at once. Finish() gives the
// bytes RenderXlsx gives for the document holding every row.
class XlsxTableStream {
public:
    explicit XlsxTableStream(const Document& d);
    ~XlsxTableStream();
    XlsxTableStream(const XlsxTableStream&) = delete;
    XlsxTableStream& operator=(const XlsxTableStream&) = delete;
    // std::logic_error when the document does not end with a table.
    void AddRow(const std::vector<Cell>& cells);
    std::string Finish();

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace zs
