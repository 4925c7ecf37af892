"""The replay guard on the ack path: a trigger id counts once within Slack's signature window."""

from __future__ import annotations

from bot.jobs.queue import REPLAY_WINDOW, Replays


def test_a_trigger_is_refused_within_the_window_and_forgotten_after_it() -> None:
    replays = Replays()
    assert replays.first_time("a", now=0.0)
    assert not replays.first_time("a", now=10.0)
    assert replays.first_time("b", now=20.0)
    later = REPLAY_WINDOW + 1.0
    assert replays.first_time("a", now=later)  # forgotten: its window is over
    assert not replays.first_time("b", now=later)  # still inside its own window
    assert replays.first_time("", now=later)  # no trigger id: nothing to compare


def test_forgetting_keeps_every_id_still_in_its_window() -> None:
    replays = Replays()
    for i in range(100):
        assert replays.first_time(f"t{i}", now=float(i))
    now = REPLAY_WINDOW + 49.5  # t0..t49 have expired, t50..t99 have not
    assert replays.first_time("new", now=now)
    assert all(replays.first_time(f"t{i}", now=now) for i in range(50))
    assert not any(replays.first_time(f"t{i}", now=now) for i in range(50, 100))
