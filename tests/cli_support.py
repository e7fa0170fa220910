"""Running ``votekit ARGS`` for the TALLY-JSON tests (test_cli_tally.py, test_tally_rounds.py).

Each of their cases runs twice: through the kit's click command in this process (the fast
lane), and as a separate ``python -m votekit`` process, as an auditor would run it (marked
``slow``: the full run and CI).  Both answer with the exit code and the two streams; a crash
in this process is answered as the process would answer it (exit 1, the traceback on stderr).
"""
from __future__ import annotations

import subprocess
import sys
import traceback
from dataclasses import dataclass

import pytest
from click.testing import CliRunner


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def in_process(*args: str, stdin: str | None = None) -> Ran:
    from votekit.cli import main
    result = CliRunner().invoke(main, list(args), input=stdin, prog_name="votekit")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
        return Ran(1, result.stdout, result.stderr + crash)
    return Ran(result.exit_code, result.stdout, result.stderr)


def as_process(*args: str, stdin: str | None = None) -> Ran:
    proc = subprocess.run([sys.executable, "-m", "votekit", *args], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    return Ran(proc.returncode, proc.stdout, proc.stderr)


RUNNERS = [pytest.param(in_process, id="in-process"),
           pytest.param(as_process, id="process", marks=pytest.mark.slow)]
