"""The rehearsal shell: the one demo scenario, its player, and a synthetic pen.

- ``scenario``: the demo meeting described once (roster, slate, every round's votes,
  plenary, 表决, 测评), frozen; ``sized`` grows it for load tests, ``roster_only`` strips
  it to a roster for tests' own elections (a committee, or 书记/副书记 without one);
- ``pile``: one round's papers, dealt from its exact counts;
- ``play``: that description recorded through the service layer into a meeting file;
- ``demo``: ``serve --demo`` (the meeting prepared) and ``documents --demo`` (played, then
  read back by ``service.dossier``);
- ``run``/``count``/``scan_pile``/``votes``: ``votekit rehearse``, the scenario played step
  by step with its ballots printed, scanned and re-counted on the way;
- ``pen``: marks drawn on printed ballots the way the rehearsal fills them in.

Nothing here is used on the meeting day; it sits on top of the service layer.
"""
