// Renders a report Document as an .xlsx workbook (sheet/xlsx_workbook): one sheet per table, the text on a
// sheet of its own, figures as numbers, never a formula. Deterministic: the same Document gives the
// same bytes.
#pragma once

#include <string>

#include "core/document.hpp"

namespace zs {

// The .xlsx bytes. Throws std::runtime_error when zlib fails.
std::string RenderXlsx(const Document& d);

}  // namespace zs
