#include "http/cookies.hpp"

#include <gtest/gtest.h>

namespace zs::http {
namespace {

TEST(FindCookie, Single) { EXPECT_EQ(FindCookie("zs_session=abc123", "zs_session"), "abc123"); }

TEST(FindCookie, AmongOthersWithSpaces) {
    EXPECT_EQ(FindCookie("theme=dark;  zs_session=tok-en_1 ; lang=zh", "zs_session"), "tok-en_1");
}

TEST(FindCookie, Absent) {
    EXPECT_FALSE(FindCookie("theme=dark; lang=zh", "zs_session").has_value());
    EXPECT_FALSE(FindCookie("", "zs_session").has_value());
}

TEST(FindCookie, NameMustMatchExactly) {
    EXPECT_FALSE(FindCookie("xzs_session=a; zs_session_old=b", "zs_session").has_value());
    EXPECT_EQ(FindCookie("xzs_session=a; zs_session=b", "zs_session"), "b");
}

TEST(FindCookie, FirstWins) { EXPECT_EQ(FindCookie("zs_session=first; zs_session=second", "zs_session"), "first"); }

TEST(FindCookie, QuotedValueAndValueWithEquals) {
    EXPECT_EQ(FindCookie("zs_session=\"q\"", "zs_session"), "q");
    EXPECT_EQ(FindCookie("zs_session=a=b", "zs_session"), "a=b");
}

TEST(FindCookie, MalformedPairsAreSkipped) {
    EXPECT_EQ(FindCookie("garbage; ;=x; zs_session=ok", "zs_session"), "ok");
    EXPECT_EQ(FindCookie("zs_session=", "zs_session"), "");
}

TEST(SessionCookie, Attributes) {
    EXPECT_EQ(SessionCookie("t0k", 43200, false), "zs_session=t0k; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
    EXPECT_EQ(SessionCookie("t0k", 60, true), "zs_session=t0k; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure");
}

TEST(SessionCookie, Clear) {
    EXPECT_EQ(ClearSessionCookie(false), "zs_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    EXPECT_EQ(ClearSessionCookie(true), "zs_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure");
}

}  // namespace
}  // namespace zs::http
