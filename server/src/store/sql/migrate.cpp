#include "store/sql/migrate.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "store/sql/dialect.hpp"
#include "store/sql/sql.hpp"

namespace zs::sqldb {

void RunMigrations(Conn& c, const std::vector<Migration>& all) {
    int latest = 0;
    for (const Migration& m : all) latest = std::max(latest, m.version);
    std::vector<const Migration*> ordered;
    for (const Migration& m : all) ordered.push_back(&m);
    std::sort(ordered.begin(), ordered.end(), [](const Migration* a, const Migration* b) { return a->version < b->version; });

    const Dialect& d = c.dialect();
    c.Exec(d.begin_write);
    try {
        if (*d.lock_migrations != '\0') c.ForEachRow(d.lock_migrations, {}, 1, [](const Row&) {});
        c.ExecScript(sql::kCreateMigrationsTable);
        const int64_t current = c.ScalarInt(sql::kSchemaVersion);
        if (current > latest) {
            throw std::runtime_error("数据库版本 " + std::to_string(current) + " 高于本程序支持的版本 " +
                                     std::to_string(latest) + "; 请升级程序 (database schema version " +
                                     std::to_string(current) + " is newer than this program supports (" +
                                     std::to_string(latest) + "); upgrade the program)");
        }
        for (const Migration* m : ordered) {
            if (m->version <= current) continue;
            try {
                c.ExecScript(m->sql);
            } catch (const std::exception& e) {
                throw std::runtime_error(std::string("migration ") + m->name + " failed: " + e.what());
            }
            c.Exec(d.insert_migration, Params().Int("version", m->version).Text("name", m->name));
        }
        c.Exec(sql::kCommit);
    } catch (...) {
        c.RollbackQuietly();
        throw;
    }
}

int ReadSchemaVersion(Conn& c) {
    if (c.ScalarInt(c.dialect().migrations_table_exists) == 0) return 0;
    return static_cast<int>(c.ScalarInt(sql::kSchemaVersion));
}

}  // namespace zs::sqldb
