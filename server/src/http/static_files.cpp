#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>
#include <utility>
#include <vector>

namespace zs::http {

namespace fs = std::filesystem;

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool IsInside(const fs::path& root, const fs::path& p) {
    auto r = root.begin();
    auto q = p.begin();
    for (; r != root.end(); ++r, ++q) {
        if (r->empty()) continue;  // a trailing separator on root yields an empty last element
        if (q == p.end() || *r != *q) return false;
    }
    return true;
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = HexValue(s[i + 1]);
        const int lo = HexValue(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

StaticTarget ResolveStatic(const fs::path& root, std::string_view encoded_path) {
    StaticTarget invalid{StaticKind::kInvalid, {}};
    if (encoded_path.empty() || encoded_path.front() != '/') return invalid;
    std::vector<std::string> segments;
    std::string_view rest = encoded_path.substr(1);
    while (true) {
        const auto slash = rest.find('/');
        const std::string_view raw = rest.substr(0, slash);
        auto seg = PercentDecode(raw);
        if (!seg) return invalid;
        if (!seg->empty()) {
            if (seg->front() == '.') return invalid;  // ".", "..", and hidden files like .env
            if (seg->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) return invalid;
            segments.push_back(std::move(*seg));
        }
        if (slash == std::string_view::npos) break;
        rest = rest.substr(slash + 1);
    }
    if (segments.empty()) return {StaticKind::kFallback, {}};

    fs::path candidate = root;
    for (const auto& s : segments) candidate /= s;
    std::error_code ec;
    const auto st = fs::status(candidate, ec);
    if (ec || !fs::is_regular_file(st)) return {StaticKind::kFallback, {}};
    fs::path canonical = fs::canonical(candidate, ec);
    if (ec) return {StaticKind::kFallback, {}};
    if (!IsInside(root, canonical)) return invalid;
    return {StaticKind::kFile, std::move(canonical)};
}

std::string_view MimeType(const fs::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".ttf", "font/ttf"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    for (const auto& [e, type] : kTypes) {
        if (e == ext) return type;
    }
    return "application/octet-stream";
}

std::string_view StaticCacheControl(std::string_view encoded_path, StaticKind kind) {
    if (kind == StaticKind::kFile && encoded_path.starts_with("/assets/")) {
        return "public, max-age=31536000, immutable";
    }
    return "no-cache";
}

}  // namespace zs::http
