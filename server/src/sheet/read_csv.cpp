// The .csv reader: decodes to UTF-8 (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 —
// a superset of GBK — through glibc's iconv), then reads RFC 4180 records into text cells.
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "sheet/internal.hpp"
#include "sheet/sheet.hpp"

namespace zs::sheet {
namespace {

using internal::Fail;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

int64_t LineAt(std::string_view text, std::size_t offset) {
    return 1 +
           std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size())), '\n');
}

[[noreturn]] void FailEncoding(int64_t line, std::string_view what) {
    Fail("第 " + std::to_string(line) + " 行含有无法识别的字符（" + std::string(what) +
         "），请在 Excel/WPS 中另存为“CSV UTF-8”格式后再导入");
}

// Converts `in` from `from` to UTF-8. On a byte sequence that does not convert, fails naming the
// line: counted in the input for GB18030 (0x0A never occurs inside a multi-byte character there),
// in the output for UTF-16.
std::string ConvertToUtf8(std::string_view in, const char* from, bool count_lines_in_output) {
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == reinterpret_cast<iconv_t>(-1)) Fail("无法识别文件的编码，请另存为“CSV UTF-8”格式后再导入");
    std::string out(in.size() * 2 + 16, '\0');
    auto* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    std::size_t written = 0;
    while (src_left > 0) {
        char* dst = out.data() + written;
        std::size_t dst_left = out.size() - written;
        const std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        written = out.size() - dst_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        iconv_close(cd);
        const std::size_t at = in.size() - src_left;
        const int64_t line =
            count_lines_in_output ? LineAt(std::string_view(out.data(), written), written) : LineAt(in, at);
        FailEncoding(line, count_lines_in_output ? "UTF-16 编码有误" : "文件编码既不是 UTF-8 也不是 GBK");
    }
    iconv_close(cd);
    out.resize(written);
    return out;
}

std::string Decode(std::string_view bytes) {
    if (bytes.substr(0, kUtf16LeBom.size()) == kUtf16LeBom) {
        return ConvertToUtf8(bytes.substr(kUtf16LeBom.size()), "UTF-16LE", true);
    }
    if (bytes.substr(0, kUtf16BeBom.size()) == kUtf16BeBom) {
        return ConvertToUtf8(bytes.substr(kUtf16BeBom.size()), "UTF-16BE", true);
    }
    const bool bom = bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom;
    if (bom) bytes.remove_prefix(kUtf8Bom.size());
    if (bytes.find('\0') != std::string_view::npos) {
        Fail("文件不是 CSV 文本（含有空字符），请上传 .xlsx 文件或 CSV 文件");
    }
    if (internal::IsValidUtf8(bytes)) return std::string(bytes);
    if (bom) {
        std::size_t i = 0;
        while (i < bytes.size()) {
            const std::size_t n = internal::Utf8SequenceLength(bytes, i);
            if (n == 0) break;
            i += n;
        }
        FailEncoding(LineAt(bytes, i), "文件标明为 UTF-8 编码，但内容不是");
    }
    return ConvertToUtf8(bytes, "GB18030", false);
}

// ',' unless the first line (outside quotes) has more ';' or tabs.
char DetectSeparator(std::string_view text) {
    int64_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
    }
    if (tab > comma && tab >= semicolon) return '\t';
    if (semicolon > comma) return ';';
    return ',';
}

}  // namespace

Sheet ReadCsv(std::string_view bytes, const Limits& limits, const Progress& progress) {
    if (bytes.empty()) Fail("文件为空");
    if (static_cast<int64_t>(bytes.size()) > limits.max_file_bytes) {
        Fail("文件过大（超过 " + internal::Megabytes(limits.max_file_bytes) + "），请拆分后再导入");
    }
    const std::string text = Decode(bytes);
    const char sep = DetectSeparator(text);
    internal::SheetBuilder builder(limits, progress);

    const std::size_t n = text.size();
    std::size_t i = 0;
    int64_t line = 1;  // physical line, for messages
    int64_t record = 0;
    std::string value;
    while (i < n) {
        builder.BeginRow(++record);
        int64_t column = 0;
        bool end_of_record = false;
        while (!end_of_record) {
            value.clear();
            if (i < n && text[i] == '"') {
                const int64_t opened_on = line;
                ++i;
                for (;;) {
                    const std::size_t quote = text.find('"', i);
                    if (quote == std::string::npos) {
                        Fail("第 " + std::to_string(opened_on) + " 行的引号没有配对，请检查该行后再导入");
                    }
                    for (std::size_t k = i; k < quote; ++k) {
                        line += text[k] == '\n' || (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n'));
                    }
                    value.append(text, i, quote - i);
                    i = quote + 1;
                    if (i < n && text[i] == '"') {
                        value.push_back('"');
                        ++i;
                        continue;
                    }
                    break;
                }
            }
            // Unquoted text, or what follows a closing quote before the separator (kept, as Excel does).
            const std::size_t start = i;
            while (i < n && text[i] != sep && text[i] != '\n' && text[i] != '\r') ++i;
            value.append(text, start, i - start);
            if (!value.empty()) builder.Set(column, Cell{CellKind::kText, value, 0, std::nullopt, false});
            ++column;
            if (i >= n) {
                end_of_record = true;
            } else if (text[i] == sep) {
                ++i;
            } else {
                if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
                ++i;
                ++line;
                end_of_record = true;
            }
        }
        builder.EndRow();
    }
    return builder.Finish("");
}

}  // namespace zs::sheet
