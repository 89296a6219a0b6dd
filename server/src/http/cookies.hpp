// The session cookie: reading it from Cookie headers and writing the Set-Cookie that sets or clears it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zs::http {

inline constexpr std::string_view kSessionCookie = "zs_session";

// The value of cookie `name` in one Cookie header ("a=1; zs_session=xyz"); quotes around the value
// are removed. The first occurrence wins; nullopt when absent.
std::optional<std::string> FindCookie(std::string_view header, std::string_view name);

// Set-Cookie value for a new session: HttpOnly, SameSite=Strict, Path=/, Max-Age, Secure when asked.
std::string SessionCookie(std::string_view token, int64_t max_age_seconds, bool secure);

// Set-Cookie value that makes the browser forget the session cookie.
std::string ClearSessionCookie(bool secure);

}  // namespace zs::http
