-- Frozen monthly assessments (月考核): the month's whole result as published, inputs included, one JSON document
-- per month. Written once: a published ranking never changes (updates and deletes are refused).
CREATE TABLE assessment_snapshots (
    month           varchar(7) PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
    formula_version text NOT NULL,
    frozen_at       text NOT NULL,
    frozen_by       text NOT NULL,
    result          text NOT NULL
);
CREATE FUNCTION assessment_snapshots_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'assessment_snapshots are written once: % refused', TG_OP;
END
$$;
CREATE TRIGGER assessment_snapshots_write_once BEFORE UPDATE OR DELETE ON assessment_snapshots
    FOR EACH ROW EXECUTE FUNCTION assessment_snapshots_write_once();
