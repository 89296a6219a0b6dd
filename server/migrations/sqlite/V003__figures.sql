-- Monthly figures, their reporting cycle, targets, per-year indicator settings, and the statistical
-- events of a project (入省库 status and 入规 route; the 入统/投产/入规 dates stay in the node ledger).
-- Money is INTEGER yuan; timestamps INTEGER unix seconds UTC; user ids carry no foreign key because
-- 0 is the system (CLI, demo), as in audit_log.

-- 入省库: none → pending (reported upward, with its date) → confirmed (with the province's date) or
-- rejected. A confirmation date exists exactly when the status is confirmed.
ALTER TABLE projects ADD COLUMN prov_db_status TEXT NOT NULL DEFAULT 'none'
    CHECK (prov_db_status IN ('none', 'pending', 'confirmed', 'rejected'));
ALTER TABLE projects ADD COLUMN prov_db_reported_date TEXT
    CHECK ((prov_db_reported_date IS NULL OR date(prov_db_reported_date, '+0 days') IS prov_db_reported_date)
           AND (prov_db_status <> 'pending' OR prov_db_reported_date IS NOT NULL));
ALTER TABLE projects ADD COLUMN prov_db_confirmed_date TEXT
    CHECK ((prov_db_confirmed_date IS NULL OR date(prov_db_confirmed_date, '+0 days') IS prov_db_confirmed_date)
           AND ((prov_db_status = 'confirmed') = (prov_db_confirmed_date IS NOT NULL)));
ALTER TABLE projects ADD COLUMN above_scale_route TEXT
    CHECK (above_scale_route IS NULL OR above_scale_route IN ('upgrade', 'new_production'));
CREATE INDEX projects_prov_db ON projects (prov_db_status, prov_db_confirmed_date);

-- One row per project × month × revision. The current figure of a month is its highest revision:
-- revision 1 is overwritten while the unit's month is a draft; after locking a correction inserts
-- the next revision with a reason, and every revision is kept. WITHOUT ROWID, keyed by
-- (project_id, year, month, revision): the snapshot reads every row in key order, and a clustered
-- key makes that a sequential scan (150 ms for 10^6 rows here) instead of an index walk with a
-- table lookup per row (340 ms); the key is also the row's identity, so there is no surrogate id.
CREATE TABLE monthly_figures (
    project_id             INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    year                   INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    month                  INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    revision               INTEGER NOT NULL CHECK (revision >= 1),
    funds_in_place         INTEGER NOT NULL DEFAULT 0 CHECK (funds_in_place >= 0),
    funds_out_of_province  INTEGER NOT NULL DEFAULT 0
                           CHECK (funds_out_of_province >= 0 AND funds_out_of_province <= funds_in_place),
    fixed_asset_investment INTEGER NOT NULL DEFAULT 0 CHECK (fixed_asset_investment >= 0),
    output_value           INTEGER NOT NULL DEFAULT 0 CHECK (output_value >= 0),
    tax                    INTEGER NOT NULL DEFAULT 0 CHECK (tax >= 0),
    reason                 TEXT NOT NULL DEFAULT '' CHECK (revision = 1 OR length(trim(reason)) > 0),
    created_by             INTEGER NOT NULL DEFAULT 0,
    created_at             INTEGER NOT NULL,
    PRIMARY KEY (project_id, year, month, revision)
) WITHOUT ROWID;

-- A unit's month: draft → submitted → reviewed (or returned to draft with a reason) → locked.
CREATE TABLE monthly_submissions (
    unit_id       INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'reviewed', 'locked')),
    submitted_at  INTEGER,
    submitted_by  INTEGER,
    reviewed_at   INTEGER,
    reviewed_by   INTEGER,
    return_reason TEXT NOT NULL DEFAULT '',
    locked_at     INTEGER,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (unit_id, year, month)
) WITHOUT ROWID;
CREATE INDEX monthly_submissions_month ON monthly_submissions (year, month);

-- Annual targets per indicator: scope_unit_id 0 is the city (set from the prefecture), any other
-- value a unit. A foreign key cannot allow 0, so triggers keep the reference honest.
CREATE TABLE targets (
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    indicator     TEXT NOT NULL CHECK (length(indicator) > 0),
    scope_unit_id INTEGER NOT NULL CHECK (scope_unit_id >= 0),
    value         INTEGER NOT NULL CHECK (value >= 0),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (year, indicator, scope_unit_id)
) WITHOUT ROWID;
CREATE TRIGGER targets_scope_insert BEFORE INSERT ON targets
    WHEN NEW.scope_unit_id <> 0 AND NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.scope_unit_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: targets.scope_unit_id');
END;
CREATE TRIGGER targets_scope_update BEFORE UPDATE OF scope_unit_id ON targets
    WHEN NEW.scope_unit_id <> 0 AND NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.scope_unit_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: targets.scope_unit_id');
END;
CREATE TRIGGER units_delete_targets AFTER DELETE ON units
BEGIN
    DELETE FROM targets WHERE scope_unit_id = OLD.id;
END;

-- Thresholds, bands, emerging-industry list version, windows and modes for one year, as a JSON
-- object read by core; changing a year's row changes only that year's figures.
CREATE TABLE indicator_settings (
    year          INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999),
    settings_json TEXT NOT NULL CHECK (json_valid(settings_json) AND json_type(settings_json) = 'object'),
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    INTEGER NOT NULL
);
