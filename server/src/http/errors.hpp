// How errors look on the wire: the ErrorCode → HTTP status mapping and the one JSON error shape.
#pragma once

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>
#include <string_view>

#include "core/error.hpp"

namespace zs::http {

// The only place an ErrorCode becomes an HTTP status.
boost::beast::http::status StatusFor(ErrorCode code);

// The wire key of a code: "bad_request", "not_found", …
std::string_view CodeKey(ErrorCode code);

// {"error":{"code","message","field"?,"details"?}} plus "current" for a 409 carrying the current object.
// An internal error never carries details or the current object.
boost::json::object ErrorJson(const Error& error);

// The message every unexpected failure shows; the real reason goes to the log only.
inline constexpr std::string_view kInternalMessage = "服务器内部错误";

}  // namespace zs::http
