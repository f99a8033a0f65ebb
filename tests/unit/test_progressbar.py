"""The headless commands' progress bar: drawn on a terminal once work has taken a while, never
into a pipe or a file."""

from __future__ import annotations

import io

from flagreader.progressbar import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_once_the_work_takes_a_while() -> None:
    stream = Terminal()
    with ProgressBar(stream, delay=0) as bar:
        report = bar.report("Reading files")
        for done in range(0, 101, 25):
            report(done, 100)
    assert "Reading files" in stream.getvalue()


def test_nothing_is_drawn_into_a_pipe_or_for_quick_work() -> None:
    pipe = io.StringIO()
    with ProgressBar(pipe, delay=0) as bar:
        bar.report("Reading files")(50, 100)
    quick = Terminal()
    with ProgressBar(quick, delay=60) as bar:
        bar.report("Reading files")(50, 100)
    assert pipe.getvalue() == "" and quick.getvalue() == ""
