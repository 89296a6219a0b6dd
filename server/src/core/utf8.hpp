// UTF-8 in and out: what the spreadsheet reader, the .docx writer and the import's header matching
// all need, in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace zs {

// The length of the valid UTF-8 sequence at s[i] (1..4), or 0 when the bytes there are not one
// (overlong forms, surrogates and code points past U+10FFFF are not valid).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i);
bool IsValidUtf8(std::string_view s);
// Invalid sequences replaced by U+FFFD, so the text is safe for JSON and XML.
std::string ToValidUtf8(std::string_view s);
void AppendUtf8(std::string& out, uint32_t code_point);
// The code point at s[i], advancing i past it; U+FFFD (advancing one byte) where the bytes are not UTF-8.
uint32_t NextCodePoint(std::string_view s, std::size_t& i);

}  // namespace zs
