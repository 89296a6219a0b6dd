#include "http/csrf.hpp"

#include <gtest/gtest.h>

namespace zs::http {
namespace {

TEST(RequestScheme, OnlyTrustsProxyWhenConfigured) {
    EXPECT_EQ(RequestScheme(false, "https"), "http");
    EXPECT_EQ(RequestScheme(true, "https"), "https");
    EXPECT_EQ(RequestScheme(true, "HTTPS"), "https");
    EXPECT_EQ(RequestScheme(true, "https, http"), "https");
    EXPECT_EQ(RequestScheme(true, "http"), "http");
    EXPECT_EQ(RequestScheme(true, ""), "http");
}

TEST(SameOrigin, ExactMatch) {
    EXPECT_TRUE(SameOrigin("http://127.0.0.1:18081", "127.0.0.1:18081", "http"));
    EXPECT_TRUE(SameOrigin("http://zs.example.gov.cn", "zs.example.gov.cn", "http"));
    EXPECT_TRUE(SameOrigin("https://zs.example.gov.cn", "zs.example.gov.cn", "https"));
}

TEST(SameOrigin, DefaultPortsAndCase) {
    EXPECT_TRUE(SameOrigin("http://Example.COM", "example.com:80", "http"));
    EXPECT_TRUE(SameOrigin("https://example.com:443", "example.com", "https"));
    EXPECT_FALSE(SameOrigin("https://example.com", "example.com:80", "https"));
}

TEST(SameOrigin, Ipv6) {
    EXPECT_TRUE(SameOrigin("http://[::1]:8080", "[::1]:8080", "http"));
    EXPECT_FALSE(SameOrigin("http://[::1]:8080", "[::2]:8080", "http"));
}

TEST(SameOrigin, Mismatches) {
    EXPECT_FALSE(SameOrigin("http://evil.example", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:18082", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("https://127.0.0.1:18081", "127.0.0.1:18081", "http"));  // scheme differs
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:18081", "127.0.0.1:18081", "https"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1.evil.example:18081", "127.0.0.1:18081", "http"));
}

TEST(SameOrigin, MalformedNeverMatches) {
    EXPECT_FALSE(SameOrigin("null", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:18081", "", "http"));
    EXPECT_FALSE(SameOrigin("http://", "", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:18081/path", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("http://user@127.0.0.1:18081", "127.0.0.1:18081", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:", "127.0.0.1:", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:99999", "127.0.0.1:99999", "http"));
    EXPECT_FALSE(SameOrigin("http://127.0.0.1:80x", "127.0.0.1:80x", "http"));
}

TEST(CsrfAllowed, NeedsBothHeaders) {
    EXPECT_TRUE(CsrfAllowed("XMLHttpRequest", "http://h:1", "h:1", "http"));
    EXPECT_FALSE(CsrfAllowed("", "http://h:1", "h:1", "http"));
    EXPECT_FALSE(CsrfAllowed("fetch", "http://h:1", "h:1", "http"));
    EXPECT_FALSE(CsrfAllowed("XMLHttpRequest", "", "h:1", "http"));
    EXPECT_FALSE(CsrfAllowed("XMLHttpRequest", "http://other:1", "h:1", "http"));
}

}  // namespace
}  // namespace zs::http
