// 统一社会信用代码 (GB 32100-2015) validation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zs {

struct UsccCheck {
    bool valid = false;                 // length, alphabet and the GB 32100 check digit
    std::string error;                  // Chinese reason when !valid
    std::vector<std::string> warnings;  // e.g. the inner GB 11714 organisation code check failed
    std::string region_code;            // positions 3–8 (GB/T 2260) when valid
};

UsccCheck CheckUscc(std::string_view code);

}  // namespace zs
