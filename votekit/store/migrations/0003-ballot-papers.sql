-- ballot papers: printed, spoiled (剪角作废) and the printed layout per round
CREATE TABLE round_papers (
    round_id INTEGER PRIMARY KEY REFERENCES rounds(id) ON DELETE CASCADE,
    printed INTEGER NOT NULL DEFAULT 0 CHECK (printed >= 0),
    spares INTEGER NOT NULL DEFAULT 0 CHECK (spares >= 0),
    spoiled INTEGER CHECK (spoiled IS NULL OR spoiled >= 0),
    paper TEXT NOT NULL DEFAULT 'A4',
    payload TEXT NOT NULL DEFAULT '',
    layout TEXT NOT NULL DEFAULT '{}',
    file TEXT NOT NULL DEFAULT ''
);
