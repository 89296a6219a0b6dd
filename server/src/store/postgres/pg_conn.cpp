// The PostgreSQL session behind Conn (see pg_conn.hpp).
#include "store/postgres/pg_conn.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

#include "store/sql/dialect.hpp"
#include "store/store.hpp"

namespace zs::postgres {

namespace {

std::string Excerpt(std::string_view sql) { return std::string(sql.substr(0, 120)); }

// "users.username" (or "t.a, t.b") like SQLite's message, from the table and the key's column list
// in the detail "Key (username)=(…) already exists." — never the values.
std::string UniqueColumns(const PGresult* r) {
    const char* table = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
    const char* detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    const char* constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    const std::string fallback = constraint != nullptr ? constraint : "unique constraint";
    if (table == nullptr || detail == nullptr) return fallback;
    const std::string_view d(detail);
    if (d.rfind("Key (", 0) != 0) return fallback;
    const size_t end = d.find(")=(");
    if (end == std::string_view::npos) return fallback;
    std::string out;
    std::string_view columns = d.substr(5, end - 5);
    while (!columns.empty()) {
        const size_t comma = columns.find(", ");
        if (!out.empty()) out += ", ";
        out += std::string(table) + "." + std::string(columns.substr(0, comma));
        columns = comma == std::string_view::npos ? std::string_view() : columns.substr(comma + 2);
    }
    return out;
}

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// bytea's text output ("\x" and two hex digits per byte) back to bytes.
void DecodeBytea(std::string_view text, std::string& out) {
    out.clear();
    if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || text.size() % 2 != 0) {
        throw std::runtime_error("postgres store: bytea not in hex format");
    }
    out.reserve((text.size() - 2) / 2);
    for (size_t i = 2; i < text.size(); i += 2) {
        const int hi = HexValue(text[i]);
        const int lo = HexValue(text[i + 1]);
        if (hi < 0 || lo < 0) throw std::runtime_error("postgres store: bytea not in hex format");
        out.push_back(static_cast<char>((hi << 4) | lo));
    }
}

// Row `row` of a PostgreSQL result (text format), read in place.
class ResultColumns final : public sqldb::Columns {
public:
    ResultColumns(const PGresult* result, int row) : result_(result), row_(row) {}
    void At(const PGresult* result, int row) {
        result_ = result;
        row_ = row;
    }
    bool IsNull(int col) const override { return PQgetisnull(result_, row_, col) != 0; }
    int64_t Int(int col) const override { return IsNull(col) ? 0 : sqldb::ParseIntColumn(Text(col), col); }
    std::string_view Text(int col) const override {
        if (IsNull(col)) return {};
        return std::string_view(PQgetvalue(result_, row_, col), static_cast<size_t>(PQgetlength(result_, row_, col)));
    }
    std::string_view Blob(int col) const override {
        if (IsNull(col)) return {};
        if (blobs_.size() <= static_cast<size_t>(col)) blobs_.resize(static_cast<size_t>(col) + 1);
        DecodeBytea(Text(col), blobs_[static_cast<size_t>(col)]);
        return blobs_[static_cast<size_t>(col)];
    }

private:
    const PGresult* result_;
    int row_;
    mutable std::vector<std::string> blobs_;  // decoded bytea, valid until the row moves on
};

// A prepared statement run by RawStatement.
class PgCursor final : public sqldb::Cursor {
public:
    PgCursor(PgConn& conn, const char* sql) : conn_(conn), prepared_(&conn.Prepare(sql)) { Clear(); }

    void Bind(const Params& params) override {
        for (const sqldb::Param& p : params.all()) {
            for (size_t i = 0; i < prepared_->params.size(); ++i) {
                if (prepared_->params[i] != p.name) continue;
                if (p.ind == soci::i_null) {
                    null_[i] = true;
                } else {
                    null_[i] = false;
                    values_[i] = p.is_int ? std::to_string(p.i) : p.s;
                }
                binary_[i] = false;
            }
        }
    }
    void BindBlob(const std::string& name, const std::string& bytes) override {
        bool found = false;
        for (size_t i = 0; i < prepared_->params.size(); ++i) {
            if (prepared_->params[i] != name) continue;
            values_[i] = bytes;
            null_[i] = false;
            binary_[i] = true;
            found = true;
        }
        if (!found) throw std::logic_error("postgres store: no parameter :" + name + " to bind a blob to");
    }
    bool Step() override {
        if (!result_) {
            std::vector<const std::string*> values(values_.size());
            for (size_t i = 0; i < values_.size(); ++i) values[i] = null_[i] ? nullptr : &values_[i];
            result_ = conn_.Run(*prepared_, values, binary_);
            rows_ = PQntuples(result_.get());
            row_ = -1;
        }
        if (row_ + 1 >= rows_) {
            row_ = rows_;
            return false;
        }
        ++row_;
        columns_.At(result_.get(), row_);
        return true;
    }
    void Reset() override {
        result_.reset();
        Clear();
    }
    bool IsNull(int col) const override { return columns_.IsNull(col); }
    int64_t Int(int col) const override { return columns_.Int(col); }
    std::string_view Text(int col) const override { return columns_.Text(col); }
    std::string_view Blob(int col) const override { return columns_.Blob(col); }

private:
    void Clear() {
        const size_t n = prepared_->params.size();
        values_.assign(n, std::string());
        null_.assign(n, true);
        binary_.assign(n, false);
    }

