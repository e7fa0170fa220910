"""读票：read the marks from scanned ballots (a third teller that never tires).

The pipeline, one page at a time (``pages.each_page`` decodes each page within a
pixel budget and at most ``pages.MAX_PAGES`` per upload; ``reader.read_page``):

0. ``photo``: a phone photo is first made to look like a scan — the sheet found,
   its perspective undone, its light evened out;
1. ``codes``: find every QR code on the page (zxing-cpp) — each one is a
   ballot; its text names the election, round and layout version;
2. ``placement``: from the QR corners, look for the four printed corner
   squares (fiducials) and fit a homography from the ballot's millimetres to
   the image's pixels — a page upside down or a few degrees off reads the same;
3. ``marks``: cut each 符号 box out of the straightened ballot, measure the ink
   against the box's own print and say ○ (a ring on its ellipse: ink all round,
   hollow centre, two strokes or a skip allowed), × (two strokes crossing near
   the centre) or empty, with a confidence — any other ink (faint, tiny, a dot,
   part of a ring, a correction) is never empty, it goes to a person; each
   另选人 name box is only "ink or no ink" — a written name goes to a person;
4. whatever is not clear (faint, neither ○ nor ×, ink outside the box, no QR,
   no corner squares) is returned with Chinese reasons: the machine never
   decides a doubtful mark, a scrutineer does (``service.adjudication``).

Only numpy, OpenCV (headless), zxing-cpp and Pillow (images decoded within the budget); PDFs are rasterised in-process by
PDFium (pypdfium2, so a Windows laptop needs no poppler), or by ``pdftoppm`` where
pypdfium2 is missing.  Nothing here touches the database.
"""
