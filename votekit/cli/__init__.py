"""The ``votekit`` command: every command of the kit, one module per subject.

Command modules import only click at the top and load the library inside each
command, so ``votekit tally`` starts without loading the web app or the scanner.
"""
from __future__ import annotations

import click

from . import bundle, counting, documents, meeting, papers, rehearse, roster, scan, serve, tally
from .shell import KitGroup


@click.group(cls=KitGroup, context_settings={"max_content_width": 100})
def main() -> None:
    """votekit — 党支部党员大会选举与表决工具（离线）。

    Offline election kit for a Party branch general meeting.
    """


for _module in (serve, meeting, roster, rehearse, papers, counting, scan, documents, tally, bundle):
    for _command in _module.COMMANDS:
        main.add_command(_command)
