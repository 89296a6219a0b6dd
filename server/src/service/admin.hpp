// Operations run from the command line (no HTTP, no session): reference data, users,
// settings, and the demo city. Each is audited as the system user.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "store/store.hpp"

namespace zs {

// Seeds what an empty database needs: lifecycle rules from the defaults, the provinces, and the
// cities from `regions_tsv` (code<TAB>name<TAB>parent, from the npm region package) when present.
void EnsureReferenceData(Store& store, const std::filesystem::path& regions_tsv);

// `zhaoshang user add`; password rules as for the API. Returns the new id; throws ApiError.
int64_t AddUser(Store& store, const std::string& username, Role role, std::optional<int64_t> unit_id,
                const std::string& display_name, const std::string& password);
// `zhaoshang user passwd`: sets a new password and ends the user's sessions.
void SetUserPassword(Store& store, const std::string& username, const std::string& password);
// `zhaoshang setting set`: only known keys, with values checked.
void SetSetting(Store& store, const std::string& key, const std::string& value);

struct DemoOptions {
    int scale = 1;  // multiplies the ~400 projects
    uint64_t seed = 2026;
    // The evidence folder `serve --data` uses: reached nodes get their files there (about one in
    // ten left without, as after an import). Empty: no files.
    std::filesystem::path data_dir;
};
struct DemoLogin {
    std::string username;
    std::string password;
    Role role;
    std::string unit_name;
};
// Creates the demo city in an empty database (throws when it already has projects) and returns
// the demo logins with their generated passwords.
std::vector<DemoLogin> GenerateDemoCity(Store& store, const DemoOptions& options);

}  // namespace zs
