"""The rehearsal shell: the demo meeting, its scenarios and a synthetic pen.

- ``demo``: the demo branch (roster, slate, votes) built through the service layer —
  the one meeting behind ``serve --demo``, ``documents --demo`` and ``rehearse``;
- ``run``/``count``/``scan_pile``/``votes``: ``votekit rehearse``, the whole meeting
  without a browser, step by step;
- ``scenario``: a finished demo meeting as a ``Dossier`` for document tests;
- ``pen``: marks drawn on printed ballots the way the rehearsal fills them in.

Nothing here is used on the meeting day; it sits on top of the service layer.
"""
