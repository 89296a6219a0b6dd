-- Monthly figures, their reporting cycle, targets, per-year indicator settings, and the statistical
-- events of a project (入省库 status and 入规 route; the 入统/投产/入规 dates stay in the node ledger).
-- PostgreSQL 15; mirrors server/migrations/sqlite/V003__figures.sql column for column.
-- Money is bigint yuan; timestamps bigint unix seconds UTC; user ids carry no foreign key because
-- 0 is the system (CLI, demo), as in audit_log.
-- Differs from SQLite: types and date checks as in V001; WITHOUT ROWID has no counterpart (there is
-- no clustered storage, monthly_figures is read through its primary key index or a seq scan); the
-- SQLite triggers become plpgsql functions called by triggers of the same names, and
-- targets_scope_* raise foreign_key_violation (23503) with SQLite's message text.

-- 入省库: none → pending (reported upward, with its date) → confirmed (with the province's date) or
-- rejected. A confirmation date exists exactly when the status is confirmed.
ALTER TABLE projects ADD COLUMN prov_db_status text NOT NULL DEFAULT 'none'
    CHECK (prov_db_status IN ('none', 'pending', 'confirmed', 'rejected'));
ALTER TABLE projects ADD COLUMN prov_db_reported_date text
    CHECK ((prov_db_reported_date IS NULL OR zs_is_date(prov_db_reported_date))
           AND (prov_db_status <> 'pending' OR prov_db_reported_date IS NOT NULL));
ALTER TABLE projects ADD COLUMN prov_db_confirmed_date text
    CHECK ((prov_db_confirmed_date IS NULL OR zs_is_date(prov_db_confirmed_date))
           AND ((prov_db_status = 'confirmed') = (prov_db_confirmed_date IS NOT NULL)));
ALTER TABLE projects ADD COLUMN above_scale_route text
    CHECK (above_scale_route IS NULL OR above_scale_route IN ('upgrade', 'new_production'));
CREATE INDEX projects_prov_db ON projects (prov_db_status, prov_db_confirmed_date);

-- One row per project × month × revision. The current figure of a month is its highest revision:
-- revision 1 is overwritten while the unit's month is a draft; after locking a correction inserts
-- the next revision with a reason, and every revision is kept. The key is the row's identity, so
-- there is no surrogate id.
CREATE TABLE monthly_figures (
    project_id             bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    year                   integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    month                  integer NOT NULL CHECK (month BETWEEN 1 AND 12),
    revision               integer NOT NULL CHECK (revision >= 1),
    funds_in_place         bigint NOT NULL DEFAULT 0 CHECK (funds_in_place >= 0),
    funds_out_of_province  bigint NOT NULL DEFAULT 0
                           CHECK (funds_out_of_province >= 0 AND funds_out_of_province <= funds_in_place),
    fixed_asset_investment bigint NOT NULL DEFAULT 0 CHECK (fixed_asset_investment >= 0),
    output_value           bigint NOT NULL DEFAULT 0 CHECK (output_value >= 0),
    tax                    bigint NOT NULL DEFAULT 0 CHECK (tax >= 0),
    reason                 text NOT NULL DEFAULT '' CHECK (revision = 1 OR length(trim(reason)) > 0),
    created_by             bigint NOT NULL DEFAULT 0,
    created_at             bigint NOT NULL,
    PRIMARY KEY (project_id, year, month, revision)
);

-- A unit's month: draft → submitted → reviewed (or returned to draft with a reason) → locked.
CREATE TABLE monthly_submissions (
    unit_id       bigint NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    year          integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    month         integer NOT NULL CHECK (month BETWEEN 1 AND 12),
    state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'reviewed', 'locked')),
    submitted_at  bigint,
    submitted_by  bigint,
    reviewed_at   bigint,
    reviewed_by   bigint,
    return_reason text NOT NULL DEFAULT '',
    locked_at     bigint,
    version       bigint NOT NULL DEFAULT 1,
    PRIMARY KEY (unit_id, year, month)
);
CREATE INDEX monthly_submissions_month ON monthly_submissions (year, month);

-- Annual targets per indicator: scope_unit_id 0 is the city (set from the prefecture), any other
-- value a unit. A foreign key cannot allow 0, so triggers keep the reference honest.
CREATE TABLE targets (
    year          integer NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    indicator     text NOT NULL CHECK (length(indicator) > 0),
    scope_unit_id bigint NOT NULL CHECK (scope_unit_id >= 0),
    value         bigint NOT NULL CHECK (value >= 0),
    version       bigint NOT NULL DEFAULT 1,
    updated_at    bigint NOT NULL,
    PRIMARY KEY (year, indicator, scope_unit_id)
);

-- A trigger's WHEN cannot hold a subquery in PostgreSQL, so the unit lookup is in the function.
CREATE FUNCTION zs_targets_scope_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.scope_unit_id <> 0 AND NOT EXISTS (SELECT 1 FROM units WHERE id = NEW.scope_unit_id) THEN
        RAISE EXCEPTION 'FOREIGN KEY constraint failed: targets.scope_unit_id'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER targets_scope_insert BEFORE INSERT ON targets
    FOR EACH ROW WHEN (NEW.scope_unit_id <> 0) EXECUTE FUNCTION zs_targets_scope_check();
CREATE TRIGGER targets_scope_update BEFORE UPDATE OF scope_unit_id ON targets
    FOR EACH ROW WHEN (NEW.scope_unit_id <> 0) EXECUTE FUNCTION zs_targets_scope_check();

CREATE FUNCTION zs_units_delete_targets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM targets WHERE scope_unit_id = OLD.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER units_delete_targets AFTER DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION zs_units_delete_targets();

-- Thresholds, bands, emerging-industry list version, windows and modes for one year, as a JSON
-- object read by core; changing a year's row changes only that year's figures.
CREATE TABLE indicator_settings (
    year          integer PRIMARY KEY CHECK (year BETWEEN 1900 AND 2999),
    settings_json text NOT NULL CHECK (json_typeof(CAST(settings_json AS json)) = 'object'),
    version       bigint NOT NULL DEFAULT 1,
    updated_at    bigint NOT NULL
);
