// Files compiled into the binary by server/cmake/embed_files.cmake (the .docx templates).
#pragma once

#include <string_view>
#include <vector>

namespace zs {

struct EmbeddedFile {
    std::string_view path;  // relative to the embedded folder, '/'-separated
    std::string_view bytes;
};

extern const std::vector<EmbeddedFile> kDocxTemplateFiles;  // server/templates/docx/

}  // namespace zs
