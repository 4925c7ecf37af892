"""The reporter of ``devbot run``: progress on stderr, the result on stdout."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.cli import text as cli_text
from bot.jobs.job import Failure, Job, Outcome, Stage


class TerminalReporter:
    """Writes a job's progress for a person at a terminal."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.outcome: Outcome | None = None
        self.failure: Failure | None = None

    def started(self, job: Job) -> None:
        """Say which run this is."""
        print(cli_text.run_started(job), file=self.err)

    def stage(self, job: Job, stage: Stage) -> None:
        """One line per stage."""
        del job
        print(cli_text.stage(stage), file=self.err)

    def finished(self, job: Job, outcome: Outcome) -> None:
        """The summary and the links."""
        del job
        self.outcome = outcome
        print(cli_text.outcome(outcome), file=self.out)

    def failed(self, job: Job, failure: Failure) -> None:
        """The cause and what to do."""
        del job
        self.failure = failure
        print(cli_text.failure(failure), file=self.err)

    def close(self) -> None:
        """Nothing is buffered."""
        self.out.flush()

    def handle(self) -> dict[str, str]:
        """Nothing to continue: the terminal is the conversation."""
        return {}

    def thread_link(self) -> str:
        """No thread to link to."""
        return ""
