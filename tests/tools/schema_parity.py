#!/usr/bin/env python3
"""Fails when the SQLite and PostgreSQL migrations describe different schemas.

Applies server/migrations/sqlite/V*.sql in order to a fresh SQLite file (python's sqlite3) and
server/migrations/postgres/V*.sql in order to a fresh database on the cluster of $ZS_PG_URL
(`psql -v ON_ERROR_STOP=1 -1 -f`, one transaction per file), then compares what both catalogs say:
migration files present on each side; tables; per table the ordered columns with their type family
(INTEGER = bigint/integer/smallint, TEXT = text, BLOB = bytea), nullability, default and
AUTOINCREMENT/identity; primary key; unique column sets (constraints and unique indexes); foreign
keys with their ON DELETE/ON UPDATE actions; CHECK constraints (how many, and which columns each
mentions); named indexes (columns, uniqueness, partial or not); triggers (names, timing, event,
UPDATE OF columns); and the rows the migrations seed. Prints every difference; exits 0 when the
schemas agree, 1 when they differ, 2 when it cannot run (no $ZS_PG_URL, a migration fails).

    scripts/with-postgres python3 tests/tools/schema_parity.py [--keep]

--keep leaves the PostgreSQL database (its name is printed) and the SQLite file behind;
--sqlite-dir/--postgres-dir read the migrations from elsewhere (to check that a mutation fails it).
Only the standard library and the psql client are used.
"""

import argparse
import os
import pathlib
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SQLITE_DIR = ROOT / "server" / "migrations" / "sqlite"
PG_DIR = ROOT / "server" / "migrations" / "postgres"

FAMILY_SQLITE = {"INTEGER": "integer", "TEXT": "text", "BLOB": "blob"}
FAMILY_PG = {"bigint": "integer", "integer": "integer", "smallint": "integer", "text": "text", "bytea": "blob"}
FK_ACTION_PG = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def fail_setup(message):
    print(f"schema_parity: {message}", file=sys.stderr)
    sys.exit(2)


def migrations(directory):
    return {p.name: p for p in sorted(directory.glob("V*.sql"))}


# --- SQL text helpers (for SQLite, whose catalog keeps CHECKs and triggers only as SQL text) ---

TOKEN = re.compile(
    r"""(?P<ws>\s+)|(?P<comment>--[^\n]*|/\*.*?\*/)|(?P<blob>[xX]'[^']*')|(?P<string>'(?:[^']|'')*')
      |(?P<ident>"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|[A-Za-z_][A-Za-z0-9_$]*)|(?P<number>\d+(?:\.\d*)?)
      |(?P<op>.)""",
    re.VERBOSE | re.DOTALL,
)


def tokens(sql):
    """(kind, text) pairs without whitespace and comments; identifiers unquoted."""
    out = []
    for m in TOKEN.finditer(sql):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        text = m.group()
        if kind == "ident" and text[0] in '"`[':
            text = text[1:-1].replace('""', '"')
            kind = "qident"
        out.append((kind, text))
    return out


def sqlite_checks(create_sql, columns):
    """The column sets of every CHECK in a CREATE TABLE statement (SQLite appends ADD COLUMNs to it)."""
    toks = tokens(create_sql)
    lowered = {c.lower(): c for c in columns}
    checks = []
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        if kind == "ident" and text.upper() == "CHECK" and i + 1 < len(toks) and toks[i + 1][1] == "(":
            depth, j, mentioned = 0, i + 1, set()
            while j < len(toks):
                k, t = toks[j]
                if t == "(" and k == "op":
                    depth += 1
                elif t == ")" and k == "op":
                    depth -= 1
                    if depth == 0:
                        break
                elif k in ("ident", "qident") and t.lower() in lowered:
                    is_call = k == "ident" and j + 1 < len(toks) and toks[j + 1][1] == "("
                    if not is_call:
                        mentioned.add(lowered[t.lower()])
                j += 1
            checks.append(frozenset(mentioned))
            i = j
        i += 1
    return checks


TRIGGER_HEAD = re.compile(
    r"CREATE\s+(?:TEMP(?:ORARY)?\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+"
    r"(?:(BEFORE|AFTER|INSTEAD\s+OF)\s+)?(INSERT|DELETE|UPDATE)(?:\s+OF\s+(.+?))?\s+ON\s+",
    re.IGNORECASE | re.DOTALL,
)


