"""A progress bar on stderr (rich's) for headless work that takes over a second.

Nothing is drawn when stderr is not a terminal (a script, a pipe, CI), nor for work that is
done within the first second: a quick command prints no flicker.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

DELAY_SECONDS = 1.0


class ProgressBar:
    """Use as a context manager; `report(label)` gives the (done, total) callback of one stage."""

    def __init__(self, stream: TextIO | None = None, delay: float = DELAY_SECONDS) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._shown = self._stream.isatty()
        self._start = time.monotonic()
        self._delay = delay
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def report(self, label: str) -> Callable[[int, int], None]:
        """The callback of one stage, drawn as one line labelled `label`."""

        def update(done: int, total: int) -> None:
            if not self._shown or time.monotonic() - self._start < self._delay:
                return
            if self._progress is None:
                # rich only once a bar is drawn: a command that answers at once never loads it
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    Progress,
                    TextColumn,
                    TimeRemainingColumn,
                )

                console = Console(file=self._stream, stderr=True)
                self._progress = Progress(
                    TextColumn("{task.description}", markup=False),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    console=console,
                    transient=True,
                )
                self._progress.start()
            if label not in self._tasks:
                self._tasks[label] = self._progress.add_task(label, total=total)
            self._progress.update(self._tasks[label], completed=done, total=total)

        return update
