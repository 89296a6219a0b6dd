#include "sheet/xlsx_workbook.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace zs::sheet {
namespace {

// A file in the temporary directory, created empty and unique, removed when this goes away.
class TempFile {
public:
    TempFile() {
        std::string pattern = (std::filesystem::temp_directory_path() / "zs-xlsx-XXXXXX").string();
        const int fd = mkstemp(pattern.data());
        if (fd < 0) throw std::runtime_error("xlsx: cannot create a temporary file");
        close(fd);
        path_ = pattern;
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("xlsx: cannot read the workbook back");
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

void CheckLxw(lxw_error e, std::string_view what) {
    if (e != LXW_NO_ERROR) throw std::runtime_error("xlsx: " + std::string(what) + ": " + lxw_strerror(e));
}

std::size_t Utf8Length(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

std::string Utf8Prefix(std::string_view s, std::size_t chars) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (n == chars) return std::string(s.substr(0, i));
            ++n;
        }
    }
    return std::string(s);
}

std::string BuildXlsx(const WorkbookProperties& properties, const std::function<void(lxw_workbook*)>& fill,
                      const std::function<void(const std::string& path)>& after_close) {
    const TempFile file;
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    options.use_zip64 = LXW_FALSE;
    lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
    if (wb == nullptr) throw std::runtime_error("xlsx: workbook_new failed");
    try {
        lxw_doc_properties props{};
        props.title = const_cast<char*>(properties.title.c_str());
        props.author = const_cast<char*>(properties.author.c_str());
        props.created = kFixedCreated;
        CheckLxw(workbook_set_properties(wb, &props), "set_properties");
        fill(wb);
    } catch (...) {
        workbook_close(wb);  // frees the workbook; the temporary file goes with `file`
        throw;
    }
    CheckLxw(workbook_close(wb), "close");
    if (after_close) after_close(file.path());
    return ReadFile(file.path());
}

}  // namespace zs::sheet
