-- Every replica renews its sandbox claims every few seconds (update ... where claimed_by = me), and sandbox rows are
-- kept after the sandbox ended: without an index each renewal read the whole table.
create index sandbox_claimed_by on sandbox (claimed_by);
