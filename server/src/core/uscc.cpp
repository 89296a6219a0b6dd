#include "core/uscc.hpp"

#include <array>

namespace zs {
namespace {

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // values 0..30
constexpr std::array<int, 17> kUsccWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::array<int, 8> kOrgCodeWeights = {3, 7, 9, 10, 5, 8, 4, 2};
constexpr size_t kUsccLength = 18;
constexpr size_t kOrgCodeStart = 8;  // positions 9–17 (1-based): 8 body characters and a check character

int UsccValue(char c) {
    const size_t pos = kUsccAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// GB 11714: digits are 0–9 and letters A–Z are 10–35.
int OrgCodeValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return -1;
}

bool OrgCodeCheckMatches(std::string_view org) {
    int sum = 0;
    for (size_t i = 0; i < kOrgCodeWeights.size(); ++i) {
        const int v = OrgCodeValue(org[i]);
        if (v < 0) return false;
        sum += v * kOrgCodeWeights[i];
    }
    const int check = 11 - sum % 11;
    const char expected = check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
    return org[8] == expected;
}

}  // namespace

UsccCheck CheckUscc(std::string_view code) {
    UsccCheck result;
    if (code.size() != kUsccLength) {
        result.error = "统一社会信用代码长度应为18位";
        return result;
    }
    int sum = 0;
    for (size_t i = 0; i < kUsccLength; ++i) {
        const int v = UsccValue(code[i]);
        if (v < 0) {
            result.error = "统一社会信用代码含有非法字符（第" + std::to_string(i + 1) +
                           "位；只允许数字和除I、O、S、V、Z外的大写字母）";
            return result;
        }
        if (i < kUsccWeights.size()) sum += v * kUsccWeights[i];
    }
    const int check = (31 - sum % 31) % 31;
    if (code[kUsccLength - 1] != kUsccAlphabet[check]) {
        result.error = "统一社会信用代码校验位错误";
        return result;
    }
    result.valid = true;
    result.region_code = std::string(code.substr(2, 6));
    if (!OrgCodeCheckMatches(code.substr(kOrgCodeStart, 9))) {
        result.warnings.emplace_back("组织机构代码校验位不符（GB 11714）");
    }
    return result;
}

}  // namespace zs
