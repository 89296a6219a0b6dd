-- Spreadsheet imports (issue 5): each upload with its file, the mapping of its columns to fields,
-- the outcome of the last validation and of the commit; and the column mappings a unit saved.
-- An import is not business data until committed: the rows written by a commit are audited and
-- recorded in snapshot_changes by the tables they go to, as any other write.

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('projects', 'investors', 'monthly', 'targets')),
    -- The unit whose rows these are: a reporter's own unit; NULL for the centre's imports.
    unit_id      INTEGER REFERENCES units (id),
    params_json  TEXT NOT NULL DEFAULT '{}',  -- {"unit_id","year","month"} as uploaded
    file_name    TEXT NOT NULL,
    file_size    INTEGER NOT NULL CHECK (file_size >= 0),
    file_sha256  TEXT NOT NULL,
    file_bytes   BLOB NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('validating', 'ready', 'committing', 'committed', 'cancelled', 'failed')),
    message      TEXT NOT NULL DEFAULT '',
    mapping_json TEXT NOT NULL DEFAULT '{}',  -- {"<column index>": "<field key>" | null}
    summary_json TEXT NOT NULL DEFAULT '{}',  -- counts of the last validation (lists read these)
    preview_json TEXT NOT NULL DEFAULT '{}',  -- columns, errors, warnings, changes of the last validation
    result_json  TEXT NOT NULL DEFAULT '',    -- the commit's counts; '' until committed
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    committed_at INTEGER,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX imports_created ON imports (created_at);
CREATE INDEX imports_unit ON imports (unit_id, created_at);

-- A saved mapping: normalised header → field key (or null: not imported), per unit (0 = the centre)
-- and kind; a later upload of that unit and kind starts from it for the headers it knows.
CREATE TABLE import_mappings (
    unit_id      INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('projects', 'investors', 'monthly', 'targets')),
    mapping_json TEXT NOT NULL,
    updated_by   INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, kind)
) WITHOUT ROWID;
