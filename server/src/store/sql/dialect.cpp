// The two dialects side by side, so a difference is seen in one place.
#include "store/sql/dialect.hpp"

#include <stdexcept>

namespace zs::sqldb {

const Dialect kSqliteDialect{
    .name = "sqlite",
    .begin_read = "BEGIN",
    .begin_write = "BEGIN IMMEDIATE",
    .serialize_writers = "",
    .lock_migrations = "",
    .migrations_table_exists =
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    .insert_migration = "INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES (:version, :name, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
    .list_tables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                   " AND name <> 'schema_migrations' ORDER BY name",
    .list_references = "SELECT m.name, f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f"
                       " WHERE m.type = 'table'",
    .list_columns = "SELECT name, CASE WHEN upper(type) = 'BLOB' THEN 1 ELSE 0 END FROM pragma_table_info(:table)"
                    " ORDER BY cid",
    .continue_ids = "",  // AUTOINCREMENT keeps sqlite_sequence at the largest id inserted
    .instr = "instr",
    .ids_open = "(SELECT value FROM json_each(",
    .ids_close = "))",
    .strings_open = "json_each(",
    .strings_close = ") t",
    .day_open = "date(",
    .day_close = ", 'unixepoch', '+8 hours')",
};

// Reads run at REPEATABLE READ: one snapshot for the whole transaction, as SQLite's WAL reader has
// (LoadSnapshot's data version and rows must agree). Writes run at READ COMMITTED after locking the
// meta row, which every write transaction does first: they take turns like SQLite's writers, and each
// statement sees what the writers before committed, so version checks (UPDATE … WHERE version = :expected)
// and read-then-write sequences (project codes) stay right across several app servers.
const Dialect kPostgresDialect{
    .name = "postgres",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    .begin_write = "BEGIN ISOLATION LEVEL READ COMMITTED",
    .serialize_writers = "SELECT data_version FROM meta WHERE id = 1 FOR UPDATE",
    .lock_migrations = "SELECT pg_advisory_xact_lock(7469284)",
    .migrations_table_exists = "SELECT COUNT(*) FROM information_schema.tables"
                               " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
    .insert_migration = "INSERT INTO schema_migrations (version, name, applied_at)"
                        " VALUES (:version, :name, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
    .list_tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                   " AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name",
    .list_references = "SELECT CAST(CAST(c.conrelid AS regclass) AS text), CAST(CAST(c.confrelid AS regclass) AS text)"
                       " FROM pg_constraint c WHERE c.contype = 'f'"
                       " AND c.connamespace = CAST(current_schema() AS regnamespace)",
    .list_columns = "SELECT column_name, CASE WHEN data_type = 'bytea' THEN 1 ELSE 0 END FROM information_schema.columns"
                    " WHERE table_schema = current_schema() AND table_name = :table ORDER BY ordinal_position",
    .continue_ids = "SELECT setval(pg_get_serial_sequence(:table, 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1,"
                    " false) WHERE pg_get_serial_sequence(:table, 'id') IS NOT NULL",
    .instr = "strpos",
    .ids_open = "(SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(",
    .ids_close = " AS json)))",
    .strings_open = "json_array_elements_text(CAST(",
    .strings_close = " AS json)) AS t(value)",
    .day_open = "to_char(to_timestamp(",
    .day_close = " + 28800) AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
};

std::string Expand(const Dialect& d, std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 64);
    size_t at = 0;
    for (size_t open = sql.find('{'); open != std::string_view::npos; open = sql.find('{', at)) {
        const size_t close = sql.find('}', open);
        if (close == std::string_view::npos) throw std::logic_error("sql: unclosed token");
        out.append(sql.substr(at, open - at));
        const std::string_view token = sql.substr(open + 1, close - open - 1);
        const size_t colon = token.find(':');
        const std::string_view kind = token.substr(0, colon);
        const std::string_view arg = colon == std::string_view::npos ? std::string_view() : token.substr(colon + 1);
        if (kind == "instr" && arg.empty()) {
            out += d.instr;
        } else if (kind == "ids" && !arg.empty()) {
            out.append(d.ids_open).append(":").append(arg).append(d.ids_close);
        } else if (kind == "strings" && !arg.empty()) {
            out.append(d.strings_open).append(arg).append(d.strings_close);
        } else if (kind == "day" && !arg.empty()) {
            out.append(d.day_open).append(arg).append(d.day_close);
        } else {
            throw std::logic_error("sql: unknown token {" + std::string(token) + "}");
        }
        at = close + 1;
    }
    out.append(sql.substr(at));
    return out;
}

}  // namespace zs::sqldb
