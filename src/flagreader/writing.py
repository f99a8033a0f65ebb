"""Writing a file the user named (an export): whole or not at all, and never in place of what is
there already unless the user said to replace it.

One path for `w` in the clippings view and `flagreader clippings -o`: before, both renamed the
new file over whatever had the name, a file of the user's own or a symbolic link, without a
word.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from flagreader.textsafe import terminal_safe_line


class Occupied(FileExistsError):
    """Something is at the path already; `what` says what ("a file", "a symbolic link to …")."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EEXIST, f"{what} is there already", str(path))
        self.what = what


def occupant(path: Path) -> str | None:
    """What is at `path`, in words (its link's target escaped for a terminal), or None when
    nothing is (a broken symbolic link is something)."""
    try:
        if path.is_symlink():
            return f"a symbolic link to {terminal_safe_line(os.readlink(path))}"
        if path.is_dir():
            return "a folder"
        if path.exists():
            return "a file"
    except OSError:
        return "a file"  # cannot be looked at: take it as there rather than replace it blindly
    return None


def write_file(path: Path, text: str, replace: bool = False) -> None:
    """Write `text` (UTF-8, newlines as given) to `path`, whole or not at all: a temporary file
    beside it, synced, then put in its place. With `replace`, a file or symbolic link already
    there is replaced (the link itself: what it points to is left alone); without it, nothing
    there is touched: a file made at that name meanwhile is caught by the link that puts the
    new one in place, which fails when the name is taken.

    Raises:
        Occupied: Something is at `path` and `replace` was not given.
        IsADirectoryError: `path` is a folder.
        OSError: The file cannot be written.
    """
    what = occupant(path)
    if what == "a folder":
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if what is not None and not replace:
        raise Occupied(path, what)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            _put_new(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _put_new(temporary: Path, path: Path) -> None:
    """Give the written file the name `path` only if nothing has it (a hard link fails when the
    name is taken, as a rename would not)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise Occupied(path, occupant(path) or "a file") from None
    except OSError as error:  # a file system without hard links: check once more, then rename
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if (what := occupant(path)) is not None:
            raise Occupied(path, what) from None
        os.replace(temporary, path)
