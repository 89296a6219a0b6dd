// Renders a report Document as one self-contained HTML page (inline CSS, no scripts, no external
// resources) carrying the same text as the .docx, for the browser preview and the stored copy.
#pragma once

#include <string>

#include "core/document.hpp"

namespace zs {

// A UTF-8 HTML5 document; every text is escaped. Deterministic.
std::string RenderHtml(const Document& d);

}  // namespace zs
