// What a route handler receives (the parsed request) and what it gives back (a Reply to render).
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "service/app.hpp"

namespace zs::http {

namespace bhttp = boost::beast::http;

using Request = bhttp::request<bhttp::string_body>;
using PathParams = std::map<std::string, std::string, std::less<>>;
using PathIds = std::map<std::string, int64_t, std::less<>>;

struct RequestContext {
    const Request* request = nullptr;
    PathParams params;           // every {name} of the pattern, decoded
    PathIds ids;                 // the {name:int} ones, already parsed as positive int64
    Query query;                 // decoded query parameters
    std::optional<Actor> actor;  // set on routes that need a session
    std::string session_token;   // the zs_session cookie, when sent
    boost::json::value body;     // the parsed object on JSON routes
    bool secure = false;         // the browser talks https (cookie gets Secure)

    int64_t Id(std::string_view name) const { return ids.at(std::string(name)); }
    const std::string& Param(std::string_view name) const { return params.at(std::string(name)); }
    const Actor& Who() const { return *actor; }
};

// The outcome of a handler: a JSON answer, no content, or a file to stream.
struct Reply {
    bhttp::status status = bhttp::status::ok;
    std::optional<boost::json::value> json;  // nullopt: no body
    std::optional<FileDownload> file;
    std::optional<FileBytes> bytes;  // a document built or stored in memory, sent as an attachment
    std::vector<std::pair<bhttp::field, std::string>> headers;

    static Reply Json(boost::json::value v, bhttp::status s = bhttp::status::ok) {
        Reply r;
        r.status = s;
        r.json = std::move(v);
        return r;
    }
    static Reply Created(boost::json::value v) { return Json(std::move(v), bhttp::status::created); }
    static Reply NoContent() {
        Reply r;
        r.status = bhttp::status::no_content;
        return r;
    }
    static Reply File(FileDownload f) {
        Reply r;
        r.file = std::move(f);
        return r;
    }
    static Reply Bytes(FileBytes f) {
        Reply r;
        r.bytes = std::move(f);
        return r;
    }
};

using Handler = std::function<Reply(RequestContext&)>;

}  // namespace zs::http
