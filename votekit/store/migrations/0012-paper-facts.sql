-- docs: facts the paperwork prints that no other screen records (show-of-hands counts,
-- the contact for papers sent upward, the plenary's 记录人); one row per meeting and fact
CREATE TABLE paper_facts (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    fact TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meeting_id, fact)
);
