#include "http/errors.hpp"

#include <gtest/gtest.h>

#include "http/handler.hpp"

namespace zs::http {
namespace {

namespace bhttp = boost::beast::http;

TEST(ErrorStatus, EveryCodeHasItsStatusAndKey) {
    const std::pair<ErrorCode, std::pair<int, std::string_view>> cases[] = {
        {ErrorCode::kBadRequest, {400, "bad_request"}},      {ErrorCode::kUnauthorized, {401, "unauthorized"}},
        {ErrorCode::kForbidden, {403, "forbidden"}},         {ErrorCode::kNotFound, {404, "not_found"}},
        {ErrorCode::kConflict, {409, "conflict"}},           {ErrorCode::kTooLarge, {413, "too_large"}},
        {ErrorCode::kUnprocessable, {422, "unprocessable"}}, {ErrorCode::kTooManyRequests, {429, "too_many_requests"}},
        {ErrorCode::kInternal, {500, "internal"}},
    };
    for (const auto& [code, expected] : cases) {
        EXPECT_EQ(static_cast<int>(StatusFor(code)), expected.first) << expected.second;
        EXPECT_EQ(CodeKey(code), expected.second);
    }
}

TEST(ErrorJson, FieldOmittedWhenEmpty) {
    auto j = ErrorJson(MakeError(ErrorCode::kNotFound, "项目不存在"));
    const auto& e = j.at("error").as_object();
    EXPECT_EQ(e.at("code").as_string(), "not_found");
    EXPECT_EQ(e.at("message").as_string(), "项目不存在");
    EXPECT_FALSE(e.contains("field"));
    EXPECT_FALSE(e.contains("details"));
    EXPECT_FALSE(j.contains("current"));
    EXPECT_EQ(j.size(), 1u);
}

TEST(ErrorJson, FieldAndDetails) {
    Error err = MakeError(ErrorCode::kUnprocessable, "节点条件不满足", "node");
    err.details.push_back({"field", "total_investment", "缺少总投资"});
    err.details.push_back({"evidence", "contract", "缺少合同"});
    auto j = ErrorJson(err);
    const auto& e = j.at("error").as_object();
    EXPECT_EQ(e.at("field").as_string(), "node");
    const auto& d = e.at("details").as_array();
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].at("kind").as_string(), "field");
    EXPECT_EQ(d[0].at("name").as_string(), "total_investment");
    EXPECT_EQ(d[1].at("message").as_string(), "缺少合同");
}

TEST(ErrorJson, ConflictCarriesCurrentObject) {
    Error err = MakeError(ErrorCode::kConflict, "数据已被他人修改");
    err.current_json = R"({"id":7,"version":3})";
    auto j = ErrorJson(err);
    ASSERT_TRUE(j.contains("current"));
    EXPECT_EQ(j.at("current").at("version").as_int64(), 3);
    EXPECT_EQ(j.at("error").at("code").as_string(), "conflict");
}

TEST(ErrorJson, UnparsableCurrentIsDropped) {
    Error err = MakeError(ErrorCode::kConflict, "x");
    err.current_json = "{not json";
    EXPECT_FALSE(ErrorJson(err).contains("current"));
}

TEST(ErrorJson, CurrentOnlyOnConflict) {
    Error err = MakeError(ErrorCode::kUnprocessable, "x");
    err.current_json = R"({"id":1})";
    EXPECT_FALSE(ErrorJson(err).contains("current"));
}

TEST(ErrorJson, InternalNeverCarriesDetailsOrCurrent) {
    Error err = MakeError(ErrorCode::kInternal, "");
    err.details.push_back({"field", "x", "y"});
    err.current_json = R"({"id":1})";
    auto j = ErrorJson(err);
    EXPECT_EQ(j.at("error").at("message").as_string(), "服务器内部错误");
    EXPECT_FALSE(j.at("error").as_object().contains("details"));
    EXPECT_FALSE(j.contains("current"));
}

TEST(ErrorResponse, StatusBodyAndNoStore) {
    StringResponse res = ErrorResponse(MakeError(ErrorCode::kForbidden, "跨站请求被拒绝"));
    EXPECT_EQ(res.result(), bhttp::status::forbidden);
    EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ(res[bhttp::field::cache_control], "no-store");
    auto body = boost::json::parse(res.body());
    EXPECT_EQ(body.at("error").at("code").as_string(), "forbidden");
    EXPECT_EQ(res[bhttp::field::content_length], std::to_string(res.body().size()));
}

TEST(SecurityHeaders, AllFourAreSet) {
    StringResponse res{bhttp::status::ok, 11};
    ApplySecurityHeaders(res.base());
    EXPECT_EQ(res["Content-Security-Policy"],
              "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["Referrer-Policy"], "same-origin");
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
}

TEST(StateChanging, OnlyWritesNeedCsrf) {
    EXPECT_TRUE(IsStateChanging(bhttp::verb::post));
    EXPECT_TRUE(IsStateChanging(bhttp::verb::put));
    EXPECT_TRUE(IsStateChanging(bhttp::verb::delete_));
    EXPECT_TRUE(IsStateChanging(bhttp::verb::patch));
    EXPECT_FALSE(IsStateChanging(bhttp::verb::get));
    EXPECT_FALSE(IsStateChanging(bhttp::verb::head));
}

}  // namespace
}  // namespace zs::http
