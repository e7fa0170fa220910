"""The secret-ballot tables, in one folder so the secrecy rules can be read at once.

``places`` (the count's and the piles' places, entry tokens), ``corrections`` (voids, double
entry's comparison and adoption, who entered how many), ``scans`` (read scans), ``sheets``
(测评表), ``columns`` (how contents are stored); nothing else writes these tables
(``tests/test_architecture.py``).

- ``ballot_places`` (the count; read as the views ``ballots`` and ``entry_tokens``) and
  ``pile_places`` (双人录入's 甲/乙 readings; read as the views ``pile_ballots`` and
  ``pile_tokens``): a round's places (per pile) are made empty, under random keys, and
  laid out in key order (``shelving``) before its papers arrive; a ballot or reading typed
  at the counting table fills a place drawn at random, in place — marks, write-ins and
  entry token padded to the place's size, so SQLite overwrites the cell where it lies: no
  cell moves, no page is allocated, nothing in the file follows the order of entry, and no
  table is rewritten per entry.  A voided ballot's or reading's place is
  blanked the same way, its token kept;
- ``sheet_places`` (测评表; read as the views ``appraisal_sheets`` and ``appraisal_tokens``):
  the same, per appraisal, laid out when the sheets handed out are recorded;
- ``voided_ballots``, ``void_requests``, ``scan_ballots`` (read scans): a row per paper
  under a random key, the table rewritten in key order in the transaction that changes
  it (``shelving``);
- everywhere: ``WITHOUT ROWID``, no voter, no teller, no time; read back by round, in
  key order (random), never by insertion order; no index whose entries would be
  written in the order of entry.

Contents are stored as JSON text: sorted marks without abstentions, write-ins,
the illegible flag (``ballot_columns``).
"""
from __future__ import annotations

from .columns import (
    ballot_columns, ballot_from_columns, content_key, columns_of_key)
from .places import (
    PILES, insert_ballot, insert_stored, enter_ballot, enter_reading, prepare_places,
    prepare_pile_places, clear_pile_places, entered, in_piles, ballot_rows, ballots_of, token_target,
    COUNT)
from .corrections import (
    find_entry, void_request, void_requests_of, ask_void, drop_void_request, void_entry, pile_rows,
    drop_reading, copy_reading, adopt_pile, drop_ballot, count_entry, entry_counts, pile_owners,
    claim_pile)
from .scans import (
    scan_rows, drop_scan, copy_to_scan, insert_scans, scan_settled, adopt_scans)
from .sheets import (
    prepare_sheet_places, sheet_count, sheet_rows, insert_sheet, drop_sheet, sheet_token_target)

# the folder's names, for ``ballot_box.x`` (mypy --strict wants them said)
__all__ = ["ballot_columns", "ballot_from_columns", "content_key", "columns_of_key", "PILES", "insert_ballot",
           "insert_stored", "enter_ballot", "enter_reading", "prepare_places", "prepare_pile_places",
           "clear_pile_places", "entered", "in_piles", "ballot_rows", "ballots_of", "token_target",
           "COUNT", "find_entry", "void_request", "void_requests_of", "ask_void", "drop_void_request",
           "void_entry", "pile_rows", "drop_reading", "copy_reading", "adopt_pile", "drop_ballot",
           "count_entry", "entry_counts", "pile_owners", "claim_pile", "scan_rows", "drop_scan",
           "copy_to_scan", "insert_scans", "scan_settled", "adopt_scans", "prepare_sheet_places",
           "sheet_count", "sheet_rows", "insert_sheet", "drop_sheet", "sheet_token_target"]
