"""Watching the folders opened for files saved, changed, moved and removed, with watchfiles (the
operating system's notifications: inotify, FSEvents, ReadDirectoryChangesW; polling where there
are none). A change is only a cue: the reader then reads the folders again the way a launch does
(`loading`), so whatever the notifications miss or merge, the list ends up as the folders are."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchfiles import Change, watch

from flagreader.textsafe import terminal_safe_line

QUIET_MS = 100
"""Changes come together until the folders are this long quiet (an editor's save is several)."""
AT_MOST_MS = 400
"""How long changes are gathered at most before the reader is told."""


class Stop:
    """Told to stop watching: the app's event, or its worker cancelled (the app is closing)."""

    def __init__(self, event: threading.Event, cancelled: Callable[[], bool]) -> None:
        self._event = event
        self._cancelled = cancelled

    def is_set(self) -> bool:
        return self._event.is_set() or self._cancelled()


def hidden_below(path: str, roots: Sequence[str]) -> bool:
    """Whether a part of `path` below the root it is in is hidden (as the walk leaves them out:
    .git, an editor's .swp, the reader's own data if it is kept there)."""
    for root in roots:
        if path == root or path.startswith(root.rstrip(os.sep) + os.sep):
            relative = os.path.relpath(path, root)
            return any(part.startswith(".") for part in Path(relative).parts if part != ".")
    return Path(path).name.startswith(".")


def watch_folders(
    paths: Sequence[str | Path], stop: Stop, changed: Callable[[], None], failed: Callable[[str], None]
) -> None:
    """Call `changed` each time files under `paths` change (once per burst of changes), until
    `stop` says so; `failed` with why, when the folders cannot be watched (too many folders for
    the system's watches, say)."""
    roots = [os.path.abspath(path) for path in paths]

    def wanted(change: Change, path: str) -> bool:
        return not hidden_below(path, roots)

    try:
        for _ in watch(
            *roots,
            watch_filter=wanted,
            debounce=AT_MOST_MS,
            step=QUIET_MS,
            stop_event=stop,
            rust_timeout=500,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            if stop.is_set():
                return
            changed()
    except (OSError, RuntimeError) as error:  # the notifications could not be set up
        if not stop.is_set():
            failed(terminal_safe_line(str(error)))
