#include "http/router.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "http/static_files.hpp"

namespace zs::http {

namespace {

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {""}; nullopt unless it starts with '/'.
std::optional<std::vector<std::string_view>> SplitPath(std::string_view path) {
    if (path.empty() || path.front() != '/') return std::nullopt;
    std::vector<std::string_view> out;
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

}  // namespace

std::optional<int64_t> ParsePositiveId(std::string_view s) {
    if (s.empty() || s.size() > 19 || s.front() == '0') return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(v);
}

void Router::Add(Route route) {
    auto parts = SplitPath(route.pattern);
    if (!parts) throw std::invalid_argument("route pattern must start with '/': " + route.pattern);
    std::vector<Segment> segments;
    for (std::string_view p : *parts) {
        Segment s;
        if (p.size() >= 2 && p.front() == '{' && p.back() == '}') {
            std::string_view inner = p.substr(1, p.size() - 2);
            s.param = true;
            if (inner.ends_with(":int")) {
                s.integer = true;
                inner.remove_suffix(4);
            }
            if (inner.empty() || inner.find_first_of("{}:") != std::string_view::npos) {
                throw std::invalid_argument("bad route parameter in " + route.pattern);
            }
            s.text = std::string(inner);
        } else {
            if (p.empty() || p.find_first_of("{}") != std::string_view::npos) {
                throw std::invalid_argument("bad route segment in " + route.pattern);
            }
            s.text = std::string(p);
        }
        segments.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (routes_[i].method == route.method && routes_[i].pattern == route.pattern) {
            throw std::invalid_argument("duplicate route " + route.pattern);
        }
    }
    routes_.push_back(std::move(route));
    patterns_.push_back(std::move(segments));
}

RouteMatch Router::Match(bhttp::verb method, std::string_view encoded_path) const {
    RouteMatch result;
    auto raw = SplitPath(encoded_path);
    if (!raw) return result;
    std::vector<std::string> decoded;
    decoded.reserve(raw->size());
    for (std::string_view r : *raw) {
        auto d = PercentDecode(r);
        if (!d) return result;
        decoded.push_back(std::move(*d));
    }
    const bhttp::verb wanted = method == bhttp::verb::head ? bhttp::verb::get : method;

    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& pattern = patterns_[i];
        if (pattern.size() != decoded.size()) continue;
        PathParams params;
        PathIds ids;
        bool ok = true;
        for (std::size_t k = 0; k < pattern.size() && ok; ++k) {
            const Segment& s = pattern[k];
            const std::string& value = decoded[k];
            if (!s.param) {
                ok = s.text == value;
            } else if (value.empty() || value.find('\0') != std::string::npos) {
                ok = false;
            } else if (s.integer) {
                auto id = ParsePositiveId(value);
                ok = id.has_value();
                if (ok) ids[s.text] = *id;
                params[s.text] = value;
            } else {
                params[s.text] = value;
            }
        }
        if (!ok) continue;
        const Route& route = routes_[i];
        if (route.method == wanted && result.route == nullptr) {
            result.route = &route;
            result.params = std::move(params);
            result.ids = std::move(ids);
        }
        if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
            result.allowed.push_back(route.method);
            if (route.method == bhttp::verb::get) result.allowed.push_back(bhttp::verb::head);
        }
    }
    if (result.route != nullptr) {
        result.status = MatchStatus::kFound;
    } else if (!result.allowed.empty()) {
        result.status = MatchStatus::kMethodNotAllowed;
    }
    return result;
}

std::string Router::AllowHeader(const std::vector<bhttp::verb>& methods) {
    std::string out;
    for (auto m : methods) {
        if (!out.empty()) out += ", ";
        out += std::string(bhttp::to_string(m));
    }
    return out;
}

}  // namespace zs::http
