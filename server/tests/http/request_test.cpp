#include "http/request.hpp"

#include <gtest/gtest.h>

#include <boost/url/parse.hpp>

namespace zs::http {
namespace {

Error JsonError(std::string_view body) {
    try {
        ParseJsonBody(body);
    } catch (const ApiError& e) {
        return e.error();
    }
    ADD_FAILURE() << "no error for " << body;
    return {};
}

TEST(ParseJsonBody, Object) {
    auto v = ParseJsonBody(R"( {"name":"项目","total_investment":100} )");
    EXPECT_EQ(v.at("name").as_string(), "项目");
    EXPECT_EQ(v.at("total_investment").as_int64(), 100);
}

TEST(ParseJsonBody, MalformedIsBadRequestWithoutField) {
    for (std::string_view body : {R"({"name":)", R"({"a":1,})", "{'a':1}", R"({"a":1} x)", R"({"a":1}{})", "nul"}) {
        Error e = JsonError(body);
        EXPECT_EQ(e.code, ErrorCode::kBadRequest) << body;
        EXPECT_TRUE(e.field.empty()) << body;
        EXPECT_NE(e.message.find("JSON"), std::string::npos) << body;
    }
}

TEST(ParseJsonBody, SyntaxErrorNamesThePosition) {
    Error e = JsonError(R"({"a":1,,})");
    EXPECT_NE(e.message.find("第 8 个字节"), std::string::npos) << e.message;
}

TEST(ParseJsonBody, EmptyAndNonObjectAreBadRequest) {
    EXPECT_EQ(JsonError("").code, ErrorCode::kBadRequest);
    EXPECT_EQ(JsonError("  \n").code, ErrorCode::kBadRequest);
    for (std::string_view body : {"[]", "1", "\"x\"", "null", "true"}) {
        Error e = JsonError(body);
        EXPECT_EQ(e.code, ErrorCode::kBadRequest);
        EXPECT_EQ(e.message, "请求体必须是 JSON 对象") << body;
    }
}

TEST(ParseQuery, DecodesKeysAndValues) {
    auto url =
        boost::urls::parse_origin_form("/api/projects/1/files?node=signed&kind=contract&name=%E5%90%88%E5%90%8C.pdf");
    ASSERT_TRUE(url);
    Query q = ParseQuery(*url);
    EXPECT_EQ(q.at("node"), "signed");
    EXPECT_EQ(q.at("kind"), "contract");
    EXPECT_EQ(q.at("name"), "合同.pdf");
}

TEST(ParseQuery, PlusIsSpaceFirstWinsAndBareKeys) {
    auto url = boost::urls::parse_origin_form("/api/projects?q=a+b%2Bc&page=2&page=3&is_key&sort=-name");
    ASSERT_TRUE(url);
    Query q = ParseQuery(*url);
    EXPECT_EQ(q.at("q"), "a b+c");
    EXPECT_EQ(q.at("page"), "2");
    EXPECT_EQ(q.at("is_key"), "");
    EXPECT_EQ(q.at("sort"), "-name");
    EXPECT_TRUE(ParseQuery(*boost::urls::parse_origin_form("/api/units")).empty());
}

TEST(MediaType, StripsParametersAndLowercases) {
    EXPECT_EQ(MediaType("application/pdf"), "application/pdf");
    EXPECT_EQ(MediaType("Image/PNG; charset=binary"), "image/png");
    EXPECT_EQ(MediaType("  application/pdf ;x=y"), "application/pdf");
    EXPECT_EQ(MediaType(""), "");
}

TEST(AttachmentDisposition, PercentEncodesTheName) {
    EXPECT_EQ(AttachmentDisposition("report-1.pdf"), "attachment; filename*=UTF-8''report-1.pdf");
    EXPECT_EQ(AttachmentDisposition("合同.pdf"), "attachment; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf");
    EXPECT_EQ(AttachmentDisposition("a b\";\r\n.pdf"), "attachment; filename*=UTF-8''a%20b%22%3B%0D%0A.pdf");
}

TEST(IsApiPath, PrefixIsASegment) {
    EXPECT_TRUE(IsApiPath("/api"));
    EXPECT_TRUE(IsApiPath("/api/"));
    EXPECT_TRUE(IsApiPath("/api/projects"));
    EXPECT_FALSE(IsApiPath("/apix"));
    EXPECT_FALSE(IsApiPath("/"));
    EXPECT_FALSE(IsApiPath("/assets/api/x.js"));
}

}  // namespace
}  // namespace zs::http