def sqlite_trigger_shape(sql):
    m = TRIGGER_HEAD.match(sql.strip())
    if not m:
        return ("?", "?", "")
    timing = re.sub(r"\s+", " ", (m.group(1) or "BEFORE").upper())
    cols = ",".join(sorted(c.strip().strip('"`[]').lower() for c in m.group(3).split(","))) if m.group(3) else ""
    return (timing, m.group(2).upper(), cols)


def normalize_default(value, family):
    """Both catalogs' default expressions as one text: 0, 'text', x'hex', or None."""
    if value is None:
        return None
    v = value.strip()
    while v.startswith("(") and v.endswith(")"):
        v = v[1:-1].strip()
    v = re.sub(r"(::[a-z ]+(\[\])?)+$", "", v)  # PostgreSQL's casts: '[]'::text, 0::bigint
    m = re.fullmatch(r"'\\x([0-9a-fA-F]*)'", v)
    if family == "blob" and m:
        return "x'" + m.group(1).lower() + "'"
    m = re.fullmatch(r"[xX]'([0-9a-fA-F]*)'", v)
    if m:
        return "x'" + m.group(1).lower() + "'"
    return v


def copy_text(value):
    """A value as PostgreSQL's COPY text format writes it."""
    if value is None:
        return r"\N"
    if isinstance(value, bytes):
        return "\\\\x" + value.hex()
    s = str(value)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# --- SQLite side ---


def sqlite_schema(files, path):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA foreign_keys = ON")
    for name, p in files.items():
        try:
            con.executescript("BEGIN;\n" + p.read_text(encoding="utf-8") + "\nCOMMIT;")
        except sqlite3.Error as e:
            fail_setup(f"sqlite/{name} failed: {e}")
    q = lambda sql, *a: con.execute(sql, a).fetchall()  # noqa: E731

    schema = {}
    tables = q("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    for table, create_sql in tables:
        info = q(f'PRAGMA table_info("{table}")')
        wr = q("SELECT wr FROM pragma_table_list WHERE name = ?", table)[0][0]
        pk = [r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5])]
        rowid_alias = not wr and len(pk) == 1 and any(r[1] == pk[0] and r[2].upper() == "INTEGER" for r in info)
        autoinc = rowid_alias and re.search(r"\bAUTOINCREMENT\b", create_sql, re.IGNORECASE) is not None
        columns = []
        for cid, name, decl, notnull, dflt, pkpos in info:
            family = FAMILY_SQLITE.get(decl.upper(), "other:" + decl)
            # A primary key column of a WITHOUT ROWID table, or the rowid alias, cannot hold NULL; any
            # other primary key column of a rowid table can (an old SQLite quirk), so it stays nullable.
            nn = bool(notnull) or (pkpos > 0 and (wr or rowid_alias))
            ident = "identity" if autoinc and name == pk[0] else ""
            columns.append((name, family, nn, normalize_default(dflt, family), ident))

        uniques, indexes = set(), {}
        for _, iname, unique, origin, partial in q(f'PRAGMA index_list("{table}")'):
            cols = tuple(
                (r[2] if r[2] is not None else "<expr>") for r in q(f'PRAGMA index_xinfo("{iname}")') if r[5]
            )
            if origin == "pk":
                continue
            if unique and not partial:
                uniques.add(frozenset(cols))
            if origin == "c":
                indexes[iname] = (cols, bool(unique), bool(partial))

        fks = {}
        for row in q(f'PRAGMA foreign_key_list("{table}")'):
            fid, seq, ref, frm, to, on_update, on_delete = row[:7]
            fks.setdefault(fid, [ref, [], [], on_delete.upper(), on_update.upper()])
            fks[fid][1].append(frm)
            if to is None:  # REFERENCES t without columns: t's primary key
                ref_pk = sorted((r for r in q(f'PRAGMA table_info("{ref}")') if r[5] > 0), key=lambda r: r[5])
                to = ref_pk[seq][1] if seq < len(ref_pk) else "<pk>"
            fks[fid][2].append(to)
        foreign = sorted((tuple(f[1]), f[0], tuple(f[2]), f[3], f[4]) for f in fks.values())

        triggers = {
            name: sqlite_trigger_shape(sql)
            for name, sql in q("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", table)
        }
        col_names = [c[0] for c in columns]
        select = ", ".join('"' + c + '"' for c in col_names)
        rows = sorted("\t".join(copy_text(v) for v in r) for r in q(f'SELECT {select} FROM "{table}"'))
        schema[table] = {
            "columns": columns,
            "pk": tuple(pk),
            "uniques": uniques,
            "foreign": foreign,
            "checks": sorted(sqlite_checks(create_sql, col_names), key=sorted),
            "indexes": indexes,
            "triggers": triggers,
            "rows": rows,
        }
    con.close()
    return schema


