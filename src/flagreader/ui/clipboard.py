"""Copying text: OSC 52 through the terminal always, and a local clipboard tool when not
over SSH (OSC 52 works over SSH and in tmux with `set-clipboard on`; macOS Terminal and
GNOME Terminal ignore it). The local tool runs off the UI thread (`ui/copying.py`)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from typing import NamedTuple

from flagreader.textsafe import clipboard_safe

# Local tools, first found wins: Wayland, X11 (two), macOS.
_TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
)


def over_ssh() -> bool:
    """Whether this process runs in an SSH session (a local tool would copy on the server)."""
    return any(os.environ.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


DEADLINE_SECONDS = 2.0
"""How long every local tool together may take for one copy."""


def available_tools(which: Callable[[str], str | None] = shutil.which) -> list[str]:
    """The local clipboard tools installed here, in the order they are tried."""
    return [command[0] for command in _TOOLS if which(command[0]) is not None]


def copy_with_local_tool(
    text: str, which: Callable[[str], str | None] = shutil.which, deadline: float = DEADLINE_SECONDS
) -> str | None:
    """Copy with the first local clipboard tool that works; return its name, or None.

    All tools together get `deadline` seconds: one that hangs is killed when the time is
    up. Their stdout and stderr go to /dev/null and are never waited on (xclip leaves a
    process behind that keeps them open: a copy that worked must not be reported as failed).
    Blocking: run it off the UI thread."""
    ends = time.monotonic() + deadline
    data = text.encode("utf-8")
    for command in _TOOLS:
        left = ends - time.monotonic()
        if left <= 0:
            return None
        if which(command[0]) is None:
            continue
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            continue
        try:
            process.communicate(data, timeout=left)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            continue
        except OSError:  # the tool closed its input early
            process.wait()
            continue
        if process.returncode == 0:
            return command[0]
    return None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a tool that did not finish in time, with whatever it started (its own session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # gone already, or no process groups (Windows)
        process.kill()
    process.wait()


class Copied(NamedTuple):
    """What `copy` put on the clipboard, and by which route ("terminal (OSC 52)")."""

    text: str
    routes: str


def copy(text: str, osc52: Callable[[str], None]) -> Copied:
    """Copy `text`, control characters escaped (`clipboard_safe`), through the terminal (OSC
    52). The local tool is `copy_with_local_tool`'s job, off the UI thread, with the same text."""
    text = clipboard_safe(text)
    osc52(text)
    return Copied(text, "terminal (OSC 52)")
