// CopyAll (sql_store.hpp): a city's data from one store into another, table by table.
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/sql/dialect.hpp"
#include "store/sql/migrate.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_store.hpp"

namespace zs::sqldb {

namespace {

std::vector<std::string> Tables(Conn& c) {
    std::vector<std::string> out;
    c.ForEachRow(c.dialect().list_tables, {}, 1, [&](const Row& r) { out.push_back(r.Str(0)); });
    return out;
}

struct Column {
    std::string name;
    bool binary = false;
};

std::vector<Column> TableColumns(Conn& c, const std::string& table) {
    std::vector<Column> out;
    c.ForEachRow(c.dialect().list_columns, Params().Text("table", table), 2,
                 [&](const Row& r) { out.push_back(Column{r.Str(0), r.Int(1) != 0}); });
    return out;
}

// Parents before children (a table referencing itself is no constraint on the order).
std::vector<std::string> InReferenceOrder(Conn& c, const std::vector<std::string>& tables) {
    std::map<std::string, std::set<std::string>> parents;
    for (const std::string& t : tables) parents[t];
    c.ForEachRow(c.dialect().list_references, {}, 2, [&](const Row& r) {
        if (r.Text(0) != r.Text(1) && parents.count(r.Str(1)) != 0) parents[r.Str(0)].insert(r.Str(1));
    });
    // References kept by triggers rather than foreign keys (V003: a target's unit, where 0 is the city).
    if (parents.count("targets") != 0 && parents.count("units") != 0) parents["targets"].insert("units");
    std::vector<std::string> order;
    std::set<std::string> placed;
    while (order.size() < tables.size()) {
        bool progressed = false;
        for (const std::string& t : tables) {
            if (placed.count(t) != 0) continue;
            const auto& ps = parents[t];
            if (std::all_of(ps.begin(), ps.end(), [&](const std::string& p) { return placed.count(p) != 0; })) {
                order.push_back(t);
                placed.insert(t);
                progressed = true;
            }
        }
        if (!progressed) throw std::runtime_error("copy: the tables' foreign keys form a cycle");
    }
    return order;
}

int64_t Count(Conn& c, const std::string& table) { return c.ScalarInt("SELECT COUNT(*) FROM " + QuotedName(table)); }

}  // namespace

std::map<std::string, int64_t> RowCounts(Conn& c) {
    std::map<std::string, int64_t> counts;
    for (const std::string& t : Tables(c)) counts[t] = Count(c, t);
    return counts;
}

std::vector<std::pair<std::string, int64_t>> CopyAll(SqlStore& from, SqlStore& to,
                                                     const std::function<void(const std::string&, int64_t)>& progress) {
    Lease source_lease = from.Acquire();
    Lease target_lease = to.Acquire();
    Conn& s = source_lease.conn();
    Conn& d = target_lease.conn();
    if (ReadSchemaVersion(s) != ReadSchemaVersion(d)) {
        throw std::runtime_error("copy: the two databases are at different schema versions; migrate the source first");
    }

    s.Exec(s.dialect().begin_read);
    d.Exec(d.dialect().begin_write);
    std::vector<std::pair<std::string, int64_t>> counts;
    try {
        if (*d.dialect().serialize_writers != '\0') d.ScalarInt(d.dialect().serialize_writers);
        for (const char* table : {"units", "users", "projects"}) {
            if (Count(d, table) != 0) throw std::runtime_error(std::string("copy: the target already has ") + table);
        }
        const std::vector<std::string> tables = Tables(s);
        if (tables != Tables(d)) throw std::runtime_error("copy: the two databases have different tables");
        std::vector<std::string> order = InReferenceOrder(s, tables);
        // The target's triggers record the copied rows in snapshot_changes as they go in: that table
        // comes last and is emptied again first, so it ends up exactly the source's.
        const auto changes = std::find(order.begin(), order.end(), "snapshot_changes");
        if (changes != order.end()) std::rotate(changes, changes + 1, order.end());

        for (auto t = order.rbegin(); t != order.rend(); ++t) d.Exec("DELETE FROM " + QuotedName(*t));
        for (const std::string& table : order) {
            const std::vector<Column> columns = TableColumns(s, table);
            std::string select = "SELECT ";
            std::string insert = "INSERT INTO " + QuotedName(table) + " (";
            std::string values = ") VALUES (";
            for (size_t i = 0; i < columns.size(); ++i) {
                const std::string sep = i == 0 ? "" : ", ";
                select += sep + QuotedName(columns[i].name);
                insert += sep + QuotedName(columns[i].name);
                values += sep + ":p" + std::to_string(i);
            }
            select += " FROM " + QuotedName(table);
            insert += values + ")";
            if (table == "snapshot_changes") d.Exec("DELETE FROM snapshot_changes");
            RawStatement in(s, select.c_str());
            RawStatement out(d, insert.c_str());
            int64_t rows = 0;
            while (in.Step()) {
                Params ps;
                for (size_t i = 0; i < columns.size(); ++i) {
                    const std::string name = "p" + std::to_string(i);
                    const int col = static_cast<int>(i);
                    if (in.IsNull(col)) {
                        ps.NullText(name);
                    } else if (!columns[i].binary) {
                        ps.Text(name, std::string(in.Text(col)));
                    }
                }
                out.Bind(ps);
                for (size_t i = 0; i < columns.size(); ++i) {
                    const int col = static_cast<int>(i);
                    if (columns[i].binary && !in.IsNull(col)) {
                        out.BindBlob("p" + std::to_string(i), std::string(in.Blob(col)));
                    }
                }
                out.Step();
                out.Reset();
                ++rows;
            }
            std::string continue_ids = d.dialect().continue_ids;
            const bool has_id = std::any_of(columns.begin(), columns.end(), [](const Column& c) { return c.name == "id"; });
            if (!continue_ids.empty() && has_id) {
                const size_t at = continue_ids.find("{table}");
                continue_ids.replace(at, 7, QuotedName(table));
                d.ForEachRow(continue_ids, Params().Text("table", table), 1, [](const Row&) {});
            }
            if (progress) progress(table, rows);
        }
        const std::map<std::string, int64_t> copied = RowCounts(s);
        if (RowCounts(d) != copied) throw std::runtime_error("copy: the row counts differ after the copy");
        for (const std::string& table : order) counts.emplace_back(table, copied.at(table));
        d.Exec(sql::kCommit);
        s.Exec(sql::kCommit);
    } catch (...) {
        d.RollbackQuietly();
        s.RollbackQuietly();
        throw;
    }
    return counts;
}

}  // namespace zs::sqldb

namespace zs {

std::vector<std::pair<std::string, int64_t>> CopyStore(Store& from, Store& to,
                                                       const std::function<void(const std::string&, int64_t)>& progress) {
    auto* source = dynamic_cast<sqldb::SqlStore*>(&from);
    auto* target = dynamic_cast<sqldb::SqlStore*>(&to);
    if (source == nullptr || target == nullptr) throw std::logic_error("copy: not SQL stores");
    return sqldb::CopyAll(*source, *target, progress);
}

}  // namespace zs
