// Serving the built web app: mapping a request path to a file under web_root without ever leaving
// it, the MIME table and the caching rule.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace zs::http {

enum class StaticKind {
    kFile,      // serve `file`
    kFallback,  // no such file: serve index.html (the SPA routes on the client)
    kInvalid,   // traversal attempt or malformed path: refuse
};

struct StaticTarget {
    StaticKind kind = StaticKind::kInvalid;
    std::filesystem::path file;  // canonical, inside the root; set for kFile
};

// Resolves `encoded_path` (the request path as sent, percent-encoded, without the query) under
// `root`, which must be canonical. Segments "." and "..", hidden names, NUL, backslashes and
// encoded slashes are refused; the canonical result (symlinks followed) must stay inside root.
StaticTarget ResolveStatic(const std::filesystem::path& root, std::string_view encoded_path);

// Strict percent-decoding: nullopt for a '%' not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view s);

// Content-Type for a file by extension (case-insensitive); application/octet-stream when unknown.
std::string_view MimeType(const std::filesystem::path& file);

// Hashed build output under /assets/ is immutable; everything else (index.html…) revalidates.
std::string_view StaticCacheControl(std::string_view encoded_path, StaticKind kind);

}  // namespace zs::http
