#include "core/money.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace zs {
namespace {

TEST(MoneyTest, ParseWanToYuanExact) {
    EXPECT_EQ(ParseWanToYuan("0"), 0);
    EXPECT_EQ(ParseWanToYuan("0.0001"), 1);
    EXPECT_EQ(ParseWanToYuan("1"), 10'000);
    EXPECT_EQ(ParseWanToYuan("1.5"), 15'000);
    EXPECT_EQ(ParseWanToYuan("1.50"), 15'000);
    EXPECT_EQ(ParseWanToYuan("0.01"), 100);
    EXPECT_EQ(ParseWanToYuan("12345.6789"), 123'456'789);
    EXPECT_EQ(ParseWanToYuan("007.1"), 71'000);
    // 0.1 + 0.2 style values stay exact.
    EXPECT_EQ(ParseWanToYuan("0.3"), 3'000);
}

TEST(MoneyTest, ParseWanToYuanBoundaries) {
    EXPECT_EQ(ParseWanToYuan("100000000000"), kMaxYuan);  // 10^11 万元 = 10^15 yuan
    EXPECT_EQ(ParseWanToYuan("100000000000.0000"), kMaxYuan);
    EXPECT_EQ(ParseWanToYuan("99999999999.9999"), kMaxYuan - 1);
    EXPECT_FALSE(ParseWanToYuan("100000000000.0001"));
    EXPECT_FALSE(ParseWanToYuan("100000000001"));
    EXPECT_FALSE(ParseWanToYuan("99999999999999999999999999"));  // would overflow int64
    EXPECT_FALSE(ParseWanToYuan("9223372036854775807"));
}

TEST(MoneyTest, ParseWanToYuanRejectsMalformed) {
    for (std::string_view bad : {"", ".", "1.", ".5", "1.23456", "-1", "+1", "1e5", " 1", "1 ", "1,000", "1..2",
                                 "1.2.3", "abc", "0x10", "１", "1.0000000"}) {
        EXPECT_FALSE(ParseWanToYuan(bad)) << bad;
    }
}

TEST(MoneyTest, FormatScaledExamples) {
    EXPECT_EQ(FormatScaled(15'000, kYuanPerWan, 0), "2");
    EXPECT_EQ(FormatScaled(-15'000, kYuanPerWan, 0), "-2");
    EXPECT_EQ(FormatScaled(14'999, kYuanPerWan, 0), "1");
    EXPECT_EQ(FormatScaled(-14'999, kYuanPerWan, 0), "-1");
    EXPECT_EQ(FormatScaled(123'456'789, kYuanPerYi, 2), "1.23");
    EXPECT_EQ(FormatScaled(125'000'000, kYuanPerYi, 1), "1.3");
    EXPECT_EQ(FormatScaled(-125'000'000, kYuanPerYi, 1), "-1.3");
    EXPECT_EQ(FormatScaled(124'999'999, kYuanPerYi, 1), "1.2");
    EXPECT_EQ(FormatScaled(123'456'789, kYuanPerWan, 4), "12345.6789");
    EXPECT_EQ(FormatScaled(123'456'789, kYuanPerWan, 2), "12345.68");
    EXPECT_EQ(FormatScaled(5'000, kYuanPerWan, 2), "0.50");
    EXPECT_EQ(FormatScaled(5, kYuanPerWan, 3), "0.001");    // 0.0005 rounds up
    EXPECT_EQ(FormatScaled(-5, kYuanPerWan, 3), "-0.001");  // and away from zero when negative
    EXPECT_EQ(FormatScaled(4, kYuanPerWan, 3), "0.000");
    EXPECT_EQ(FormatWan(10'000), "1.00");
    EXPECT_EQ(FormatYi(250'000'000), "2.50");
    EXPECT_EQ(FormatYi(250'000'000, 0), "3");
}

TEST(MoneyTest, FormatScaledNeverPrintsNegativeZero) {
    EXPECT_EQ(FormatScaled(-1, kYuanPerYi, 2), "0.00");
    EXPECT_EQ(FormatScaled(-4, kYuanPerWan, 3), "0.000");
    EXPECT_EQ(FormatScaled(-4'999, kYuanPerWan, 0), "0");
    EXPECT_EQ(FormatScaled(0, kYuanPerWan, 2), "0.00");
    EXPECT_EQ(FormatScaled(-5'000, kYuanPerWan, 0), "-1");
}

TEST(MoneyTest, FormatScaledDecimalsRange) {
    EXPECT_EQ(FormatScaled(1, kYuanPerYi, 8), "0.00000001");
    EXPECT_EQ(FormatScaled(-1, kYuanPerYi, 8), "-0.00000001");
    EXPECT_EQ(FormatScaled(123'456'789, kYuanPerYi, 8), "1.23456789");
    EXPECT_EQ(FormatScaled(7, 1, 0), "7");
    EXPECT_EQ(FormatScaled(7, 1, 2), "7.00");
}

TEST(MoneyTest, FormatScaledDoesNotOverflow) {
    EXPECT_EQ(FormatScaled(kMaxYuan, kYuanPerWan, 8), "100000000000.00000000");
    EXPECT_EQ(FormatScaled(kMaxYuan, kYuanPerYi, 2), "10000000.00");
    EXPECT_EQ(FormatScaled(-kMaxYuan, kYuanPerYi, 8), "-10000000.00000000");
    EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::max(), 1, 0), "9223372036854775807");
    EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::min(), 1, 0), "-9223372036854775808");
    EXPECT_EQ(FormatScaled(std::numeric_limits<int64_t>::min(), kYuanPerYi, 8), "-92233720368.54775808");
}

TEST(MoneyTest, ParseFormatRoundTrip) {
    for (std::string_view text : {"0.0001", "1.2345", "12345.6789", "100000000000.0000", "0.0000", "5.0000"}) {
        std::optional<int64_t> yuan = ParseWanToYuan(text);
        ASSERT_TRUE(yuan) << text;
        EXPECT_EQ(FormatWan(*yuan, 4), text);
    }
}

TEST(MoneyTest, ParseMuHundredths) {
    EXPECT_EQ(ParseMuHundredths("12.5"), 1'250);
    EXPECT_EQ(ParseMuHundredths("12.50"), 1'250);
    EXPECT_EQ(ParseMuHundredths("12"), 1'200);
    EXPECT_EQ(ParseMuHundredths("12.05"), 1'205);
    EXPECT_EQ(ParseMuHundredths("0.01"), 1);
    EXPECT_EQ(ParseMuHundredths("0"), 0);
    EXPECT_EQ(ParseMuHundredths("1000000000"), 100'000'000'000);
    EXPECT_EQ(ParseMuHundredths("1000000000.00"), 100'000'000'000);
    EXPECT_FALSE(ParseMuHundredths("1000000000.01"));
    EXPECT_FALSE(ParseMuHundredths("1000000001"));
    for (std::string_view bad : {"", ".", "12.", ".5", "12.345", "-1", "1e3", " 1", "12,5", "12.5.0"}) {
        EXPECT_FALSE(ParseMuHundredths(bad)) << bad;
    }
}

TEST(MoneyTest, FormatMuHundredths) {
    EXPECT_EQ(FormatMuHundredths(1'250), "12.5");
    EXPECT_EQ(FormatMuHundredths(1'200), "12");
    EXPECT_EQ(FormatMuHundredths(1'205), "12.05");
    EXPECT_EQ(FormatMuHundredths(0), "0");
    EXPECT_EQ(FormatMuHundredths(1), "0.01");
    EXPECT_EQ(FormatMuHundredths(10), "0.1");
    EXPECT_EQ(FormatMuHundredths(100'000'000'000), "1000000000");
    EXPECT_EQ(FormatMuHundredths(-1'250), "-12.5");
    for (std::string_view text : {"12.5", "12", "12.05", "0.01", "999.99"}) {
        EXPECT_EQ(FormatMuHundredths(*ParseMuHundredths(text)), text);
    }
}

}  // namespace
}  // namespace zs
