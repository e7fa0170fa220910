-- 测评表 without a rewrite per sheet: sheets fill places laid out in advance (sheet_places); appraisal_sheets and appraisal_tokens become views
-- The count's design (0013, 0016) for 测评表: when the sheets handed out are recorded, the appraisal
-- gets one empty place per sheet, under random keys, written in key order (store.shelving); a sheet
-- typed at the counting table fills a place drawn at random, in place (ratings padded with spaces to
-- the place's room, the entry token to 64), so no cell moves and no page is allocated.  A sheet taken
-- back is blanked in place and keeps its token (a late repeat of its submission is still recognised);
-- such a place is not filled again.  Only a change of layout (a place made, removed, resized, moved
-- to another appraisal) is noted for the key-order rewrite.
CREATE TABLE sheet_places (
    id TEXT PRIMARY KEY,
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    filled INTEGER NOT NULL DEFAULT 0 CHECK (filled IN (0, 1)),
    illegible INTEGER NOT NULL DEFAULT 0 CHECK (illegible IN (0, 1)),
    token TEXT NOT NULL CHECK (length(CAST(token AS BLOB)) = 64),
    ratings_room INTEGER NOT NULL,
    ratings TEXT NOT NULL CHECK (length(CAST(ratings AS BLOB)) = ratings_room)
) WITHOUT ROWID;
INSERT INTO sheet_places (id, appraisal_id, filled, illegible, token, ratings_room, ratings)
SELECT s.id, s.appraisal_id, 1, CASE WHEN s.illegible THEN 1 ELSE 0 END,
       printf('%-64s', COALESCE((SELECT t.token FROM appraisal_tokens t WHERE t.sheet_id = s.id LIMIT 1), '')),
       length(CAST(s.ratings AS BLOB)), s.ratings
FROM appraisal_sheets s;
INSERT INTO sheet_places (id, appraisal_id, filled, illegible, token, ratings_room, ratings)
SELECT t.sheet_id, t.appraisal_id, 0, 0, printf('%-64s', t.token), 0, ''
FROM appraisal_tokens t WHERE t.sheet_id NOT IN (SELECT id FROM sheet_places);
DROP TABLE appraisal_tokens;
DROP TABLE appraisal_sheets;
DELETE FROM shelve_pending WHERE name IN ('appraisal_sheets', 'appraisal_tokens');
INSERT OR IGNORE INTO shelve_pending VALUES ('sheet_places');
CREATE VIEW appraisal_sheets AS
SELECT id, appraisal_id, rtrim(ratings) AS ratings, illegible FROM sheet_places WHERE filled = 1;
CREATE VIEW appraisal_tokens AS
SELECT rtrim(token) AS token, appraisal_id, id AS sheet_id FROM sheet_places WHERE rtrim(token) <> '';
CREATE TRIGGER appraisal_sheets_insert INSTEAD OF INSERT ON appraisal_sheets
BEGIN INSERT INTO sheet_places (id, appraisal_id, filled, illegible, token, ratings_room, ratings)
      VALUES (new.id, new.appraisal_id, 1, new.illegible, printf('%64s', ''), length(CAST(new.ratings AS BLOB)),
              new.ratings); END;
CREATE TRIGGER appraisal_sheets_delete INSTEAD OF DELETE ON appraisal_sheets
BEGIN DELETE FROM sheet_places WHERE id = old.id; END;
CREATE TRIGGER shelve_sheet_places_insert AFTER INSERT ON sheet_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('sheet_places'); END;
CREATE TRIGGER shelve_sheet_places_delete AFTER DELETE ON sheet_places
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('sheet_places'); END;
-- (the CHECKs keep every field at its room, so only a new room, key or appraisal changes the layout)
CREATE TRIGGER shelve_sheet_places_update AFTER UPDATE ON sheet_places
WHEN new.id IS NOT old.id OR new.appraisal_id IS NOT old.appraisal_id OR new.ratings_room IS NOT old.ratings_room
  OR typeof(new.ratings) <> typeof(old.ratings) OR typeof(new.token) <> typeof(old.token)
BEGIN INSERT OR IGNORE INTO shelve_pending VALUES ('sheet_places'); END;
