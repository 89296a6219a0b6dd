-- The initial schema (SQLite). Money is INTEGER yuan, land INTEGER hundredths of a mu, dates are
-- 'YYYY-MM-DD' text (so they sort), timestamps INTEGER unix seconds UTC, lists JSON array text.
-- Ids of rows that can be deleted use AUTOINCREMENT so an id is never reused: the audit log keeps
-- pointing at the deleted row's id and must not pick up a newcomer's history. A date CHECK uses
-- date(x, '+0 days') because date() alone lets '2026-02-30' through on SQLite 3.40.

CREATE TABLE meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    data_version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO meta (id, data_version) VALUES (1, 0);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO settings (key, value) VALUES
    ('city_province_code', '340000'),
    ('city_name', '示范市'),
    ('stalled_days', '90'),
    ('session_idle_seconds', '1800'),
    ('session_absolute_seconds', '43200'),
    ('login_max_failures_per_hour', '100');

CREATE TABLE units (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('dev_zone', 'park', 'town', 'municipal')),
    sort_order INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_sort ON units (sort_order, id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'reporter', 'leader', 'reviewer')),
    unit_id       INTEGER REFERENCES units (id),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    password_hash TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    username TEXT NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX login_failures_username_at ON login_failures (username, at);

CREATE TABLE chains (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('leading', 'advantage'))
);

-- GB/T 4754-2017, codes with their 门类 letter in front ('C3011'); parent NULL at level 1.
CREATE TABLE industries (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent TEXT
) WITHOUT ROWID;

-- GB/T 2260: provinces ('340000') and cities ('340100'); parent NULL for provinces.
CREATE TABLE regions (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT
) WITHOUT ROWID;

-- One row per category × node; seeded by the service from LifecycleRules::Defaults().
CREATE TABLE lifecycle_rules (
    category          TEXT NOT NULL CHECK (category IN ('industry', 'service', 'agriculture', 'other')),
    node              TEXT NOT NULL CHECK (node IN ('lead', 'negotiating', 'prereview', 'signed', 'registered',
                          'land', 'started', 'in_stats', 'producing', 'above_scale', 'full_capacity')),
    applies           INTEGER NOT NULL DEFAULT 1 CHECK (applies IN (0, 1)),
    required_fields   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(required_fields) AND json_type(required_fields) = 'array'),
    required_evidence TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(required_evidence) AND json_type(required_evidence) = 'array'),
    after_nodes       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(after_nodes) AND json_type(after_nodes) = 'array'),
    standard_days     INTEGER NOT NULL DEFAULT 0 CHECK (standard_days >= 0),
    PRIMARY KEY (category, node)
) WITHOUT ROWID;

CREATE TABLE investors (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL,
    uscc               TEXT NOT NULL UNIQUE,
    province_code      TEXT NOT NULL,
    city_code          TEXT,
    tags               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
    created_by_unit_id INTEGER REFERENCES units (id),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);
CREATE INDEX investors_name ON investors (name);
CREATE INDEX investors_created_by_unit ON investors (created_by_unit_id);

CREATE TABLE projects (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    investor_id            INTEGER REFERENCES investors (id) ON DELETE RESTRICT,
    unit_id                INTEGER NOT NULL REFERENCES units (id),
    chain_id               INTEGER REFERENCES chains (id),
    industry_code          TEXT REFERENCES industries (code),
    category               TEXT NOT NULL CHECK (category IN ('industry', 'service', 'agriculture', 'other')),
    emerging_industry      TEXT NOT NULL DEFAULT '',
    total_investment       INTEGER NOT NULL DEFAULT 0 CHECK (total_investment >= 0),
    fixed_asset_investment INTEGER NOT NULL DEFAULT 0
                           CHECK (fixed_asset_investment >= 0 AND fixed_asset_investment <= total_investment),
    land_mu_hundredths     INTEGER NOT NULL DEFAULT 0 CHECK (land_mu_hundredths >= 0),
    leader_in_charge       TEXT NOT NULL DEFAULT '',
    referrer               TEXT NOT NULL DEFAULT '',
    introducing_unit       TEXT NOT NULL DEFAULT '',
    first_introducer       TEXT NOT NULL DEFAULT '',
    is_key                 INTEGER NOT NULL DEFAULT 0 CHECK (is_key IN (0, 1)),
    terminated             INTEGER NOT NULL DEFAULT 0 CHECK (terminated IN (0, 1)),
    termination_reason     TEXT NOT NULL DEFAULT '',
    stage                  TEXT CHECK (stage IN ('lead', 'negotiating', 'prereview', 'signed', 'registered',
                               'land', 'started', 'in_stats', 'producing', 'above_scale', 'full_capacity')),
    signed_date            TEXT CHECK (signed_date IS NULL OR date(signed_date, '+0 days') IS signed_date),
    last_progress          TEXT CHECK (last_progress IS NULL OR date(last_progress, '+0 days') IS last_progress),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);
CREATE INDEX projects_unit ON projects (unit_id);
CREATE INDEX projects_stage ON projects (stage);
CREATE INDEX projects_signed_date ON projects (signed_date);
CREATE INDEX projects_chain ON projects (chain_id);
CREATE INDEX projects_industry ON projects (industry_code);
CREATE INDEX projects_investor ON projects (investor_id);
CREATE INDEX projects_name ON projects (name);
CREATE INDEX projects_total_investment ON projects (total_investment);
CREATE INDEX projects_updated_at ON projects (updated_at);

-- The node ledger; a missing row is an empty entry.
CREATE TABLE project_nodes (
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    node         TEXT NOT NULL CHECK (node IN ('lead', 'negotiating', 'prereview', 'signed', 'registered',
                     'land', 'started', 'in_stats', 'producing', 'above_scale', 'full_capacity')),
    planned_date TEXT CHECK (planned_date IS NULL OR date(planned_date, '+0 days') IS planned_date),
    actual_date  TEXT CHECK (actual_date IS NULL OR date(actual_date, '+0 days') IS actual_date),
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, node)
) WITHOUT ROWID;
-- Open nodes by planned date, for "what is overdue" across projects.
CREATE INDEX project_nodes_open ON project_nodes (planned_date) WHERE actual_date IS NULL;

CREATE TABLE problems (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    category    TEXT NOT NULL CHECK (category IN ('land_quota', 'funding', 'approval', 'environment', 'energy', 'other')),
    description TEXT NOT NULL DEFAULT '',
    department  TEXT NOT NULL DEFAULT '',
    deadline    TEXT CHECK (deadline IS NULL OR date(deadline, '+0 days') IS deadline),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution  TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX problems_project ON problems (project_id, status);

CREATE TABLE evidence_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id   INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    node         TEXT NOT NULL CHECK (node IN ('lead', 'negotiating', 'prereview', 'signed', 'registered',
                     'land', 'started', 'in_stats', 'producing', 'above_scale', 'full_capacity')),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    storage_name TEXT NOT NULL UNIQUE,
    sha256       TEXT NOT NULL,
    uploaded_by  INTEGER NOT NULL,
    uploaded_at  INTEGER NOT NULL
);
CREATE INDEX evidence_files_project ON evidence_files (project_id, node);

-- Append-only; user_id 0 is the system. No foreign keys: history outlives what it describes.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL DEFAULT 0,
    at          INTEGER NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER NOT NULL DEFAULT 0,
    project_id  INTEGER NOT NULL DEFAULT 0,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_project ON audit_log (project_id, id);

-- Per-year counters for generated project codes (XM{year}{seq:04}).
CREATE TABLE project_seq (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);