# --- PostgreSQL side ---


def url_with_database(url, dbname):
    if "://" not in url:  # key=value conninfo: a later keyword wins
        return f"{url} dbname={dbname}"
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "dbname" for k, _ in query):
        query = [(k, dbname if k == "dbname" else v) for k, v in query]
    # Not urlunsplit: it drops the "//" of a URL without a host (postgresql:///db?host=/socket/dir).
    rebuilt = f"{parts.scheme}://{parts.netloc}/{urllib.parse.quote(dbname)}"
    return rebuilt + ("?" + urllib.parse.urlencode(query, safe="/") if query else "")


def psql(url, *args, check=True):
    env = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, *args],
                       capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        raise RuntimeError(r.stderr.strip() or f"psql exited {r.returncode}")
    return r


def pg_rows(url, sql):
    out = psql(url, "-At", "-F", "\t", "-c", sql).stdout
    return [line.split("\t") for line in out.splitlines()]


PG_TABLES = """
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1"""

PG_COLUMNS = """
SELECT c.relname, a.attname, format_type(a.atttypid, NULL), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), '<none>'), coalesce(nullif(a.attidentity, ''), '-')
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum"""

PG_CONSTRAINTS = """
SELECT c.relname, con.contype, con.conname,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), ''),
       coalesce(fc.relname, ''),
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                 FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), ''),
       con.confdeltype, con.confupdtype
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
WHERE n.nspname = current_schema() ORDER BY 1, 3"""

PG_INDEXES = """
SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL,
       EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid),
       (SELECT string_agg(pg_get_indexdef(ix.indexrelid, k, true), E'\\x1f' ORDER BY k)
        FROM generate_series(1, ix.indnkeyatts) k)
FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = current_schema() ORDER BY 1, 2"""

PG_TRIGGERS = """
SELECT c.relname, t.tgname, t.tgtype,
       coalesce((SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM unnest(CAST(t.tgattr AS int2[])) k(attnum)
                 JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum), '')
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND NOT t.tgisinternal ORDER BY 1, 2"""


def pg_trigger_shape(tgtype, cols):
    t = int(tgtype)
    timing = "INSTEAD OF" if t & 64 else "BEFORE" if t & 2 else "AFTER"
    events = [e for bit, e in ((4, "INSERT"), (8, "DELETE"), (16, "UPDATE"), (32, "TRUNCATE")) if t & bit]
    level = "" if t & 1 else " (statement level)"
    return (timing, "|".join(events) + level, cols)


def pg_index_column(text):
    text = text.strip()
    if re.fullmatch(r'[a-z_][a-z0-9_$]*', text):
        return text
    if re.fullmatch(r'"(?:[^"]|"")*"', text):
        return text[1:-1].replace('""', '"')
    return "<expr>"


