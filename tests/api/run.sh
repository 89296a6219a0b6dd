#!/usr/bin/env bash
# Runs the end-to-end API tests against build/zhaoshang (or $ZS_BIN). No npm packages needed:
# Node >= 20 and the sqlite3 command-line tool. Extra arguments go to `node --test`.
# ZS_TEST_STORE=postgres runs every server on a new PostgreSQL database of the cluster at
# ZS_PG_URL (psql needed): `scripts/with-postgres env ZS_TEST_STORE=postgres tests/api/run.sh`.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "tests/api: the sqlite3 command-line tool is required" >&2
  exit 2
fi
if [ "${ZS_TEST_STORE:-sqlite}" = postgres ]; then
  command -v psql >/dev/null 2>&1 && command -v pg_dump >/dev/null 2>&1 ||
    { echo "tests/api: ZS_TEST_STORE=postgres needs psql and pg_dump (postgresql-client-15)" >&2; exit 2; }
  [ -n "${ZS_PG_URL:-}" ] ||
    { echo "tests/api: ZS_TEST_STORE=postgres needs ZS_PG_URL; run under scripts/with-postgres" >&2; exit 2; }
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "tests/api: Node >= 20 is required (found $(node --version))" >&2
  exit 2
fi
bin=${ZS_BIN:-build/zhaoshang}
if [ ! -x "$bin" ]; then
  echo "tests/api: server binary $bin not found; build it first (or set ZS_BIN)" >&2
  exit 2
fi
exec node --test --test-concurrency=2 "$@" tests/api/
