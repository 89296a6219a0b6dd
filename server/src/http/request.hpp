// Small pure helpers for turning request parts into values and values into header text.
#pragma once

#include <boost/json.hpp>
#include <boost/url/url_view.hpp>
#include <string>
#include <string_view>

#include "service/app.hpp"

namespace zs::http {

// A request body that must be a JSON object. Throws ApiError(bad_request, no field) when it is
// empty, malformed (the message says what and where) or not an object.
boost::json::value ParseJsonBody(std::string_view body);

// The query parameters, percent-decoded ('+' is a space); the first of repeated keys wins.
Query ParseQuery(boost::urls::url_view url);

// "Application/PDF; charset=x" → "application/pdf".
std::string MediaType(std::string_view content_type);

// attachment; filename*=UTF-8''<name percent-encoded except RFC 5987 unreserved characters>.
std::string AttachmentDisposition(std::string_view name);

// "/api" and everything below it.
bool IsApiPath(std::string_view encoded_path);

}  // namespace zs::http