def pg_schema(files, url):
    for name, p in files.items():
        r = psql(url, "-1", "-f", str(p), check=False)
        if r.returncode != 0:
            fail_setup(f"postgres/{name} failed:\n{r.stderr.strip()}")

    schema = {t[0]: {"columns": [], "pk": (), "uniques": set(), "foreign": [], "checks": [], "indexes": {},
                     "triggers": {}, "rows": []} for t in pg_rows(url, PG_TABLES)}
    for table, col, typ, notnull, dflt, ident in pg_rows(url, PG_COLUMNS):
        family = FAMILY_PG.get(typ, "other:" + typ)
        default = None if dflt == "<none>" else normalize_default(dflt, family)
        schema[table]["columns"].append((col, family, notnull == "t", default, "identity" if ident != "-" else ""))
    for table, contype, _, cols, ref, refcols, deltype, updtype in pg_rows(url, PG_CONSTRAINTS):
        s = schema[table]
        cols_t = tuple(cols.split(",")) if cols else ()
        if contype == "p":
            s["pk"] = cols_t
        elif contype == "f":
            s["foreign"].append((cols_t, ref, tuple(refcols.split(",")), FK_ACTION_PG[deltype], FK_ACTION_PG[updtype]))
        elif contype == "c":
            s["checks"].append(frozenset(cols_t))
        elif contype != "u":  # unique constraints are read from their indexes below
            s.setdefault("other_constraints", []).append(contype)
    for table, iname, unique, primary, partial, backs_constraint, cols in pg_rows(url, PG_INDEXES):
        s = schema[table]
        cols_t = tuple(pg_index_column(c) for c in cols.split("\x1f"))
        if primary == "t":
            continue
        if unique == "t" and partial != "t":
            s["uniques"].add(frozenset(cols_t))
        if backs_constraint != "t":
            s["indexes"][iname] = (cols_t, unique == "t", partial == "t")
    for table, tgname, tgtype, cols in pg_rows(url, PG_TRIGGERS):
        schema[table]["triggers"][tgname] = pg_trigger_shape(tgtype, cols)
    for table, s in schema.items():
        s["foreign"].sort()
        s["checks"].sort(key=sorted)
        names = ", ".join('"' + c[0] + '"' for c in s["columns"])
        out = psql(url, "-c", f'COPY (SELECT {names} FROM "{table}") TO STDOUT').stdout
        s["rows"] = sorted(out.splitlines())
    return schema


# --- comparison ---


def fmt_cols(cols):
    return "(" + ", ".join(sorted(cols) if isinstance(cols, frozenset) else cols) + ")"


def compare(lite, pg):
    diffs = []
    add = diffs.append
    for t in sorted(set(lite) - set(pg)):
        add(f"table {t}: only in SQLite")
    for t in sorted(set(pg) - set(lite)):
        add(f"table {t}: only in PostgreSQL")
    for t in sorted(set(lite) & set(pg)):
        a, b = lite[t], pg[t]
        a_names = [c[0] for c in a["columns"]]
        b_names = [c[0] for c in b["columns"]]
        if a_names != b_names:
            add(f"table {t}: columns differ\n    sqlite:   {', '.join(a_names)}\n    postgres: {', '.join(b_names)}")
        bcols = {c[0]: c for c in b["columns"]}
        for name, family, nn, default, ident in a["columns"]:
            if name not in bcols:
                continue
            _, pfam, pnn, pdefault, pident = bcols[name]
            if family != pfam:
                add(f"column {t}.{name}: type family sqlite {family}, postgres {pfam}")
            if nn != pnn:
                add(f"column {t}.{name}: sqlite {'NOT NULL' if nn else 'nullable'}, "
                    f"postgres {'NOT NULL' if pnn else 'nullable'}")
            if default != pdefault:
                add(f"column {t}.{name}: default sqlite {default}, postgres {pdefault}")
            if ident != pident:
                add(f"column {t}.{name}: sqlite {'AUTOINCREMENT' if ident else 'no AUTOINCREMENT'}, "
                    f"postgres {'identity' if pident else 'no identity'}")
        if a["pk"] != b["pk"]:
            add(f"table {t}: primary key sqlite {fmt_cols(a['pk'])}, postgres {fmt_cols(b['pk'])}")
        for u in sorted(a["uniques"] - b["uniques"], key=sorted):
            add(f"table {t}: unique {fmt_cols(u)} only in SQLite")
        for u in sorted(b["uniques"] - a["uniques"], key=sorted):
            add(f"table {t}: unique {fmt_cols(u)} only in PostgreSQL")
        for fk in sorted(set(a["foreign"]) - set(b["foreign"])):
            add(f"table {t}: foreign key {fmt_cols(fk[0])} -> {fk[1]}{fmt_cols(fk[2])} "
                f"ON DELETE {fk[3]} ON UPDATE {fk[4]} only in SQLite")
        for fk in sorted(set(b["foreign"]) - set(a["foreign"])):
            add(f"table {t}: foreign key {fmt_cols(fk[0])} -> {fk[1]}{fmt_cols(fk[2])} "
                f"ON DELETE {fk[3]} ON UPDATE {fk[4]} only in PostgreSQL")
        if len(a["checks"]) != len(b["checks"]):
            add(f"table {t}: {len(a['checks'])} CHECK constraints in SQLite, {len(b['checks'])} in PostgreSQL")
        if sorted(a["checks"], key=sorted) != sorted(b["checks"], key=sorted):
            only_a, only_b = list(a["checks"]), list(b["checks"])
            for c in a["checks"]:
                if c in only_b:
                    only_a.remove(c)
                    only_b.remove(c)
            for c in only_a:
                add(f"table {t}: a CHECK on {fmt_cols(c)} only in SQLite")
            for c in only_b:
                add(f"table {t}: a CHECK on {fmt_cols(c)} only in PostgreSQL")
        for other in b.get("other_constraints", []):
            add(f"table {t}: PostgreSQL constraint of type {other!r} has no SQLite counterpart")
        for i in sorted(set(a["indexes"]) | set(b["indexes"])):
            ia, ib = a["indexes"].get(i), b["indexes"].get(i)
            if ia is None:
                add(f"index {i} on {t}: only in PostgreSQL")
            elif ib is None:
                add(f"index {i} on {t}: only in SQLite")
            elif ia != ib:
                shape = lambda x: f"{fmt_cols(x[0])}{' unique' if x[1] else ''}{' partial' if x[2] else ''}"  # noqa
                add(f"index {i} on {t}: sqlite {shape(ia)}, postgres {shape(ib)}")
        for g in sorted(set(a["triggers"]) | set(b["triggers"])):
            ga, gb = a["triggers"].get(g), b["triggers"].get(g)
            if ga is None:
                add(f"trigger {g} on {t}: only in PostgreSQL")
            elif gb is None:
                add(f"trigger {g} on {t}: only in SQLite")
            elif ga != gb:
                shape = lambda x: " ".join(p for p in x if p)  # noqa: E731
                add(f"trigger {g} on {t}: sqlite {shape(ga)}, postgres {shape(gb)}")
        if a_names == b_names and a["rows"] != b["rows"]:
            ra, rb = set(a["rows"]), set(b["rows"])
            lines = [f"table {t}: seeded rows differ ({len(a['rows'])} in SQLite, {len(b['rows'])} in PostgreSQL)"]
            lines += [f"    only in SQLite:     {r}" for r in sorted(ra - rb)[:5]]
            lines += [f"    only in PostgreSQL: {r}" for r in sorted(rb - ra)[:5]]
            add("\n".join(lines))
    return diffs


