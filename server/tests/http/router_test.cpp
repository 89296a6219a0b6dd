#include "http/router.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zs::http {
namespace {

using bhttp::verb;

Route R(verb method, std::string pattern) {
    Route r;
    r.method = method;
    r.pattern = std::move(pattern);
    r.handler = [](RequestContext&) { return Reply::NoContent(); };
    return r;
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router_.Add(R(verb::get, "/api/projects"));
        router_.Add(R(verb::post, "/api/projects"));
        router_.Add(R(verb::get, "/api/projects/{id:int}"));
        router_.Add(R(verb::put, "/api/projects/{id:int}"));
        router_.Add(R(verb::delete_, "/api/projects/{id:int}"));
        router_.Add(R(verb::put, "/api/projects/{id:int}/nodes/{node}"));
        router_.Add(R(verb::put, "/api/projects/{id:int}/problems/{pid:int}"));
        router_.Add(R(verb::get, "/api/meta/lifecycle"));
        router_.Add(R(verb::put, "/api/meta/lifecycle/{category}/{node}"));
    }
    Router router_;
};

TEST_F(RouterTest, LiteralRoute) {
    auto m = router_.Match(verb::get, "/api/projects");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    EXPECT_EQ(m.route->method, verb::get);
    EXPECT_EQ(m.route->pattern, "/api/projects");
    EXPECT_EQ(router_.Match(verb::post, "/api/projects").route->method, verb::post);
}

TEST_F(RouterTest, PathParameters) {
    auto m = router_.Match(verb::put, "/api/projects/42/nodes/signed");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    EXPECT_EQ(m.ids.at("id"), 42);
    EXPECT_EQ(m.params.at("node"), "signed");

    auto p = router_.Match(verb::put, "/api/projects/7/problems/9000000000");
    ASSERT_EQ(p.status, MatchStatus::kFound);
    EXPECT_EQ(p.ids.at("id"), 7);
    EXPECT_EQ(p.ids.at("pid"), 9000000000);

    auto rule = router_.Match(verb::put, "/api/meta/lifecycle/industry/land");
    ASSERT_EQ(rule.status, MatchStatus::kFound);
    EXPECT_EQ(rule.params.at("category"), "industry");
    EXPECT_EQ(rule.params.at("node"), "land");
}

TEST_F(RouterTest, ParametersArePercentDecoded) {
    auto m = router_.Match(verb::put, "/api/meta/lifecycle/ind%75stry/%E7%AD%BE%E7%BA%A6");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    EXPECT_EQ(m.params.at("category"), "industry");
    EXPECT_EQ(m.params.at("node"), "签约");
}

TEST_F(RouterTest, UnknownPathIs404) {
    EXPECT_EQ(router_.Match(verb::get, "/api/nothing").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "/api/projects/1/unknown").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "/api/projects/").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "/api/projects/1/").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "/api").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "api/projects").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::put, "/api/meta/lifecycle/industry/").status, MatchStatus::kNotFound);
    EXPECT_EQ(router_.Match(verb::get, "/api/projects/%zz").status, MatchStatus::kNotFound);
}

TEST_F(RouterTest, KnownPathOtherMethodIs405WithAllowedMethods) {
    auto m = router_.Match(verb::patch, "/api/projects/5");
    EXPECT_EQ(m.status, MatchStatus::kMethodNotAllowed);
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(Router::AllowHeader(m.allowed), "GET, HEAD, PUT, DELETE");

    auto n = router_.Match(verb::get, "/api/projects/5/nodes/signed");
    EXPECT_EQ(n.status, MatchStatus::kMethodNotAllowed);
    EXPECT_EQ(Router::AllowHeader(n.allowed), "PUT");
    EXPECT_EQ(router_.Match(verb::delete_, "/api/projects").status, MatchStatus::kMethodNotAllowed);
}

TEST_F(RouterTest, HeadMatchesGet) {
    auto m = router_.Match(verb::head, "/api/projects/3");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    EXPECT_EQ(m.route->method, verb::get);
    EXPECT_EQ(router_.Match(verb::head, "/api/projects/3/nodes/x").status, MatchStatus::kMethodNotAllowed);
}

TEST_F(RouterTest, BadIdsAre404NotMethodErrors) {
    for (const char* path : {"/api/projects/0", "/api/projects/-1", "/api/projects/abc", "/api/projects/1.5",
                             "/api/projects/+1", "/api/projects/01", "/api/projects/ 1", "/api/projects/1e3",
                             "/api/projects/9223372036854775808", "/api/projects/99999999999999999999"}) {
        EXPECT_EQ(router_.Match(verb::get, path).status, MatchStatus::kNotFound) << path;
        EXPECT_EQ(router_.Match(verb::patch, path).status, MatchStatus::kNotFound) << path;
    }
    EXPECT_EQ(router_.Match(verb::put, "/api/projects/1/problems/0").status, MatchStatus::kNotFound);
    auto max = router_.Match(verb::get, "/api/projects/9223372036854775807");
    ASSERT_EQ(max.status, MatchStatus::kFound);
    EXPECT_EQ(max.ids.at("id"), INT64_MAX);
}

TEST(ParsePositiveId, Values) {
    EXPECT_EQ(ParsePositiveId("1"), 1);
    EXPECT_EQ(ParsePositiveId("1234567890"), 1234567890);
    EXPECT_EQ(ParsePositiveId("9223372036854775807"), INT64_MAX);
    EXPECT_FALSE(ParsePositiveId("").has_value());
    EXPECT_FALSE(ParsePositiveId("0").has_value());
    EXPECT_FALSE(ParsePositiveId("00").has_value());
    EXPECT_FALSE(ParsePositiveId("-5").has_value());
    EXPECT_FALSE(ParsePositiveId("5x").has_value());
    EXPECT_FALSE(ParsePositiveId("9223372036854775808").has_value());
    EXPECT_FALSE(ParsePositiveId("18446744073709551617").has_value());
}

TEST(Router, MalformedPatternsAreRefused) {
    Router r;
    EXPECT_THROW(r.Add(R(verb::get, "api/x")), std::invalid_argument);
    EXPECT_THROW(r.Add(R(verb::get, "/api/{}")), std::invalid_argument);
    EXPECT_THROW(r.Add(R(verb::get, "/api/{id:int")), std::invalid_argument);
    EXPECT_THROW(r.Add(R(verb::get, "/api//x")), std::invalid_argument);
    r.Add(R(verb::get, "/api/x/{id:int}"));
    EXPECT_THROW(r.Add(R(verb::get, "/api/x/{id:int}")), std::invalid_argument);
    EXPECT_NO_THROW(r.Add(R(verb::put, "/api/x/{id:int}")));
}

TEST(Router, FirstRegisteredRouteWins) {
    Router r;
    r.Add(R(verb::get, "/api/meta/version"));
    r.Add(R(verb::get, "/api/meta/{name}"));
    auto m = r.Match(verb::get, "/api/meta/version");
    ASSERT_EQ(m.status, MatchStatus::kFound);
    EXPECT_EQ(m.route->pattern, "/api/meta/version");
    EXPECT_EQ(r.Match(verb::get, "/api/meta/other").route->pattern, "/api/meta/{name}");
}

}  // namespace
}  // namespace zs::http
