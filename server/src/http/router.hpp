// The route table's matcher: path patterns with parameters, method matching, 404 versus 405.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/context.hpp"

namespace zs::http {

enum class Access {
    kPublic,   // no session needed
    kSession,  // a live session: App::Authenticate gives the Actor
};

enum class BodyKind {
    kNone,  // the body is ignored
    kJson,  // must be a JSON object
    kRaw,   // handed over as bytes (evidence upload)
};

enum class BodySize { kDefault, kUpload };

struct Route {
    bhttp::verb method = bhttp::verb::get;
    std::string pattern;  // "/api/projects/{id:int}/nodes/{node}"
    Access access = Access::kSession;
    BodyKind body = BodyKind::kNone;
    BodySize size = BodySize::kDefault;
    Handler handler;
};

enum class MatchStatus { kFound, kNotFound, kMethodNotAllowed };

struct RouteMatch {
    MatchStatus status = MatchStatus::kNotFound;
    const Route* route = nullptr;
    PathParams params;
    PathIds ids;
    std::vector<bhttp::verb> allowed;  // the methods the path does answer, for 405's Allow header
};

// A decimal positive int64 with no sign, no leading zero and no overflow; nullopt otherwise.
std::optional<int64_t> ParsePositiveId(std::string_view s);

class Router {
public:
    // Pattern segments are literals, {name} (any non-empty segment) or {name:int} (ParsePositiveId).
    // Throws std::invalid_argument on a malformed pattern or a duplicate method+pattern.
    void Add(Route route);

    // `encoded_path` is the request path as sent (percent-encoded, no query). HEAD matches GET
    // routes. A path whose {name:int} segment is not a valid id does not match (404).
    RouteMatch Match(bhttp::verb method, std::string_view encoded_path) const;

    // "GET, HEAD, PUT" for the Allow header.
    static std::string AllowHeader(const std::vector<bhttp::verb>& methods);

    const std::vector<Route>& routes() const { return routes_; }

private:
    struct Segment {
        std::string text;  // literal text, or the parameter name
        bool param = false;
        bool integer = false;
    };
    std::vector<Route> routes_;
    std::vector<std::vector<Segment>> patterns_;  // parallel to routes_
};

}  // namespace zs::http