def main():
    parser = argparse.ArgumentParser(description="Compare the SQLite and PostgreSQL migrations' schemas.")
    parser.add_argument("--keep", action="store_true", help="leave the databases behind")
    parser.add_argument("--sqlite-dir", type=pathlib.Path, default=SQLITE_DIR, help=argparse.SUPPRESS)
    parser.add_argument("--postgres-dir", type=pathlib.Path, default=PG_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args()
    keep = args.keep
    url = os.environ.get("ZS_PG_URL")
    if not url:
        fail_setup("ZS_PG_URL is not set; run it as `scripts/with-postgres python3 tests/tools/schema_parity.py`")
    lite_files, pg_files = migrations(args.sqlite_dir), migrations(args.postgres_dir)
    diffs = [f"migration {n}: only in server/migrations/sqlite" for n in sorted(set(lite_files) - set(pg_files))]
    diffs += [f"migration {n}: only in server/migrations/postgres" for n in sorted(set(pg_files) - set(lite_files))]

    dbname = f"zs_parity_{os.getpid()}_{int(time.time())}"
    tmp = tempfile.mkdtemp(prefix="zs-parity-")
    lite_path = os.path.join(tmp, "parity.db")
    try:
        psql(url, "-c", f'CREATE DATABASE "{dbname}"')
    except (RuntimeError, FileNotFoundError) as e:
        fail_setup(f"cannot create a database on ZS_PG_URL: {e}")
    try:
        lite = sqlite_schema(lite_files, lite_path)
        pg = pg_schema(pg_files, url_with_database(url, dbname))
    finally:
        if keep:
            print(f"kept PostgreSQL database {dbname} and SQLite file {lite_path}", file=sys.stderr)
        else:
            psql(url, "-c", f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)', check=False)
            for f in pathlib.Path(tmp).iterdir():
                f.unlink()
            os.rmdir(tmp)
    diffs += compare(lite, pg)
    for d in diffs:
        print(d)
    if diffs:
        print(f"schema_parity: {len(diffs)} difference(s) between the SQLite and PostgreSQL migrations")
        return 1
    print(f"schema_parity: schemas agree ({len(lite)} tables, {len(lite_files)} migrations)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
