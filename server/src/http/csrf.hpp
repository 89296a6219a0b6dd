// Cross-site request checks for state-changing requests: the Origin must be the server's own.
#pragma once

#include <string_view>

namespace zs::http {

// The scheme the browser used: "https" only when we sit behind the TLS proxy and it says so
// (X-Forwarded-Proto: https); "http" otherwise.
std::string_view RequestScheme(bool behind_tls_proxy, std::string_view forwarded_proto);

// True when `origin` ("http://host[:port]") is scheme://<the Host header>. Host names compare
// case-insensitively, a missing port is the scheme's default; "null", paths and userinfo never match.
bool SameOrigin(std::string_view origin, std::string_view host, std::string_view scheme);

// The whole CSRF rule: X-Requested-With: XMLHttpRequest and a same-origin Origin header.
bool CsrfAllowed(std::string_view requested_with, std::string_view origin, std::string_view host,
                 std::string_view scheme);

inline constexpr std::string_view kCsrfMessage = "跨站请求被拒绝";

}  // namespace zs::http