    PgConn& conn_;
    PgConn::Prepared* prepared_;
    std::vector<std::string> values_;
    std::vector<bool> null_;
    std::vector<bool> binary_;
    Result result_;
    int rows_ = 0;
    int row_ = -1;
    ResultColumns columns_{nullptr, -1};
};

}  // namespace

std::string TrimmedMessage(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return message;
}

PGconn* Raw(soci::session& s) {
    if (s.get_backend() == nullptr || s.get_backend_name() != "postgresql")
        throw std::logic_error("not a postgresql session");
    return static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
}

Translated Translate(std::string_view sql) {
    Translated out;
    out.text.reserve(sql.size() + 16);
    for (size_t i = 0; i < sql.size();) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // a literal or quoted identifier, with doubled quotes inside
            size_t end = i + 1;
            while (end < sql.size()) {
                if (sql[end] == c) {
                    if (end + 1 < sql.size() && sql[end + 1] == c) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                ++end;
            }
            out.text.append(sql.substr(i, end + 1 - i));
            i = end + 1;
            continue;
        }
        if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {  // a cast
            out.text += "::";
            i += 2;
            continue;
        }
        if (c == ':' && i + 1 < sql.size() && sqldb::IsNameChar(sql[i + 1])) {
            size_t end = i + 1;
            while (end < sql.size() && sqldb::IsNameChar(sql[end])) ++end;
            const std::string name(sql.substr(i + 1, end - i - 1));
            size_t n = 0;
            while (n < out.names.size() && out.names[n] != name) ++n;
            if (n == out.names.size()) out.names.push_back(name);
            out.text += "$" + std::to_string(n + 1);
            i = end;
            continue;
        }
        out.text += c;
        ++i;
    }
    return out;
}

void Check(PGconn* conn, const PGresult* r, std::string_view sql) {
    const ExecStatusType status = r != nullptr ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
    const std::string message = TrimmedMessage(r != nullptr ? PQresultErrorMessage(r) : PQerrorMessage(conn));
    const char* state = r != nullptr ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state != nullptr ? state : "";
    if (code == "23505") throw UniqueViolation(UniqueColumns(r));
    if (code == "55P03" || code == "40001" || code == "40P01" || code == "57014") {
        throw StoreBusy("postgres: " + message + " [" + Excerpt(sql) + "]");
    }
    throw std::runtime_error("postgres: " + message + " [" + Excerpt(sql) + "]");
}

PgConn::PgConn(soci::session& s, std::string setup)
    : Conn(sqldb::kPostgresDialect), session_(s), setup_(std::move(setup)) {
    if (!setup_.empty()) ExecScript(setup_);
}

PgConn::Prepared& PgConn::Prepare(const std::string& sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCached) {
        Result r(PQexec(raw(), "DEALLOCATE ALL"));
        Check(raw(), r.get(), "DEALLOCATE ALL");
        cache_.clear();
    }
    Translated t = Translate(sqldb::Expand(dialect(), sql));
    Prepared p{"zs" + std::to_string(++next_name_), std::move(t.names), t.text};
    Result r(PQprepare(raw(), p.name.c_str(), t.text.c_str(), 0, nullptr));
    Check(raw(), r.get(), t.text);
    return cache_.emplace(sql, std::move(p)).first->second;
}

Result PgConn::Run(const Prepared& p, const std::vector<const std::string*>& values, const std::vector<bool>& binary) {
    const int n = static_cast<int>(p.params.size());
    std::vector<const char*> data(static_cast<size_t>(n));
    std::vector<int> lengths(static_cast<size_t>(n));
    std::vector<int> formats(static_cast<size_t>(n));
    for (size_t i = 0; i < static_cast<size_t>(n); ++i) {
        data[i] = values[i] != nullptr ? values[i]->c_str() : nullptr;
        lengths[i] = values[i] != nullptr ? static_cast<int>(values[i]->size()) : 0;
        formats[i] = binary[i] ? 1 : 0;
    }
    Result r(PQexecPrepared(raw(), p.name.c_str(), n, data.data(), lengths.data(), formats.data(), 0));
    Check(raw(), r.get(), p.text);
    return r;
}

