"""git's failures in words: a transfer cut by the network is not a broken cache."""

from __future__ import annotations

import pytest

from bot.errors import GitProblem
from bot.git.diagnose import explain


@pytest.mark.parametrize(
    "stderr",
    [
        "error: RPC failed; curl 28 Operation too slow. Less than 1000 bytes/sec transferred\n"
        "fatal: early EOF\nfatal: fetch-pack: invalid index-pack output",
        "fatal: the remote end hung up unexpectedly",
        "error: RPC failed; curl 18 transfer closed with outstanding read data remaining",
        "fatal: read error: Connection reset by peer",
        "fetch-pack: unexpected disconnect while reading sideband packet",
    ],
)
def test_a_stalled_or_broken_transfer_is_the_network(stderr: str) -> None:
    """Such a fetch is not retried by cloning the whole cache anew (only ``OTHER`` is)."""
    problem, message = explain(stderr)
    assert problem is GitProblem.CUT
    assert "stopped answering in the middle of the transfer" in message


def test_a_broken_object_is_still_other() -> None:
    problem, _ = explain(
        "error: object file ./objects/ab/cdef is empty\nfatal: loose object abcdef is corrupt"
    )
    assert problem is GitProblem.OTHER
