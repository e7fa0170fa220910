-- rounds2: a seat-reduction vote taken for the whole election after a round that elected nobody
-- (RULES.md §7: the seats still short are dropped when earlier rounds elected someone; never to 0).
-- The round's own record and its `votekit tally` export are untouched; this is the election's.
CREATE TABLE election_reductions (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id),
    election_id INTEGER NOT NULL REFERENCES elections(id),
    present INTEGER NOT NULL,
    yes INTEGER NOT NULL,
    seats_before INTEGER NOT NULL,
    seats_after INTEGER,
    recorded_by TEXT NOT NULL DEFAULT ''
);
