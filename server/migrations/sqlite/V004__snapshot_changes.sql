-- Which projects changed at which data version, so the indicator engine can refresh its snapshot
-- incrementally (issue 3 §5): App::Snapshot reads the ids changed since its snapshot's version and
-- reloads only those projects. Triggers record every write to the tables the snapshot reads; the
-- version is the one the enclosing write transaction commits as (writes are serialized by
-- BEGIN IMMEDIATE and Commit bumps meta.data_version by one after the writes). project_id 0 means
-- "reload everything": a change to the units or to the city's province code. Transactions that keep
-- the data version (sessions, login throttling) touch none of these tables. Commit prunes old rows.
-- Keyed by (version, project_id) so a bulk write records each project once per version (a trigger
-- inserts only a missing pair: INSERT OR IGNORE would be overridden by an outer statement's
-- conflict handling, an upsert's included); the key's leading column serves "changed since v".
CREATE TABLE snapshot_changes (
    version    INTEGER NOT NULL,
    project_id INTEGER NOT NULL,
    PRIMARY KEY (version, project_id)
) WITHOUT ROWID;

CREATE TRIGGER snapshot_projects_insert AFTER INSERT ON projects
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.id);
END;
CREATE TRIGGER snapshot_projects_update AFTER UPDATE ON projects
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.id);
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.id);
END;
CREATE TRIGGER snapshot_projects_delete AFTER DELETE ON projects
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.id);
END;

CREATE TRIGGER snapshot_nodes_insert AFTER INSERT ON project_nodes
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.project_id);
END;
CREATE TRIGGER snapshot_nodes_update AFTER UPDATE ON project_nodes
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.project_id);
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.project_id);
END;
CREATE TRIGGER snapshot_nodes_delete AFTER DELETE ON project_nodes
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.project_id);
END;

CREATE TRIGGER snapshot_figures_insert AFTER INSERT ON monthly_figures
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.project_id);
END;
CREATE TRIGGER snapshot_figures_update AFTER UPDATE ON monthly_figures
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, NEW.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = NEW.project_id);
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.project_id);
END;
CREATE TRIGGER snapshot_figures_delete AFTER DELETE ON monthly_figures
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, OLD.project_id FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = OLD.project_id);
END;

-- The investor's province decides each of its projects' out_of_province.
CREATE TRIGGER snapshot_investors_province AFTER UPDATE OF province_code ON investors
    WHEN NEW.province_code IS NOT OLD.province_code
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT (SELECT data_version FROM meta WHERE id = 1) + 1, p.id FROM projects p WHERE p.investor_id = NEW.id
        AND NOT EXISTS (SELECT 1 FROM snapshot_changes c WHERE c.version = (SELECT data_version FROM meta WHERE id = 1) + 1 AND c.project_id = p.id);
END;

-- Units (their order, kind, existence) and the city's province: project 0, everything is reloaded.
CREATE TRIGGER snapshot_units_insert AFTER INSERT ON units
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
CREATE TRIGGER snapshot_units_update AFTER UPDATE ON units
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
CREATE TRIGGER snapshot_units_delete AFTER DELETE ON units
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
CREATE TRIGGER snapshot_settings_insert AFTER INSERT ON settings WHEN NEW.key = 'city_province_code'
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
CREATE TRIGGER snapshot_settings_update AFTER UPDATE ON settings
    WHEN NEW.key = 'city_province_code' OR OLD.key = 'city_province_code'
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
CREATE TRIGGER snapshot_settings_delete AFTER DELETE ON settings WHEN OLD.key = 'city_province_code'
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT v, 0 FROM (SELECT (SELECT data_version FROM meta WHERE id = 1) + 1 AS v)
    WHERE NOT EXISTS (SELECT 1 FROM snapshot_changes WHERE version = v AND project_id = 0);
END;
