-- One running (not closed) 督办 per site and per case (see the PostgreSQL script). SQLite has one writer at a time, so
-- the check in the trigger cannot race; a trigger rather than a unique index, so that a database with two running orders
-- on one site from before this rule still upgrades.
CREATE TRIGGER supervision_orders_one_running BEFORE INSERT ON supervision_orders
    WHEN NEW.state <> 'closed' AND (
        NEW.site_id IS NOT NULL AND EXISTS (SELECT 1 FROM supervision_orders o WHERE o.site_id = NEW.site_id AND o.state <> 'closed')
        OR NEW.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM supervision_orders o WHERE o.case_id = NEW.case_id AND o.state <> 'closed'))
BEGIN
    SELECT RAISE(ABORT, 'a site or case already has a running supervision order');
END;
CREATE TRIGGER supervision_orders_one_running_reopened BEFORE UPDATE OF state, site_id, case_id ON supervision_orders
    WHEN NEW.state <> 'closed' AND (OLD.state = 'closed' OR OLD.site_id IS NOT NEW.site_id OR OLD.case_id IS NOT NEW.case_id) AND (
        NEW.site_id IS NOT NULL AND EXISTS (SELECT 1 FROM supervision_orders o WHERE o.site_id = NEW.site_id AND o.state <> 'closed' AND o.id <> NEW.id)
        OR NEW.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM supervision_orders o WHERE o.case_id = NEW.case_id AND o.state <> 'closed' AND o.id <> NEW.id))
BEGIN
    SELECT RAISE(ABORT, 'a site or case already has a running supervision order');
END;
