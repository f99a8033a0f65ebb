"""Getting ready to start worker processes from a program that hands its stderr to a Textual
app. Kept apart from `extract_process` (which loads the extractor's rules and numpy), so that
the reader can call it before its first frame without paying for those."""

from __future__ import annotations

import contextlib


def prepare_workers() -> None:
    """Start multiprocessing's resource tracker now, for a program about to hand its stderr to
    a Textual app. A process pool starts the tracker when it is first made, passing it the file
    descriptor of `sys.stderr`; inside a running app that is Textual's stand-in, whose `fileno`
    is -1, and the pool could not be made ("bad value(s) in fds_to_keep"): extraction fell back
    to the reader's own process. Started before, the tracker keeps the real stderr."""
    from multiprocessing import resource_tracker

    with contextlib.suppress(OSError, ValueError):  # no processes here: extraction runs in-thread
        resource_tracker.ensure_running()
