#include "core/crypto.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

namespace zs {
namespace {

bool IsLowerHex(std::string_view s) { return s.find_first_not_of("0123456789abcdef") == std::string_view::npos; }

TEST(CryptoTest, PasswordHashRoundTrip) {
    const std::string hash = HashPassword("correct horse battery staple");
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_NE(hash.find("m=19456,t=2"), std::string::npos) << hash;  // 19 MiB, 2 passes
    EXPECT_TRUE(VerifyPassword(hash, "correct horse battery staple"));
    EXPECT_FALSE(VerifyPassword(hash, "correct horse battery stapl"));
    EXPECT_FALSE(VerifyPassword(hash, "Correct horse battery staple"));
    EXPECT_FALSE(VerifyPassword(hash, ""));
    EXPECT_FALSE(PasswordNeedsRehash(hash));
}

TEST(CryptoTest, PasswordHashesAreSalted) {
    const std::string a = HashPassword("same password");
    const std::string b = HashPassword("same password");
    EXPECT_NE(a, b);
    EXPECT_TRUE(VerifyPassword(a, "same password"));
    EXPECT_TRUE(VerifyPassword(b, "same password"));
}

TEST(CryptoTest, PasswordWithUnicodeAndNul) {
    const std::string pw("密码\0tail", 11);
    const std::string hash = HashPassword(pw);
    EXPECT_TRUE(VerifyPassword(hash, pw));
    EXPECT_FALSE(VerifyPassword(hash, "密码"));  // the bytes after NUL count
}

TEST(CryptoTest, VerifyRejectsMalformedHash) {
    EXPECT_FALSE(VerifyPassword("", "x"));
    EXPECT_FALSE(VerifyPassword("not a hash", "x"));
    EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "x"));
}

TEST(CryptoTest, RandomTokens) {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string t = RandomToken();
        ASSERT_EQ(t.size(), 64u);
        ASSERT_TRUE(IsLowerHex(t)) << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 200u);
}

TEST(CryptoTest, HashTokenIsBlake2b256) {
    // BLAKE2b-256 of the empty string and of "abc" (RFC 7693 parameters, 32-byte output, no key).
    EXPECT_EQ(HashToken(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    EXPECT_EQ(HashToken("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    const std::string t = RandomToken();
    EXPECT_EQ(HashToken(t), HashToken(t));
    EXPECT_NE(HashToken(t), t);
    EXPECT_EQ(HashToken(t).size(), 64u);
}

TEST(CryptoTest, Sha256Hex) {
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex(std::string("\0\xff", 2)).size(), 64u);
}

TEST(CryptoTest, CommonPasswords) {
    ASSERT_TRUE(std::filesystem::exists(kPasswordListPath)) << "john-data is expected in the dev environment";
    EXPECT_TRUE(IsCommonPassword("password"));
    EXPECT_TRUE(IsCommonPassword("123456"));
    EXPECT_TRUE(IsCommonPassword("PassWord"));  // case-insensitive
    EXPECT_TRUE(IsCommonPassword("12345678"));
    EXPECT_FALSE(IsCommonPassword("Zhaoshang-2026-招商"));
    EXPECT_FALSE(IsCommonPassword("v9#Lq2!mT7wz"));
    EXPECT_FALSE(IsCommonPassword(""));  // blank lines are not entries
    EXPECT_FALSE(IsCommonPassword("#!comment: This list has been compiled by Solar Designer of Openwall Project"));
}

}  // namespace
}  // namespace zs
