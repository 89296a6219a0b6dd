// What differs between the two databases' SQL. The statements in sql.hpp are written once, in the
// SQL both understand, with four tokens where they cannot agree; Expand() replaces them:
//   {instr}        the function "position of a substring" (instr / strpos; same argument order)
//   {ids:NAME}     a subquery of the ids in the JSON array bound as :NAME
//   {strings:EXPR} a table `t` of the strings of the JSON array EXPR, column `t.value`
//   {day:EXPR}     the China-time calendar day 'YYYY-MM-DD' of the unix seconds EXPR
// and the statements that have no common form are fields here.
#pragma once

#include <string>
#include <string_view>

namespace zs::sqldb {

struct Dialect {
    const char* name;  // "sqlite", "postgres"
    const char* begin_read;
    const char* begin_write;
    // Run right after begin_write: makes write transactions take turns (SQLite's BEGIN IMMEDIATE does
    // that itself). Every write then sees every write committed before it, as on one SQLite file.
    const char* serialize_writers;
    // Run first in the migration transaction, so servers starting together migrate one at a time.
    const char* lock_migrations;
    const char* migrations_table_exists;
    const char* insert_migration;  // :version, :name

    // Catalog reads for copying a database: the tables (but schema_migrations), the foreign-key
    // references (child table, parent table), and a table's columns (:table → name, 1 when binary).
    const char* list_tables;
    const char* list_references;
    const char* list_columns;
    // After rows with explicit ids went into a table: the generated ids continue after the largest
    // ("" = nothing to do; "{table}" is replaced by the quoted table name, :table binds its name).
    const char* continue_ids;

    // Token expansions: {instr}; {ids:NAME} = ids_open ":NAME" ids_close; likewise strings and day.
    const char* instr;
    const char* ids_open;
    const char* ids_close;
    const char* strings_open;
    const char* strings_close;
    const char* day_open;
    const char* day_close;
};

extern const Dialect kSqliteDialect;
extern const Dialect kPostgresDialect;

// `sql` with its tokens replaced for `d`; throws std::logic_error on an unknown token.
std::string Expand(const Dialect& d, std::string_view sql);

}  // namespace zs::sqldb
