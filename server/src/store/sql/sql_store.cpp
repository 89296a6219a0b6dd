#include "store/sql/sql_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "store/sql/migrate.hpp"
#include "store/sql/sql.hpp"

namespace zs::sqldb {

namespace {
constexpr int kHealthLeaseTimeoutMs = 2'000;
}

void FsyncPath(const std::filesystem::path& path, bool directory) {
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0) throw std::runtime_error("backup: cannot open " + path.string() + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw std::runtime_error("backup: fsync " + path.string() + ": " + std::strerror(err));
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
