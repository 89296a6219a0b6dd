#include "http/csrf.hpp"

#include <boost/algorithm/string/predicate.hpp>
#include <optional>
#include <string>

namespace zs::http {

namespace {

struct Authority {
    std::string host;  // lower case; IPv6 keeps its brackets
    unsigned port = 0;
};

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// "host", "host:port", "[v6]", "[v6]:port"; nullopt for anything else.
std::optional<Authority> ParseAuthority(std::string_view s, unsigned default_port) {
    if (s.empty()) return std::nullopt;
    for (char c : s) {
        if (c == '/' || c == '?' || c == '#' || c == '@' || c == '\\' || c == ' ' || c == '\t' ||
            static_cast<unsigned char>(c) < 0x20) {
            return std::nullopt;
        }
    }
    std::string_view host;
    std::string_view port;
    if (s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = s.substr(0, close + 1);
        std::string_view rest = s.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port = rest.substr(1);
            if (port.empty()) return std::nullopt;
        }
    } else {
        const auto colon = s.find(':');
        host = s.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = s.substr(colon + 1);
            if (port.empty()) return std::nullopt;
        }
    }
    if (host.empty()) return std::nullopt;
    Authority a{Lower(host), default_port};
    if (!port.empty()) {
        if (port.size() > 5) return std::nullopt;
        unsigned value = 0;
        for (char c : port) {
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value == 0 || value > 65535) return std::nullopt;
        a.port = value;
    }
    return a;
}

}  // namespace

std::string_view RequestScheme(bool behind_tls_proxy, std::string_view forwarded_proto) {
    if (!behind_tls_proxy) return "http";
    // A proxy chain may list several ("https, http"); the first is what the browser used.
    const auto comma = forwarded_proto.find(',');
    std::string_view first = forwarded_proto.substr(0, comma);
    while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
    while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
    return boost::algorithm::iequals(first, "https") ? "https" : "http";
}

bool SameOrigin(std::string_view origin, std::string_view host, std::string_view scheme) {
    const unsigned default_port = scheme == "https" ? 443 : 80;
    const std::string prefix = std::string(scheme) + "://";
    if (origin.size() <= prefix.size() || !boost::algorithm::iequals(origin.substr(0, prefix.size()), prefix)) {
        return false;
    }
    const auto from_origin = ParseAuthority(origin.substr(prefix.size()), default_port);
    const auto from_host = ParseAuthority(host, default_port);
    if (!from_origin || !from_host) return false;
    return from_origin->host == from_host->host && from_origin->port == from_host->port;
}

bool CsrfAllowed(std::string_view requested_with, std::string_view origin, std::string_view host,
                 std::string_view scheme) {
    return boost::algorithm::iequals(requested_with, "XMLHttpRequest") && SameOrigin(origin, host, scheme);
}

}  // namespace zs::http
