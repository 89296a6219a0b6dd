#include "http/request.hpp"

#include <fmt/format.h>

#include <boost/url/params_view.hpp>

#include "core/error.hpp"

namespace zs::http {

boost::json::value ParseJsonBody(std::string_view body) {
    std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        throw ApiError(ErrorCode::kBadRequest, "请求体为空，应为 JSON 对象");
    }
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const std::size_t used = parser.write_some(body.data(), body.size(), ec);
    if (!ec && used < body.size()) {
        // write_some stops after a complete value; anything but whitespace after it is an error.
        const std::size_t rest = body.find_first_not_of(" \t\r\n", used);
        if (rest != std::string_view::npos) {
            throw ApiError(ErrorCode::kBadRequest,
                           fmt::format("请求体不是合法的 JSON：第 {} 个字节处有多余内容", rest + 1));
        }
    }
    if (!ec) parser.finish(ec);
    if (ec) {
        throw ApiError(ErrorCode::kBadRequest,
                       fmt::format("请求体不是合法的 JSON：第 {} 个字节附近（{}）", used + 1, ec.message()));
    }
    boost::json::value v = parser.release();
    if (!v.is_object()) throw ApiError(ErrorCode::kBadRequest, "请求体必须是 JSON 对象");
    return v;
}

Query ParseQuery(boost::urls::url_view url) {
    Query q;
    for (auto param : url.params()) {
        q.emplace(param.key, param.has_value ? param.value : std::string());
    }
    return q;
}

std::string MediaType(std::string_view content_type) {
    std::string_view t = content_type.substr(0, content_type.find(';'));
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    std::string out(t);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string AttachmentDisposition(std::string_view name) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "attachment; filename*=UTF-8''";
    for (unsigned char c : name) {
        const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '.' || c == '_' || c == '~';
        if (plain) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    return out;
}

bool IsApiPath(std::string_view encoded_path) { return encoded_path == "/api" || encoded_path.starts_with("/api/"); }

}  // namespace zs::http
