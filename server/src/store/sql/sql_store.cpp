#include "store/sql/sql_store.hpp"

#include "store/sql/migrate.hpp"
#include "store/sql/sql.hpp"

namespace zs::sqldb {

namespace {
constexpr int kHealthLeaseTimeoutMs = 2'000;
}

int SqlStore::SchemaVersion() {
    Lease lease = Acquire();
    return ReadSchemaVersion(lease.conn());
}

bool SqlStore::Healthy() {
    try {
        Lease lease = Acquire(kHealthLeaseTimeoutMs);
        try {
            return lease.conn().ScalarInt(sql::kSelectOne) == 1;
        } catch (const std::exception&) {
            // A session the server closed while it sat in the pool says nothing about the database.
            return lease.conn().ReviveAfterFailure() && lease.conn().ScalarInt(sql::kSelectOne) == 1;
        }
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace zs::sqldb
