#include "http/errors.hpp"

#include <spdlog/spdlog.h>

namespace zs::http {

namespace bhttp = boost::beast::http;

bhttp::status StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest:
            return bhttp::status::bad_request;
        case ErrorCode::kUnauthorized:
            return bhttp::status::unauthorized;
        case ErrorCode::kForbidden:
            return bhttp::status::forbidden;
        case ErrorCode::kNotFound:
            return bhttp::status::not_found;
        case ErrorCode::kConflict:
            return bhttp::status::conflict;
        case ErrorCode::kTooLarge:
            return bhttp::status::payload_too_large;
        case ErrorCode::kUnprocessable:
            return bhttp::status::unprocessable_entity;
        case ErrorCode::kTooManyRequests:
            return bhttp::status::too_many_requests;
        case ErrorCode::kInternal:
            return bhttp::status::internal_server_error;
        case ErrorCode::kUnavailable:
            return bhttp::status::service_unavailable;
    }
    return bhttp::status::internal_server_error;
}

std::string_view CodeKey(ErrorCode code) {
    switch (code) {
        case ErrorCode::kBadRequest:
            return "bad_request";
        case ErrorCode::kUnauthorized:
            return "unauthorized";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kTooLarge:
            return "too_large";
        case ErrorCode::kUnprocessable:
            return "unprocessable";
        case ErrorCode::kTooManyRequests:
            return "too_many_requests";
        case ErrorCode::kInternal:
            return "internal";
        case ErrorCode::kUnavailable:
            return "unavailable";
    }
    return "internal";
}

boost::json::object ErrorJson(const Error& error) {
    boost::json::object inner;
    inner["code"] = CodeKey(error.code);
    inner["message"] =
        error.message.empty() && error.code == ErrorCode::kInternal ? std::string(kInternalMessage) : error.message;
    if (!error.field.empty()) inner["field"] = error.field;
    const bool internal = error.code == ErrorCode::kInternal;
    if (!internal && !error.details.empty()) {
        boost::json::array details;
        for (const auto& d : error.details) {
            details.push_back(boost::json::object{{"kind", d.kind}, {"name", d.name}, {"message", d.message}});
        }
        inner["details"] = std::move(details);
    }
    boost::json::object out;
    out["error"] = std::move(inner);
    if (!internal && error.code == ErrorCode::kConflict && !error.current_json.empty()) {
        boost::system::error_code ec;
        auto current = boost::json::parse(error.current_json, ec);
        if (ec) {
            spdlog::error("conflict error carries unparsable current_json: {}", ec.message());
        } else {
            out["current"] = std::move(current);
        }
    }
    return out;
}

}  // namespace zs::http