std::vector<const std::string*> PgConn::Values(const Prepared& p, const Params& params, std::vector<std::string>& ints) {
    std::vector<const std::string*> values(p.params.size(), nullptr);
    ints.assign(p.params.size(), std::string());
    for (size_t i = 0; i < p.params.size(); ++i) {
        const sqldb::Param* given = nullptr;
        for (const sqldb::Param& param : params.all()) {
            if (param.name == p.params[i]) {
                given = &param;
                break;
            }
        }
        if (given == nullptr) throw std::logic_error("postgres store: parameter :" + p.params[i] + " missing");
        if (given->ind == soci::i_null) continue;
        if (given->is_int) {
            ints[i] = std::to_string(given->i);
            values[i] = &ints[i];
        } else {
            values[i] = &given->s;
        }
    }
    return values;
}

void PgConn::ForEachRow(const std::string& sql, const Params& params, int columns,
                        const std::function<void(const Row&)>& f) {
    Prepared& p = Prepare(sql);
    std::vector<std::string> ints;
    const std::vector<const std::string*> values = Values(p, params, ints);
    Result r = Run(p, values, std::vector<bool>(values.size(), false));
    if (PQnfields(r.get()) != columns) throw std::logic_error("postgres store: statement read with another shape");
    ResultColumns cells(r.get(), 0);
    const Row row(cells, columns);
    const int rows = PQntuples(r.get());
    for (int i = 0; i < rows; ++i) {
        cells.At(r.get(), i);
        f(row);
    }
}

// A failed statement aborts a PostgreSQL transaction, while SQLite undoes only the statement. The
// store's contract is SQLite's (a caller may catch UniqueViolation and go on, e.g. to draw another
// code), so single writes run inside a savepoint (Guarded). Bulk writes through Cursor do not:
// thousands of subtransactions in one transaction slow every other session down, and their callers
// give up on any failure.
int64_t PgConn::Exec(const std::string& sql, const Params& params) {
    Prepared& p = Prepare(sql);
    std::vector<std::string> ints;
    const std::vector<const std::string*> values = Values(p, params, ints);
    auto run = [&] { return Run(p, values, std::vector<bool>(values.size(), false)); };
    const bool write = sql.rfind("INSERT", 0) == 0 || sql.rfind("UPDATE", 0) == 0 || sql.rfind("DELETE", 0) == 0;
    Result r = write ? Guarded(run) : run();
    const char* tuples = PQcmdTuples(r.get());
    return (tuples != nullptr && *tuples != '\0') ? std::stoll(tuples) : 0;
}

void PgConn::GuardBegin() {
    const bool in_tx = PQtransactionStatus(raw()) == PQTRANS_INTRANS;
    if (in_tx) ExecScript("SAVEPOINT zs_guard");
    guards_.push_back(in_tx ? 1 : 0);
}

void PgConn::GuardEnd() {
    const bool made = !guards_.empty() && guards_.back() != 0;
    if (!guards_.empty()) guards_.pop_back();
    if (made) ExecScript("RELEASE SAVEPOINT zs_guard");
}

void PgConn::GuardAbort() noexcept {
    const bool made = !guards_.empty() && guards_.back() != 0;
    if (!guards_.empty()) guards_.pop_back();
    if (made) PQclear(PQexec(raw(), "ROLLBACK TO SAVEPOINT zs_guard; RELEASE SAVEPOINT zs_guard"));
}

void PgConn::ExecScript(const std::string& sql) {
    Result r(PQexec(raw(), sql.c_str()));
    Check(raw(), r.get(), sql);
}

int64_t PgConn::LastInsertId() { return ScalarInt("SELECT lastval()"); }

std::unique_ptr<sqldb::Cursor> PgConn::Open(const char* sql) { return std::make_unique<PgCursor>(*this, sql); }

bool PgConn::ReviveAfterFailure() {
    if (PQstatus(raw()) == CONNECTION_OK) return false;
    Revive();
    return true;
}

bool PgConn::InTransaction() { return PQtransactionStatus(raw()) != PQTRANS_IDLE; }

void PgConn::RollbackQuietly() noexcept {
    try {
        const PGTransactionStatusType status = PQtransactionStatus(raw());
        if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR) PQclear(PQexec(raw(), "ROLLBACK"));
    } catch (...) {
    }
}

void PgConn::Revive() {
    PGconn* c = raw();
    if (PQstatus(c) == CONNECTION_OK) return;
    PQreset(c);  // the server restarted or the connection broke: prepared statements went with it
    cache_.clear();
    if (PQstatus(c) != CONNECTION_OK) {
        throw std::runtime_error("postgres: cannot reconnect: " + TrimmedMessage(PQerrorMessage(c)));
    }
    if (!setup_.empty()) ExecScript(setup_);
}

}  // namespace zs::postgres
