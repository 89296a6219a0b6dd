// The schema migrations compiled into the binary (see server/cmake/embed_migrations.cmake).
#pragma once

#include <string>
#include <vector>

namespace zs {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

extern const std::vector<Migration> kSqliteMigrations;
extern const std::vector<Migration> kPostgresMigrations;

}  // namespace zs
