// One request in, one response out: routing, CSRF, sessions, body parsing, the App call, error
// rendering, static files, security headers and the access log. No sockets here.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <cstddef>
#include <variant>

#include "http/router.hpp"
#include "http/server.hpp"

namespace zs::http {

using StringResponse = bhttp::response<bhttp::string_body>;
using FileResponse = bhttp::response<bhttp::file_body>;
using EmptyResponse = bhttp::response<bhttp::empty_body>;
using Response = std::variant<StringResponse, FileResponse, EmptyResponse>;
using Clock = std::chrono::steady_clock;

// Added to every response, whatever produced it.
void ApplySecurityHeaders(bhttp::fields& fields);

class RequestHandler {
public:
    RequestHandler(App& app, const HttpConfig& config);

    // The body limit for a request whose header has been read: the upload route's or the default.
    std::size_t BodyLimit(bhttp::verb method, std::string_view target) const;

    // The whole pipeline; never throws. `start` is when the request began, for the log.
    Response Handle(Request&& req, Clock::time_point start);

    // The answer to a request that could not be read completely (413 too large, 400 malformed).
    // `header` may be default-constructed when not even the request line parsed.
    Response Reject(const bhttp::request_header<>& header, const Error& error, Clock::time_point start);

    const Router& router() const { return router_; }

private:
    Response Dispatch(const Request& req, bool& is_api);
    Response HandleApi(const Request& req, boost::urls::url_view url);
    Response HandleStatic(const Request& req, std::string_view encoded_path);
    Response Render(Reply&& reply, const Request& req);
    void Finish(Response& res, unsigned version, bool head, bool is_api);
    void Log(std::string_view method, std::string_view target, unsigned status, Clock::time_point start);

    App& app_;
    const HttpConfig& config_;
    Router router_;
};

// Pure pieces, unit-tested.
StringResponse JsonResponse(bhttp::status status, const boost::json::value& body);
StringResponse ErrorResponse(const Error& error);
bool IsStateChanging(bhttp::verb method);

}  // namespace zs::http
