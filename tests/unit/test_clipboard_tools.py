"""The local clipboard tools: one deadline for all of them, and their output never waited
on. Fake tools (shell scripts named like the real ones) stand in for them on PATH."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flagreader.ui import clipboard


def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **scripts: str) -> Path:
    """Put fake tools on PATH (only them): name -> shell script body."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, body in scripts.items():
        tool = folder / name.replace("_", "-")
        tool.write_text(f"#!/bin/sh\n{body}\n")
        tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return folder


def timed_copy(deadline: float) -> tuple[str | None, float]:
    started = time.monotonic()
    tool = clipboard.copy_with_local_tool("quote", deadline=deadline)
    return tool, time.monotonic() - started


def test_a_tool_that_leaves_a_process_holding_its_output_is_reported_as_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """xclip forks a process that keeps the clipboard, and stdout, open: waiting for stdout
    froze the reader 2 s and reported the copy that worked as failed."""
    folder = tools(tmp_path, monkeypatch, xclip='/bin/cat > "$0.got"; /bin/sleep 3 & exit 0')
    tool, seconds = timed_copy(deadline=5)
    assert tool == "xclip" and seconds < 2
    assert (folder / "xclip.got").read_text() == "quote"


def test_hanging_tools_share_one_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Four tools that hang took two seconds each (eight in all, on the UI thread)."""
    hang = "/bin/sleep 30"
    tools(tmp_path, monkeypatch, wl_copy=hang, xclip=hang, xsel=hang, pbcopy=hang)
    tool, seconds = timed_copy(deadline=1)
    assert tool is None and seconds < 1.8


def test_the_next_tool_is_tried_when_one_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tools(tmp_path, monkeypatch, wl_copy="exit 1", xsel="/bin/cat > /dev/null")
    assert timed_copy(deadline=5)[0] == "xsel"
    assert clipboard.available_tools() == ["wl-copy", "xsel"]
