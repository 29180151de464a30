-- One running (not closed) 督办 per site and per case: a second would split the township's answers and the assessment's
-- count. The service refuses a second order with the first one's number; these indexes hold it when two issuers meet.
CREATE UNIQUE INDEX ux_supervision_orders_running_site ON supervision_orders (site_id) WHERE site_id IS NOT NULL AND state <> 'closed';
CREATE UNIQUE INDEX ux_supervision_orders_running_case ON supervision_orders (case_id) WHERE case_id IS NOT NULL AND state <> 'closed';
