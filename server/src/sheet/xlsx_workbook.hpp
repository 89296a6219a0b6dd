// Writing an .xlsx through libxlsxwriter into bytes: the temporary file the library needs, fixed
// document dates so that the same content gives the same bytes, and the UTF-8 measures Excel's
// limits are counted in. Shared by the sheet writer (WriteXlsx) and the report renderer
// (report/xlsx.cpp); everything else about a workbook's content is the caller's.
#pragma once

#include <xlsxwriter.h>

#include <cstddef>
#include <ctime>
#include <functional>
#include <string>
#include <string_view>

namespace zs::sheet {

// libxlsxwriter stamps the current time into docProps/core.xml unless told otherwise; a fixed
// instant (2000-01-01T00:00:00Z) keeps two renderings of the same content byte-identical.
inline constexpr time_t kFixedCreated = 946'684'800;
inline constexpr std::size_t kMaxCellChars = 32'767;  // the longest string a cell holds
inline constexpr std::size_t kMaxSheetNameChars = 31;

struct WorkbookProperties {
    std::string title;
    std::string author;
};

// Creates a workbook on a temporary file, lets `fill` add sheets and cells, closes it, lets
// `after_close` (optional) touch the closed file, and answers the bytes. The temporary file is
// removed whatever happens. Throws std::runtime_error when libxlsxwriter or the file fails, and
// passes on what `fill` throws.
std::string BuildXlsx(const WorkbookProperties& properties, const std::function<void(lxw_workbook*)>& fill,
                      const std::function<void(const std::string& path)>& after_close = {});

// Throws std::runtime_error("xlsx: <what>: <library text>") when a libxlsxwriter call failed.
void CheckLxw(lxw_error e, std::string_view what);

// Code points in UTF-8 text (continuation bytes not counted).
std::size_t Utf8Length(std::string_view s);
// The first `chars` code points of `s`.
std::string Utf8Prefix(std::string_view s, std::size_t chars);

}  // namespace zs::sheet
