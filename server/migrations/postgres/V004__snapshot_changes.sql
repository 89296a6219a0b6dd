-- Which projects changed at which data version, so the indicator engine can refresh its snapshot
-- incrementally (issue 3 §5). PostgreSQL 15; mirrors server/migrations/sqlite/V004__snapshot_changes.sql
-- (read its header for the design): every trigger has the SQLite trigger's name, table, timing,
-- event and WHEN, and records (meta.data_version + 1, project id) once per version; project_id 0
-- means "reload everything". Writes are serialized (each write transaction locks the meta row
-- first), so the version read here is the one the transaction commits as.
-- Differs from SQLite: each trigger body is a plpgsql function shared by the triggers that do the
-- same thing, and "insert only a missing pair" is INSERT ... ON CONFLICT DO NOTHING.
CREATE TABLE snapshot_changes (
    version    bigint NOT NULL,
    project_id bigint NOT NULL,
    PRIMARY KEY (version, project_id)
);

-- Records one project (0: everything) at the version the current write transaction commits as.
-- A missing meta row gives a NULL version and a NOT NULL error, as in SQLite.
CREATE FUNCTION zs_snapshot_record(changed_project_id bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO snapshot_changes (version, project_id)
    VALUES ((SELECT data_version FROM meta WHERE id = 1) + 1, changed_project_id)
    ON CONFLICT (version, project_id) DO NOTHING
$$;

-- projects: the row's own id, before and after.
CREATE FUNCTION zs_snapshot_project_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM zs_snapshot_record(NEW.id);
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM zs_snapshot_record(NEW.id);
        IF OLD.id <> NEW.id THEN
            PERFORM zs_snapshot_record(OLD.id);
        END IF;
    ELSE
        PERFORM zs_snapshot_record(OLD.id);
    END IF;
    RETURN NULL;
END
$$;

-- project_nodes, monthly_figures: the project_id column, before and after.
CREATE FUNCTION zs_snapshot_project_ref() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM zs_snapshot_record(NEW.project_id);
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM zs_snapshot_record(NEW.project_id);
        IF OLD.project_id <> NEW.project_id THEN
            PERFORM zs_snapshot_record(OLD.project_id);
        END IF;
    ELSE
        PERFORM zs_snapshot_record(OLD.project_id);
    END IF;
    RETURN NULL;
END
$$;

-- units, the city's province: project 0.
CREATE FUNCTION zs_snapshot_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM zs_snapshot_record(0);
    RETURN NULL;
END
$$;

-- investors: every project of the investor.
CREATE FUNCTION zs_snapshot_investor_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO snapshot_changes (version, project_id)
    SELECT (SELECT data_version FROM meta WHERE id = 1) + 1, p.id FROM projects p WHERE p.investor_id = NEW.id
    ON CONFLICT (version, project_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER snapshot_projects_insert AFTER INSERT ON projects
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_id();
CREATE TRIGGER snapshot_projects_update AFTER UPDATE ON projects
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_id();
CREATE TRIGGER snapshot_projects_delete AFTER DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_id();

CREATE TRIGGER snapshot_nodes_insert AFTER INSERT ON project_nodes
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();
CREATE TRIGGER snapshot_nodes_update AFTER UPDATE ON project_nodes
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();
CREATE TRIGGER snapshot_nodes_delete AFTER DELETE ON project_nodes
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();

CREATE TRIGGER snapshot_figures_insert AFTER INSERT ON monthly_figures
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();
CREATE TRIGGER snapshot_figures_update AFTER UPDATE ON monthly_figures
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();
CREATE TRIGGER snapshot_figures_delete AFTER DELETE ON monthly_figures
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_project_ref();

-- The investor's province decides each of its projects' out_of_province.
CREATE TRIGGER snapshot_investors_province AFTER UPDATE OF province_code ON investors
    FOR EACH ROW WHEN (NEW.province_code IS DISTINCT FROM OLD.province_code)
    EXECUTE FUNCTION zs_snapshot_investor_projects();

-- Units (their order, kind, existence) and the city's province: project 0, everything is reloaded.
CREATE TRIGGER snapshot_units_insert AFTER INSERT ON units
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_everything();
CREATE TRIGGER snapshot_units_update AFTER UPDATE ON units
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_everything();
CREATE TRIGGER snapshot_units_delete AFTER DELETE ON units
    FOR EACH ROW EXECUTE FUNCTION zs_snapshot_everything();
CREATE TRIGGER snapshot_settings_insert AFTER INSERT ON settings
    FOR EACH ROW WHEN (NEW.key = 'city_province_code') EXECUTE FUNCTION zs_snapshot_everything();
CREATE TRIGGER snapshot_settings_update AFTER UPDATE ON settings
    FOR EACH ROW WHEN (NEW.key = 'city_province_code' OR OLD.key = 'city_province_code')
    EXECUTE FUNCTION zs_snapshot_everything();
CREATE TRIGGER snapshot_settings_delete AFTER DELETE ON settings
    FOR EACH ROW WHEN (OLD.key = 'city_province_code') EXECUTE FUNCTION zs_snapshot_everything();
