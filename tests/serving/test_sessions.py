"""The store of left sessions (kansrijke/serving/sessions.py): a session comes back within its time for a reconnect,
and every session the store lets go is ended (so its event loop and files are released)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from streamlit.runtime.session_manager import SessionInfo

from kansrijke.serving.sessions import ParkedSessions


@dataclass
class FakeSession:
    id: str
    shut_down: int = 0

    def shutdown(self) -> None:
        self.shut_down += 1


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def parked(session_id: str) -> SessionInfo:
    return SessionInfo(client=None, session=FakeSession(session_id), script_run_count=1)  # type: ignore[arg-type]


def ended(info: SessionInfo) -> int:
    return cast(FakeSession, info.session).shut_down


def test_a_session_comes_back_within_its_time_and_is_ended_at_the_first_sweep_after():
    clock = Clock()
    store = ParkedSessions(ttl_s=10, clock=clock)
    first, second = parked("a"), parked("b")
    store.save(first)
    clock.now += 6
    store.save(second)
    clock.now += 3
    assert store.get("a") is first and store.sweep() == 0
    clock.now += 2  # a: 11 s parked, b: 5 s
    assert store.get("a") is None  # too late for a reconnect
    assert [info.session.id for info in store.list()] == ["b"]
    assert store.sweep() == 1
    assert ended(first) == 1 and ended(second) == 0
    assert len(store) == 1


def test_a_session_taken_back_is_not_ended_and_the_oldest_is_ended_past_the_bound():
    clock = Clock()
    store = ParkedSessions(ttl_s=60, max_parked=3, clock=clock)
    infos = [parked(str(n)) for n in range(5)]
    for info in infos[:3]:
        store.save(info)
    store.delete("1")  # a reconnect resumes it: Streamlit takes it out
    clock.now += 1000
    assert store.sweep() == 2
    assert [ended(i) for i in infos[:3]] == [1, 0, 1]
    for info in infos:
        store.save(info)  # five parked past a bound of three: the two oldest ended at once
    assert [ended(i) for i in infos] == [2, 1, 1, 0, 0]
    assert len(store) == 3 and store.ended == 4


def test_one_session_that_fails_to_end_does_not_keep_the_others():
    class Stuck(FakeSession):
        def shutdown(self) -> None:
            raise RuntimeError("stuck")

    clock = Clock()
    store = ParkedSessions(ttl_s=1, clock=clock)
    stuck = SessionInfo(client=None, session=Stuck("s"), script_run_count=1)  # type: ignore[arg-type]
    fine = parked("f")
    store.save(stuck)
    store.save(fine)
    clock.now += 2
    assert store.sweep() == 2
    assert ended(fine) == 1 and len(store) == 0
