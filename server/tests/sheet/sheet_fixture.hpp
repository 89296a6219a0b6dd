// What the sheet tests share: zips built with libzip in memory, minimal .xlsx packages around a
// hand-written sheet, shell commands, and the check that an error is a 422 a user can read.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "sheet/sheet.hpp"

namespace zs::sheet::test {

namespace fs = std::filesystem;

struct Entry {
    std::string name;
    std::string data;
};

// A zip of these entries, deflated (or stored), as bytes.
inline std::string MakeZip(const std::vector<Entry>& entries, bool store = false) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (buffer == nullptr) throw std::runtime_error("zip_source_buffer_create");
    zip_source_keep(buffer);
    zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (z == nullptr) throw std::runtime_error("zip_open_from_source");
    for (const Entry& e : entries) {
        zip_source_t* s = zip_source_buffer(z, e.data.data(), e.data.size(), 0);
        const zip_int64_t index = zip_file_add(z, e.name.c_str(), s, ZIP_FL_ENC_UTF_8);
        if (index < 0) throw std::runtime_error("zip_file_add");
        zip_set_file_compression(z, static_cast<zip_uint64_t>(index), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
    }
    if (zip_close(z) != 0) throw std::runtime_error("zip_close");
    std::string out;
    if (zip_source_open(buffer) != 0) throw std::runtime_error("zip_source_open");
    char chunk[65536];
    zip_int64_t n = 0;
    while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) out.append(chunk, static_cast<std::size_t>(n));
    zip_source_close(buffer);
    zip_source_free(buffer);
    return out;
}

// One entry of a zip (empty when missing), for looking into what the writer wrote.
inline std::string ZipEntry(const std::string& zip_bytes, const std::string& name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (z == nullptr) throw std::runtime_error("not a zip");
    std::string out;
    zip_stat_t st;
    if (zip_stat(z, name.c_str(), 0, &st) == 0) {
        out.resize(static_cast<std::size_t>(st.size));
        zip_file_t* f = zip_fopen(z, name.c_str(), 0);
        zip_fread(f, out.data(), out.size());
        zip_fclose(f);
    }
    zip_discard(z);
    return out;
}

inline const std::string kMainNs = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
inline const std::string kRelNs = R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
inline const std::string kPackageRelNs = R"(xmlns="http://schemas.openxmlformats.org/package/2006/relationships")";
inline const std::string kRelType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

inline std::string Worksheet(const std::string& sheet_data, const std::string& after = "") {
    return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
           "\n<worksheet " +
           kMainNs + " " + kRelNs + "><sheetData>" + sheet_data + "</sheetData>" + after + "</worksheet>";
}

struct Package {
    std::vector<std::string> sheets = {Worksheet("")};  // xl/worksheets/sheetN.xml
    std::vector<std::string> sheet_names;               // default Sheet1, Sheet2 …
    std::vector<std::string> sheet_states;              // "" visible, "hidden", "veryHidden"
    std::string workbook_pr;                            // e.g. <workbookPr date1904="1"/>
    std::string shared_strings;                         // whole part, or empty for none
    std::string styles;                                 // whole part, or empty for none
    bool absolute_targets = false;
};

inline std::string BuildXlsx(const Package& p) {
    std::vector<Entry> e;
    e.push_back(
        {"[Content_Types].xml",
         R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)"});
    e.push_back({"_rels/.rels", "<Relationships " + kPackageRelNs + R"(><Relationship Id="rId1" Type=")" + kRelType +
                                    R"(officeDocument" Target="xl/workbook.xml"/></Relationships>)"});
    std::string sheets, rels;
    for (std::size_t i = 0; i < p.sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        const std::string name = i < p.sheet_names.size() ? p.sheet_names[i] : "Sheet" + n;
        const std::string state =
            i < p.sheet_states.size() && !p.sheet_states[i].empty() ? R"( state=")" + p.sheet_states[i] + R"(")" : "";
        sheets += R"(<sheet name=")" + name + R"(" sheetId=")" + n + R"(")" + state + R"( r:id="rIdS)" + n + R"("/>)";
        rels += R"(<Relationship Id="rIdS)" + n + R"(" Type=")" + kRelType + R"(worksheet" Target=")" +
                (p.absolute_targets ? "/xl/worksheets/sheet" : "worksheets/sheet") + n + R"(.xml"/>)";
        e.push_back({"xl/worksheets/sheet" + n + ".xml", p.sheets[i]});
    }
    if (!p.shared_strings.empty()) {
        rels += R"(<Relationship Id="rIdSS" Type=")" + kRelType + R"(sharedStrings" Target="sharedStrings.xml"/>)";
        e.push_back({"xl/sharedStrings.xml", p.shared_strings});
    }
    if (!p.styles.empty()) {
        rels += R"(<Relationship Id="rIdST" Type=")" + kRelType + R"(styles" Target="styles.xml"/>)";
        e.push_back({"xl/styles.xml", p.styles});
    }
    e.push_back({"xl/workbook.xml", "<workbook " + kMainNs + " " + kRelNs + ">" + p.workbook_pr + "<sheets>" + sheets +
                                        "</sheets></workbook>"});
    e.push_back({"xl/_rels/workbook.xml.rels", "<Relationships " + kPackageRelNs + ">" + rels + "</Relationships>"});
    return MakeZip(e);
}

inline std::string OneSheet(const std::string& sheet_data, const std::string& after = "") {
    Package p;
    p.sheets = {Worksheet(sheet_data, after)};
    return BuildXlsx(p);
}

// Runs a shell command and returns its standard output; throws (failing the test) on a non-zero exit.
inline std::string RunCommand(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run: " + command);
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    const int status = pclose(pipe);
    if (status != 0) throw std::runtime_error("exit status " + std::to_string(status) + ": " + command);
    return out;
}

struct TempDir {
    explicit TempDir(const std::string& tag)
        : path(fs::temp_directory_path() / ("zs-sheet-test-" + tag + "-" + std::to_string(getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

inline std::string ReadBytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void WriteBytes(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary) << bytes; }

// The error `read` throws: must be a 422 on "file" whose message contains `expected` and uses
// full-width punctuation only (no ASCII , ; : ( ) — and so no library text).
inline void ExpectFileError(const std::function<void()>& read, const std::string& expected) {
    try {
        read();
        ADD_FAILURE() << "no error; expected one containing: " << expected;
    } catch (const ApiError& e) {
        EXPECT_EQ(e.error().code, ErrorCode::kUnprocessable) << e.error().message;
        EXPECT_EQ(e.error().field, "file");
        EXPECT_NE(e.error().message.find(expected), std::string::npos)
            << "message: " << e.error().message << "\nexpected to contain: " << expected;
        EXPECT_EQ(e.error().message.find_first_of(",;:()"), std::string::npos) << e.error().message;
    }
}

// Row `number` of a sheet (nullptr when the sheet has no such row).
inline const Row* FindRow(const Sheet& s, int64_t number) {
    for (const Row& r : s.rows) {
        if (r.number == number) return &r;
    }
    return nullptr;
}

// The cell at (row number, 0-based column); an empty cell when there is none.
inline Cell At(const Sheet& s, int64_t row, std::size_t column) {
    const Row* r = FindRow(s, row);
    if (r == nullptr || column >= r->cells.size()) return {};
    return r->cells[column];
}

}  // namespace zs::sheet::test
