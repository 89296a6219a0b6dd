#include "http/cookies.hpp"

#include <fmt/format.h>

namespace zs::http {

namespace {

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<std::string> FindCookie(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto semi = header.find(';');
        std::string_view pair = Trim(header.substr(0, semi));
        header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (Trim(pair.substr(0, eq)) != name) continue;
        std::string_view value = Trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return std::nullopt;
}

std::string SessionCookie(std::string_view token, int64_t max_age_seconds, bool secure) {
    return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", kSessionCookie, token,
                       max_age_seconds < 0 ? 0 : max_age_seconds, secure ? "; Secure" : "");
}

std::string ClearSessionCookie(bool secure) {
    return fmt::format("{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{}", kSessionCookie, secure ? "; Secure" : "");
}

}  // namespace zs::http
