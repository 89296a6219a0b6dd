// Error values shared by every layer: one closed code list, mapped to HTTP status in http/ only.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace zs {

enum class ErrorCode {
    kBadRequest,       // 400 malformed request, wrong type, unknown field
    kUnauthorized,     // 401 not logged in
    kForbidden,        // 403 logged in, not allowed
    kNotFound,         // 404 missing or not visible to the caller
    kConflict,         // 409 stale version, duplicate key, still referenced
    kTooLarge,         // 413 body over the route's limit
    kUnprocessable,    // 422 well-formed but invalid
    kTooManyRequests,  // 429 throttled
    kInternal,         // 500 anything else; never with details
    kUnavailable,      // 503 the database stayed busy (another long write) past the wait: try again
};

// One item a lifecycle gate found missing (kind: "field", "evidence" or "order").
struct ErrorDetail {
    std::string kind;
    std::string name;
    std::string message;
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;               // Chinese, safe to show to users
    std::string field;                 // empty when no single field is at fault
    std::vector<ErrorDetail> details;  // gate failures
    std::string current_json;          // 409 on a stale version: the current object as JSON
};

inline Error MakeError(ErrorCode code, std::string message, std::string field = {}) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.field = std::move(field);
    return e;
}

// Thrown to end a request with an expected error; the http layer renders it.
class ApiError : public std::runtime_error {
public:
    explicit ApiError(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
    ApiError(ErrorCode code, std::string message, std::string field = {})
        : ApiError(MakeError(code, std::move(message), std::move(field))) {}
    const Error& error() const { return error_; }

private:
    Error error_;
};

// A value or an Error, for outcomes that are expected (validation, lookups).
template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}    // NOLINT(google-explicit-constructor)
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    // Returns the value or throws ApiError.
    T ValueOrThrow() && {
        if (!ok()) throw ApiError(std::get<1>(std::move(v_)));
        return std::get<0>(std::move(v_));
    }

private:
    std::variant<T, Error> v_;
};

}  // namespace zs
