// Applying the embedded migrations, the same way on both stores.
#pragma once

#include <vector>

#include "store/migrations.hpp"
#include "store/sql/db.hpp"

namespace zs::sqldb {

// Applies the migrations newer than the database's version in one transaction (after the dialect's
// migration lock, so servers starting together take turns); refuses a database newer than `all`.
void RunMigrations(Conn& c, const std::vector<Migration>& all);

// 0 when the database has no migrations table yet.
int ReadSchemaVersion(Conn& c);

}  // namespace zs::sqldb
