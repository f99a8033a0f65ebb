"""Copying text: OSC 52 through the terminal always, and a local clipboard tool when not
over SSH (OSC 52 works over SSH and in tmux with `set-clipboard on`; macOS Terminal and
GNOME Terminal ignore it)."""

from __future__ import annotations

import os
import shutil
import subprocess
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


def copy_with_local_tool(text: str, which: Callable[[str], str | None] = shutil.which) -> str | None:
    """Copy with the first local clipboard tool that works; return its name, or None."""
    for command in _TOOLS:
        if which(command[0]) is None:
            continue
        try:
            subprocess.run(command, input=text.encode("utf-8"), check=True, timeout=2, capture_output=True)
        except (OSError, subprocess.SubprocessError):
            continue
        return command[0]
    return None


class Copied(NamedTuple):
    """What `copy` put on the clipboard, and by which routes ("terminal (OSC 52) and xclip")."""

    text: str
    routes: str


def copy(text: str, osc52: Callable[[str], None]) -> Copied:
    """Copy `text`, control characters escaped (`clipboard_safe`), by every route available."""
    text = clipboard_safe(text)
    osc52(text)
    routes = ["terminal (OSC 52)"]
    if not over_ssh():
        tool = copy_with_local_tool(text)
        if tool:
            routes.append(tool)
    return Copied(text, " and ".join(routes))
