-- 回访: when a closed case was followed up (once), and the case a follow-up reported when the problem came back.
ALTER TABLE problem_cases ADD COLUMN followed_up_at timestamptz;
ALTER TABLE problem_cases ADD COLUMN recurrence_of bigint REFERENCES problem_cases (id);
CREATE INDEX problem_cases_recurrence_of ON problem_cases (recurrence_of);
