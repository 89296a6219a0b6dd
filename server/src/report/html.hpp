// Renders a report Document as one self-contained HTML page (inline CSS, no scripts, no external
// resources) carrying the same text as the .docx, for the browser preview and the stored copy.
#pragma once

#include <string>
#include <vector>

#include "core/document.hpp"

namespace zs {

// A UTF-8 HTML5 document; every text is escaped. Deterministic.
std::string RenderHtml(const Document& d);

// The page of `d` with rows added to its last block, a table, one at a time after the rows it
// already has (the whole ledger the `report` command writes): Finish() gives the bytes RenderHtml
// gives for the document holding every row. `d`'s issuer and date line are kept for the end.
class HtmlTableStream {
public:
    explicit HtmlTableStream(const Document& d);
    // std::logic_error when the document does not end with a table.
    void AddRow(const std::vector<Cell>& cells);
    std::string Finish();

private:
    std::string issuer_;  // the signature lines, written by Finish
    std::string date_line_;
    std::string out_;
    std::vector<Column> columns_;  // of the open table
    bool open_ = false;
};

}  // namespace zs
