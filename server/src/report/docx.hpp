// Renders a report Document as a Word .docx laid out after GB/T 9704-2012 (党政机关公文格式): A4,
// 22 lines of 28 characters, 仿宋 body, page numbers "— n —". Deterministic: the same Document gives
// the same bytes (fixed zip entry order and timestamps, no clock, no random ids).
#pragma once

#include <string>
#include <string_view>

#include "core/document.hpp"

namespace zs {

// The .docx bytes. Throws std::runtime_error only when the embedded templates or libzip fail.
std::string RenderDocx(const Document& d);

// `s` with only what XML 1.0 (and so .docx, .xlsx and HTML) can carry: tab and line feed kept, other
// control characters and non-characters dropped, malformed UTF-8 replaced by U+FFFD. Shared by the
// three renderers, since composed data may hold anything.
std::string XmlSafeText(std::string_view s);
// XmlSafeText(s) appended to `out`.
void AppendXmlSafeText(std::string& out, std::string_view s);

}  // namespace zs
