-- One running (not closed) 督办 per site and per case: a second would split the township's answers and the assessment's
-- count. The service refuses a second order with the first one's number; this trigger holds it when two issuers meet.
-- A trigger rather than a unique index: a database upgraded with two running orders on one site (issued before this rule)
-- must still start; those stay as they are, and no new one joins them. The advisory lock, per site or case and held to
-- the transaction's end, makes the second issuer wait for the first, and the check (a fresh snapshot in a volatile
-- function) then sees its order.
CREATE FUNCTION planner_one_running_order() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'closed' THEN
        RETURN NEW;
    END IF;
    IF NEW.site_id IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_site'), NEW.site_id::int);
        IF EXISTS (SELECT 1 FROM supervision_orders o WHERE o.site_id = NEW.site_id AND o.state <> 'closed' AND o.id <> NEW.id) THEN
            RAISE EXCEPTION 'site % already has a running supervision order', NEW.site_id USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    IF NEW.case_id IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('supervision_case'), NEW.case_id::int);
        IF EXISTS (SELECT 1 FROM supervision_orders o WHERE o.case_id = NEW.case_id AND o.state <> 'closed' AND o.id <> NEW.id) THEN
            RAISE EXCEPTION 'case % already has a running supervision order', NEW.case_id USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER supervision_orders_one_running BEFORE INSERT ON supervision_orders
    FOR EACH ROW EXECUTE FUNCTION planner_one_running_order();
CREATE TRIGGER supervision_orders_one_running_reopened BEFORE UPDATE OF state, site_id, case_id ON supervision_orders
    FOR EACH ROW WHEN (OLD.state = 'closed' AND NEW.state <> 'closed' OR OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.case_id IS DISTINCT FROM NEW.case_id)
    EXECUTE FUNCTION planner_one_running_order();
