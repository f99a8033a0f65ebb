"""Run another process's work between two statements of a connection, to test what a race does
without hoping for it.

`interleave` makes the next `sqlite3.connect` trace its statements and, when one starts with a
given text, runs `meanwhile` in a thread (as another process would, with its own connections)
and waits for it a moment before the statement runs. If the connection holds a transaction open
then, `meanwhile` waits for it to end, as a real process would, and the statement runs first;
otherwise `meanwhile` is done before the statement."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

import pytest


class Interleaving:
    def __init__(self, meanwhile: Callable[[], object]) -> None:
        self._meanwhile = meanwhile
        self._thread: threading.Thread | None = None
        self._errors: list[BaseException] = []

    @property
    def ran(self) -> bool:
        return self._thread is not None

    def start(self, wait: float) -> None:
        self._thread = threading.Thread(target=self._run)
        self._thread.start()
        self._thread.join(wait)

    def _run(self) -> None:
        try:
            self._meanwhile()
        except BaseException as error:
            self._errors.append(error)

    def join(self) -> None:
        """Wait for `meanwhile` to end, and raise what it raised."""
        assert self._thread is not None, "the statement to interleave at never ran"
        self._thread.join()
        if self._errors:
            raise self._errors[0]


def interleave(
    monkeypatch: pytest.MonkeyPatch, before: str, meanwhile: Callable[[], object], wait: float = 0.5
) -> Interleaving:
    """Run `meanwhile` before the next connection's first statement that starts with `before`."""
    connect = sqlite3.connect
    interleaving = Interleaving(meanwhile)

    def trace(statement: str) -> None:
        if not interleaving.ran and statement.lstrip().startswith(before):
            interleaving.start(wait)

    def traced_connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        monkeypatch.setattr(sqlite3, "connect", connect)  # the first connection only
        db = connect(*args, **kwargs)  # type: ignore[arg-type]
        db.set_trace_callback(trace)
        return db

    monkeypatch.setattr(sqlite3, "connect", traced_connect)
    return interleaving
