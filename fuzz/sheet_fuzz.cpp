// libFuzzer target for the sheet reader (built and run by scripts/fuzz with clang and
// -fsanitize=fuzzer,address,undefined). Every input is read twice:
//   1. as an uploaded file: ReadAny(bytes), so CSV, zip and OLE sniffing and the zip checks see it;
//   2. as the parts of an .xlsx: the input split at 0x01 into sheet XML, shared strings, styles
//      and workbook XML (missing ones are defaults), stored — not deflated — in a zip built here,
//      so mutations reach the XML scanner and parsers instead of dying at a zip checksum.
// A zs::ApiError is the reader's answer to a bad file; anything else escaping, or a sanitizer
// report, is a finding.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "sheet/sheet.hpp"

namespace {

const char kWorkbook[] =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
const char kRels[] =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>)"
    R"(</Relationships>)";

std::string StoredZip(const std::vector<std::pair<std::string, std::string_view>>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) __builtin_trap();
    zip_source_keep(buffer);
    zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (z == nullptr) __builtin_trap();
    for (const auto& [name, data] : entries) {
        zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
        const zip_int64_t i = zip_file_add(z, name.c_str(), s, 0);
        if (i < 0) __builtin_trap();
        zip_set_file_compression(z, static_cast<zip_uint64_t>(i), ZIP_CM_STORE, 0);
    }
    if (zip_close(z) != 0) __builtin_trap();
    std::string out;
    zip_source_open(buffer);
    char chunk[16384];
    zip_int64_t n = 0;
    while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) out.append(chunk, static_cast<std::size_t>(n));
    zip_source_close(buffer);
    zip_source_free(buffer);
    return out;
}

void Read(std::string_view bytes, const zs::sheet::Limits& limits) {
    try {
        zs::sheet::ReadAny(bytes, limits, [](int64_t) { return true; });
    } catch (const zs::ApiError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // Smaller than the defaults so that one input stays fast; the checks are the same.
    zs::sheet::Limits limits;
    limits.max_uncompressed_bytes = 16LL * 1024 * 1024;
    limits.max_rows = 5000;
    limits.max_columns = 64;
    Read(input, limits);

    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (parts.size() < 3) {
        const std::size_t cut = input.find('\x01', start);
        if (cut == std::string_view::npos) break;
        parts.push_back(input.substr(start, cut - start));
        start = cut + 1;
    }
    parts.push_back(input.substr(start));
    std::vector<std::pair<std::string, std::string_view>> entries = {{"xl/worksheets/sheet1.xml", parts[0]},
                                                                      {"xl/_rels/workbook.xml.rels", kRels}};
    if (parts.size() > 1) entries.emplace_back("xl/sharedStrings.xml", parts[1]);
    if (parts.size() > 2) entries.emplace_back("xl/styles.xml", parts[2]);
    entries.emplace_back("xl/workbook.xml", parts.size() > 3 ? parts[3] : std::string_view(kWorkbook));
    Read(StoredZip(entries), limits);
    return 0;
}
