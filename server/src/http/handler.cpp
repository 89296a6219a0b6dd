#include "http/handler.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include "http/cookies.hpp"
#include "http/csrf.hpp"
#include "http/errors.hpp"
#include "http/request.hpp"
#include "http/routes.hpp"
#include "http/static_files.hpp"

namespace zs::http {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kJsonType = "application/json; charset=utf-8";
constexpr std::string_view kNotBuilt =
    "The web app is not built: index.html is missing from the web root. "
    "Build it with `npm ci && npm run build` in web/.\n"
    "网页端尚未构建：请在 web/ 目录运行 npm ci && npm run build。\n";

template <class Name>
std::string_view Header(const bhttp::fields& f, Name name) {
    auto it = f.find(name);
    return it == f.end() ? std::string_view{} : std::string_view(it->value());
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string SessionToken(const Request& req) {
    auto range = req.equal_range(bhttp::field::cookie);
    for (auto it = range.first; it != range.second; ++it) {
        if (auto v = FindCookie(it->value(), kSessionCookie); v && !v->empty()) return *v;
    }
    return {};
}

std::string_view Scheme(const HttpConfig& config, const bhttp::fields& f) {
    return RequestScheme(config.behind_tls_proxy, Header(f, "X-Forwarded-Proto"));
}

bool CsrfOk(const HttpConfig& config, const Request& req) {
    return CsrfAllowed(Header(req, "X-Requested-With"), Header(req, bhttp::field::origin),
                       Header(req, bhttp::field::host), Scheme(config, req));
}

StringResponse MethodNotAllowed(std::string allow) {
    StringResponse res = ErrorResponse(MakeError(ErrorCode::kBadRequest, "不支持的请求方法"));
    res.result(bhttp::status::method_not_allowed);
    res.set(bhttp::field::allow, allow);
    return res;
}

template <class Body>
EmptyResponse HeadersOnly(bhttp::response<Body>& r) {
    return EmptyResponse(std::move(r.base()));
}

}  // namespace

void ApplySecurityHeaders(bhttp::fields& fields) {
    fields.set("Content-Security-Policy",
               "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    fields.set("X-Content-Type-Options", "nosniff");
    fields.set("Referrer-Policy", "same-origin");
    fields.set(bhttp::field::x_frame_options, "DENY");
}

StringResponse JsonResponse(bhttp::status status, const boost::json::value& body) {
    StringResponse res{status, 11};
    res.set(bhttp::field::content_type, kJsonType);
    res.body() = boost::json::serialize(body);
    res.prepare_payload();
    return res;
}

StringResponse ErrorResponse(const Error& error) {
    StringResponse res = JsonResponse(StatusFor(error.code), ErrorJson(error));
    res.set(bhttp::field::cache_control, "no-store");
    return res;
}

bool IsStateChanging(bhttp::verb method) {
    return method == bhttp::verb::post || method == bhttp::verb::put || method == bhttp::verb::delete_ ||
           method == bhttp::verb::patch;
}

RequestHandler::RequestHandler(App& app, const HttpConfig& config) : app_(app), config_(config) {
    AddApiRoutes(router_, app_, config_.version);
}

std::size_t RequestHandler::BodyLimit(bhttp::verb method, std::string_view target) const {
    auto match = router_.Match(method, PathOf(target));
    if (match.route != nullptr && match.route->size == BodySize::kUpload) return config_.upload_max_body;
    return config_.default_max_body;
}

Response RequestHandler::Handle(Request&& req, Clock::time_point start) {
    bool is_api = true;
    Response res;
    try {
        res = Dispatch(req, is_api);
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", std::string_view(req.method_string()), PathOf(req.target()), e.what());
        res = ErrorResponse(MakeError(ErrorCode::kInternal, std::string(kInternalMessage)));
    } catch (...) {
        spdlog::error("{} {}: unknown exception", std::string_view(req.method_string()), PathOf(req.target()));
        res = ErrorResponse(MakeError(ErrorCode::kInternal, std::string(kInternalMessage)));
    }
    Finish(res, req.version(), req.method() == bhttp::verb::head, is_api);
    const unsigned status = std::visit([](auto& r) { return r.result_int(); }, res);
    Log(req.method_string(), PathOf(req.target()), status, start);
    return res;
}

Response RequestHandler::Reject(const bhttp::request_header<>& header, const Error& error, Clock::time_point start) {
    Response res = ErrorResponse(error);
    Finish(res, header.version() == 10 ? 10 : 11, false, true);
    std::string_view method = header.method_string();
    std::string_view target = header.target();
    Log(method.empty() ? "-" : method, target.empty() ? "-" : PathOf(target),
        static_cast<unsigned>(StatusFor(error.code)), start);
    return res;
}

Response RequestHandler::Dispatch(const Request& req, bool& is_api) {
    auto parsed = boost::urls::parse_origin_form(req.target());
    if (!parsed) {
        is_api = IsApiPath(PathOf(req.target()));
        return ErrorResponse(MakeError(ErrorCode::kBadRequest, "请求地址无效"));
    }
    const auto encoded = parsed->encoded_path();
    const std::string_view path(encoded.data(), encoded.size());
    is_api = IsApiPath(path);
    if (is_api) return HandleApi(req, *parsed);
    return HandleStatic(req, path);
}

Response RequestHandler::HandleApi(const Request& req, boost::urls::url_view url) {
    const auto encoded = url.encoded_path();
    const std::string_view path(encoded.data(), encoded.size());
    RouteMatch match = router_.Match(req.method(), path);
    if (match.status == MatchStatus::kNotFound) {
        return ErrorResponse(MakeError(ErrorCode::kNotFound, "接口不存在"));
    }
    if (match.status == MatchStatus::kMethodNotAllowed) return MethodNotAllowed(Router::AllowHeader(match.allowed));
    const Route& route = *match.route;

    RequestContext ctx;
    ctx.request = &req;
    ctx.params = std::move(match.params);
    ctx.ids = std::move(match.ids);
    ctx.secure = Scheme(config_, req) == "https";
    try {
        if (IsStateChanging(req.method()) && !CsrfOk(config_, req)) {
            throw ApiError(ErrorCode::kForbidden, std::string(kCsrfMessage));
        }
        ctx.query = ParseQuery(url);
        ctx.session_token = SessionToken(req);
        if (route.access == Access::kSession && ctx.session_token.empty()) {
            throw ApiError(ErrorCode::kUnauthorized, "未登录或会话已过期");
        }
        if (route.access == Access::kSession) ctx.actor = app_.Authenticate(ctx.session_token);
        if (route.body == BodyKind::kJson) ctx.body = ParseJsonBody(req.body());
        return Render(route.handler(ctx), req);
    } catch (const ApiError& e) {
        return ErrorResponse(e.error());
    } catch (const StoreBusy& e) {
        // Another writer (a large import's commit) held the database past the wait: say so, not 500.
        spdlog::warn("{} {}: {}", std::string_view(req.method_string()), path, e.what());
        return ErrorResponse(MakeError(ErrorCode::kUnavailable, "系统正忙（可能正在导入大批数据），请稍后重试"));
    } catch (const std::exception& e) {
        spdlog::error("{} {}: {}", std::string_view(req.method_string()), path, e.what());
        return ErrorResponse(MakeError(ErrorCode::kInternal, std::string(kInternalMessage)));
    }
}

Response RequestHandler::Render(Reply&& reply, const Request& req) {
    if (reply.file) {
        const FileDownload& f = *reply.file;
        FileResponse res{reply.status, req.version()};
        boost::beast::error_code ec;
        res.body().open(f.path.c_str(), boost::beast::file_mode::scan, ec);
        if (ec) throw std::runtime_error("cannot open " + f.path.string() + ": " + ec.message());
        res.set(bhttp::field::content_type, f.content_type.empty() ? "application/octet-stream" : f.content_type);
        res.set(bhttp::field::content_disposition, AttachmentDisposition(f.name));
        for (auto& [name, value] : reply.headers) res.insert(name, value);
        res.prepare_payload();
        return res;
    }
    StringResponse res{reply.status, req.version()};
    if (reply.bytes) {
        res.set(bhttp::field::content_type, reply.bytes->content_type);
        res.set(bhttp::field::content_disposition, AttachmentDisposition(reply.bytes->name));
        res.body() = std::move(reply.bytes->bytes);
    } else if (reply.json) {
        res.set(bhttp::field::content_type, kJsonType);
        res.body() = boost::json::serialize(*reply.json);
    }
    for (auto& [name, value] : reply.headers) res.insert(name, value);
    // 204 must not carry Content-Length; everything else gets it.
    if (reply.status != bhttp::status::no_content) res.prepare_payload();
    return res;
}

Response RequestHandler::HandleStatic(const Request& req, std::string_view encoded_path) {
    const bhttp::verb method = req.method();
    if (method != bhttp::verb::get && method != bhttp::verb::head) {
        if (IsStateChanging(method) && !CsrfOk(config_, req)) {
            return ErrorResponse(MakeError(ErrorCode::kForbidden, std::string(kCsrfMessage)));
        }
        return MethodNotAllowed("GET, HEAD");
    }
    std::error_code fec;
    const fs::path root = fs::canonical(config_.web_root, fec);
    if (fec || !fs::is_regular_file(root / "index.html", fec)) {
        StringResponse res{bhttp::status::not_found, req.version()};
        res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
        res.set(bhttp::field::cache_control, "no-store");
        res.body() = std::string(kNotBuilt);
        res.prepare_payload();
        return res;
    }
    const StaticTarget target = ResolveStatic(root, encoded_path);
    if (target.kind == StaticKind::kInvalid) return ErrorResponse(MakeError(ErrorCode::kNotFound, "文件不存在"));
    const fs::path file = target.kind == StaticKind::kFile ? target.file : root / "index.html";

    FileResponse res{bhttp::status::ok, req.version()};
    boost::beast::error_code ec;
    res.body().open(file.c_str(), boost::beast::file_mode::scan, ec);
    if (ec) throw std::runtime_error("cannot open " + file.string() + ": " + ec.message());
    res.set(bhttp::field::content_type, MimeType(file));
    res.set(bhttp::field::cache_control, StaticCacheControl(encoded_path, target.kind));
    res.prepare_payload();
    return res;
}

void RequestHandler::Finish(Response& res, unsigned version, bool head, bool is_api) {
    std::visit(
        [&](auto& r) {
            r.version(version);
            ApplySecurityHeaders(r.base());
            if (is_api) r.set(bhttp::field::cache_control, "no-store");
        },
        res);
    if (!head) return;
    if (auto* s = std::get_if<StringResponse>(&res)) {
        res = HeadersOnly(*s);
    } else if (auto* f = std::get_if<FileResponse>(&res)) {
        res = HeadersOnly(*f);
    }
}

void RequestHandler::Log(std::string_view method, std::string_view target, unsigned status, Clock::time_point start) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    spdlog::info("{} {} {} {}ms", method, target, status, ms);
}

}  // namespace zs::http
