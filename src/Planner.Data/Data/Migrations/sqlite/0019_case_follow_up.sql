-- 回访 (see the PostgreSQL script).
ALTER TABLE problem_cases ADD COLUMN followed_up_at INTEGER;
ALTER TABLE problem_cases ADD COLUMN recurrence_of INTEGER REFERENCES problem_cases (id);
CREATE INDEX problem_cases_recurrence_of ON problem_cases (recurrence_of);
