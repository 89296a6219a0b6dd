#include "core/uscc.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

// Check characters below were computed independently of the implementation (a short script).

TEST(UsccTest, DomainExamples) {
    const UsccCheck ok = CheckUscc("91350100M000100Y43");
    EXPECT_TRUE(ok.valid);
    EXPECT_TRUE(ok.error.empty());
    EXPECT_TRUE(ok.warnings.empty());  // its organisation code M000100Y4 is right too
    EXPECT_EQ(ok.region_code, "350100");

    const UsccCheck bad = CheckUscc("91350100M000100Y4Z");  // Z is not in the alphabet
    EXPECT_FALSE(bad.valid);
    EXPECT_FALSE(bad.error.empty());
    EXPECT_TRUE(bad.region_code.empty());
}

TEST(UsccTest, WrongCheckCharacterNamesTheCheck) {
    const UsccCheck bad = CheckUscc("91350100M000100Y44");
    EXPECT_FALSE(bad.valid);
    EXPECT_NE(bad.error.find("校验位错误"), std::string::npos) << bad.error;
    EXPECT_TRUE(bad.warnings.empty());
    EXPECT_TRUE(bad.region_code.empty());
}

TEST(UsccTest, OtherValidCodes) {
    for (std::string_view code : {"91110108712345672F", "91340100MA2N00001Q", "12340000ABCDEFGH56"}) {
        const UsccCheck r = CheckUscc(code);
        EXPECT_TRUE(r.valid) << code << " " << r.error;
        EXPECT_TRUE(r.warnings.empty()) << code;
    }
    EXPECT_EQ(CheckUscc("91110108712345672F").region_code, "110108");
}

TEST(UsccTest, CheckCharacterThirtyOneMapsToZero) {
    // Σ mod 31 == 0 here, so 31 − 0 = 31 → '0'.
    const UsccCheck r = CheckUscc("91340100MA00004370");
    EXPECT_TRUE(r.valid) << r.error;
    EXPECT_TRUE(r.warnings.empty());
}

TEST(UsccTest, OrganisationCodeCheckXAndZero) {
    // GB 11714: 11 − (Σ mod 11) = 10 → 'X', = 11 → '0'.
    const UsccCheck x = CheckUscc("91340100MA000004XE");
    EXPECT_TRUE(x.valid) << x.error;
    EXPECT_TRUE(x.warnings.empty());
    const UsccCheck zero = CheckUscc("91340100MA0000090R");
    EXPECT_TRUE(zero.valid) << zero.error;
    EXPECT_TRUE(zero.warnings.empty());
}

TEST(UsccTest, InnerOrganisationCodeMismatchIsOnlyAWarning) {
    // GB 32100 check is right, but M000100Y's GB 11714 check is 4, not 5.
    const UsccCheck r = CheckUscc("91350100M000100Y56");
    EXPECT_TRUE(r.valid) << r.error;
    EXPECT_TRUE(r.error.empty());
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("组织机构代码"), std::string::npos);
    EXPECT_NE(r.warnings[0].find("GB 11714"), std::string::npos);
    EXPECT_EQ(r.region_code, "350100");
}

TEST(UsccTest, EveryWrongCheckCharacterIsRejected) {
    constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string code = "91350100M000100Y43";
    int accepted = 0;
    for (const char c : kAlphabet) {
        code[17] = c;
        if (CheckUscc(code).valid) ++accepted;
    }
    EXPECT_EQ(accepted, 1);
}

TEST(UsccTest, SingleCharacterChangeIsDetected) {
    std::string code = "91350100M000100Y43";
    code[5] = '2';  // 91350200… with the old check character
    EXPECT_FALSE(CheckUscc(code).valid);
    std::string swapped = "19350100M000100Y43";  // transposition
    EXPECT_FALSE(CheckUscc(swapped).valid);
}

TEST(UsccTest, WrongLength) {
    for (std::string_view code : {"", "91350100M000100Y4", "91350100M000100Y433", "913501"}) {
        const UsccCheck r = CheckUscc(code);
        EXPECT_FALSE(r.valid) << code;
        EXPECT_NE(r.error.find("长度应为18位"), std::string::npos) << r.error;
    }
}

TEST(UsccTest, IllegalCharacters) {
    for (std::string_view code :
         {"91350100m000100y43",  // lowercase: the service uppercases first
          "91350100I000100Y43", "91350100O000100Y43", "91350100S000100Y43", "91350100V000100Y43", "91350100Z000100Y43",
          "91350100-000100Y43", "91350100 000100Y43"}) {
        const UsccCheck r = CheckUscc(code);
        EXPECT_FALSE(r.valid) << code;
        EXPECT_NE(r.error.find("非法字符"), std::string::npos) << code << " " << r.error;
    }
}

}  // namespace
}  // namespace zs
