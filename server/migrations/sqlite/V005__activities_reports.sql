-- The activity log (招商活动), weekly reports (周报送), report drafts and published reports (issue 4),
-- and the activity a project's lead came from. Dates are 'YYYY-MM-DD' text checked with
-- date(x, '+0 days') as in V001; timestamps INTEGER unix seconds UTC; user ids carry no foreign key
-- because 0 is the system (CLI, demo), as in audit_log. None of these tables is read by the
-- indicator snapshot, so none of them records snapshot_changes (V004).

-- One activity of a unit: 外出招商 (trip), 接待/拜访客商 (visit), 展会/推介 (exhibition). Which
-- fields apply depends on the kind; the service keeps the others empty or 0.
CREATE TABLE activities (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id             INTEGER NOT NULL REFERENCES units (id),
    kind                TEXT NOT NULL CHECK (kind IN ('trip', 'visit', 'exhibition')),
    date                TEXT NOT NULL CHECK (date(date, '+0 days') IS date),
    end_date            TEXT CHECK (end_date IS NULL OR (date(end_date, '+0 days') IS end_date AND end_date >= date)),
    title               TEXT NOT NULL DEFAULT '',
    leader              TEXT NOT NULL DEFAULT '',
    destination         TEXT NOT NULL DEFAULT '',
    place               TEXT NOT NULL DEFAULT '',
    company             TEXT NOT NULL DEFAULT '',
    companies           TEXT NOT NULL DEFAULT '',
    persons             INTEGER NOT NULL DEFAULT 0 CHECK (persons >= 0),
    brochures           INTEGER NOT NULL DEFAULT 0 CHECK (brochures >= 0),
    enterprises_visited INTEGER NOT NULL DEFAULT 0 CHECK (enterprises_visited >= 0),
    key_talks           INTEGER NOT NULL DEFAULT 0 CHECK (key_talks >= 0),
    contacts            INTEGER NOT NULL DEFAULT 0 CHECK (contacts >= 0),
    follow_ups          INTEGER NOT NULL DEFAULT 0 CHECK (follow_ups >= 0),
    outcome             TEXT NOT NULL DEFAULT '',
    created_by          INTEGER NOT NULL DEFAULT 0,
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
-- A unit's activities of a period (lists, the weekly report's counts); the whole city's by date.
CREATE INDEX activities_unit_date ON activities (unit_id, date);
CREATE INDEX activities_date ON activities (date);

-- The lead a project came from. Deleting the activity keeps the project and clears the link; that
-- update goes through the projects update trigger of V004, which only costs a reload of those projects.
ALTER TABLE projects ADD COLUMN activity_id INTEGER REFERENCES activities (id) ON DELETE SET NULL;
-- Serves lead_count, the leads of an activity, and the SET NULL of a deleted activity.
CREATE INDEX projects_activity ON projects (activity_id) WHERE activity_id IS NOT NULL;

-- A unit's weekly report for ISO week `week` of ISO year `year`; submitted_at/by NULL until submitted.
CREATE TABLE weekly_reports (
    unit_id      INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    week         INTEGER NOT NULL CHECK (week BETWEEN 1 AND 53),
    progress     TEXT NOT NULL DEFAULT '',
    problems     TEXT NOT NULL DEFAULT '',
    submitted    INTEGER NOT NULL DEFAULT 0 CHECK (submitted IN (0, 1)),
    submitted_at INTEGER,
    submitted_by INTEGER,
    version      INTEGER NOT NULL DEFAULT 1,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (unit_id, year, week)
) WITHOUT ROWID;
CREATE INDEX weekly_reports_week ON weekly_reports (year, week);

-- The saved edits ({block id: text}) of one report: type, year, period (month, ISO week or quarter;
-- 0 for the ledger) and unit (0 = the city, so no foreign key).
CREATE TABLE report_drafts (
    type       TEXT NOT NULL CHECK (type IN ('summary', 'monthly', 'weekly', 'quarterly', 'ledger')),
    year       INTEGER NOT NULL CHECK (year BETWEEN 0 AND 2999),
    period     INTEGER NOT NULL CHECK (period BETWEEN 0 AND 53),
    unit_id    INTEGER NOT NULL DEFAULT 0 CHECK (unit_id >= 0),
    edits_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(edits_json) AND json_type(edits_json) = 'object'),
    version    INTEGER NOT NULL DEFAULT 1,
    updated_by INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (type, year, period, unit_id)
) WITHOUT ROWID;

-- Every published version of a report, kept for good with the exact bytes that were sent (the
-- ledger is never published). A second version of a key is a correction and needs its reason.
-- The three files come last: a row's leading columns sit on its first page and the bytes spill
-- into overflow pages after them, so the list, which reads no bytes, never walks those pages.
CREATE TABLE published_reports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    type          TEXT NOT NULL CHECK (type IN ('summary', 'monthly', 'weekly', 'quarterly')),
    year          INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
    period        INTEGER NOT NULL CHECK (period BETWEEN 1 AND 53),
    unit_id       INTEGER NOT NULL DEFAULT 0 CHECK (unit_id >= 0),
    version_no    INTEGER NOT NULL CHECK (version_no >= 1),
    title         TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '' CHECK (version_no = 1 OR length(trim(note)) > 0),
    docx_sha256   TEXT NOT NULL DEFAULT '',
    xlsx_sha256   TEXT NOT NULL DEFAULT '',
    html_sha256   TEXT NOT NULL DEFAULT '',
    published_by  INTEGER NOT NULL DEFAULT 0,
    published_at  INTEGER NOT NULL,
    edits_json    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(edits_json) AND json_type(edits_json) = 'object'),
    document_json TEXT NOT NULL CHECK (json_valid(document_json)),
    docx          BLOB NOT NULL DEFAULT x'',
    xlsx          BLOB NOT NULL DEFAULT x'',
    html          BLOB NOT NULL DEFAULT x'',
    UNIQUE (type, year, period, unit_id, version_no)
);
CREATE INDEX published_reports_newest ON published_reports (published_at, id);

-- What was published stays as it was published: the database itself refuses to change or remove it.
CREATE TRIGGER published_reports_no_update BEFORE UPDATE ON published_reports
BEGIN
    SELECT RAISE(ABORT, 'published reports are immutable');
END;
CREATE TRIGGER published_reports_no_delete BEFORE DELETE ON published_reports
BEGIN
    SELECT RAISE(ABORT, 'published reports are immutable');
END;
