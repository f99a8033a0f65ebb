"""Finding the article files under the paths a user names: folders read recursively in a stable
order, and every path that is not an article file said with its reason.

Every launch and every command walks the whole folder to see what changed, as `git status`
does: each file's size and modification time are what tells an unchanged file from a changed
one. So the walk is the one per-file cost an unchanged archive of 100,000 files pays, and it is
kept to a directory read (`os.scandir`) and one `stat` per file, on strings, not `Path`s.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from flagreader.model import Skipped
from flagreader.parsing import ARTICLE_SUFFIXES

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort "2.txt" before "10.txt", case-insensitively."""
    return tuple((0, int(part)) if part.isdecimal() else (1, part.casefold()) for part in _DIGITS.split(name))


def _missing_reason(path: str) -> str:
    try:
        if os.path.islink(path):
            return f"broken symbolic link (points to {os.readlink(path)}, which does not exist)"
    except OSError:
        pass  # the link vanished, or cannot be read: it is missing all the same
    return "no such file or folder"


def stat_reason(path: str, error: OSError) -> str:
    """Why a path could not be looked at, in words."""
    if error.errno == errno.ELOOP:
        return "symbolic link loop: the link points back to itself"
    if isinstance(error, FileNotFoundError):
        return _missing_reason(path)
    if error.errno == errno.ENAMETOOLONG:
        return f"path too long for this system ({len(path):,} characters)"
    return f"cannot read: {error.strerror or error}"


def kind_name(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    kinds = {
        stat.S_IFIFO: "a named pipe",
        stat.S_IFSOCK: "a socket",
        stat.S_IFCHR: "a character device",
        stat.S_IFBLK: "a block device",
    }
    return kinds.get(stat.S_IFMT(mode), "not a regular file")


def _suffix(name: str) -> str:
    """The suffix as `PurePath.suffix` gives it ("" for ".hidden" and "name.")."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


_DIRECTORY, _REGULAR, _KIND = stat.S_IFDIR, stat.S_IFREG, 0o170000


class _Scanned(NamedTuple):
    """A folder as the walk read it: its status (or why it has none), why it could not be listed
    (or None), its entries in natural order, and their names in that order."""

    info: os.stat_result | OSError
    error: OSError | None
    entries: list[os.DirEntry[str]]
    names: list[str]


class Finder:
    """Walks paths in a stable order, collecting article files and skip reasons.

    Attributes:
        files: The article files, in order (as the paths were given, folders sorted: the files
            of a folder before its subfolders, each in natural order).
        keys: Each file's absolute path (what the article cache knows it by), in that order.
        sizes: Each file's size as the walk saw it, in that order.
        mtimes: Each file's modification time in ns as the walk saw it, in that order.
        skipped: Every path that is not an article file, with the reason.
        orders: Per folder walked (absolute path), its names in natural order: given back
            (`known_orders`) to the next walk, a folder whose names are the same is not sorted.
    """

    def __init__(self, known_orders: dict[str, list[str]] | None = None) -> None:
        self.files: list[str] = []
        self.keys: list[str] = []
        self.sizes: list[int] = []
        self.mtimes: list[int] = []
        self.skipped: list[Skipped] = []
        self.orders: dict[str, list[str]] = {}
        self._known = known_orders or {}
        self._files_seen: dict[tuple[int, int], str] = {}
        self._dirs_seen: dict[tuple[int, int], str] = {}

    @property
    def stats(self) -> dict[str, tuple[int, int]]:
        """Per file, its (size, modification time in ns) as the walk saw it."""
        return dict(zip(self.files, zip(self.sizes, self.mtimes, strict=True), strict=True))

    def add(self, path: str, *, explicit: bool) -> None:
        """Add a path the user named (`explicit`) or one found inside a folder."""
        try:
            info = os.stat(path)
        except OSError as error:
            self.skipped.append(Skipped(path, stat_reason(path, error)))
            return
        if stat.S_ISDIR(info.st_mode):
            self._walk(path)
        else:
            self._add(path, os.path.abspath(path), info, explicit=explicit)

    def _add(self, path: str, key: str, info: os.stat_result, *, explicit: bool) -> None:
        if info.st_mode & _KIND != _REGULAR:
            self.skipped.append(Skipped(path, f"not a regular file: {kind_name(info.st_mode)}"))
            return
        if not explicit and (suffix := _suffix(os.path.basename(path))).lower() not in ARTICLE_SUFFIXES:
            self.skipped.append(Skipped(path, f"not an article: unsupported file type '{suffix}'"))
            return
        seen = (info.st_dev, info.st_ino)
        if seen in self._files_seen:
            reason = f"same file as {self._files_seen[seen]} (reached twice), loaded once"
            self.skipped.append(Skipped(path, reason))
            return
        self._files_seen[seen] = path
        self.files.append(path)
        self.keys.append(key)
        self.sizes.append(info.st_size)
        self.mtimes.append(info.st_mtime_ns)

    def _walk(self, root: str) -> None:
        # An explicit stack instead of recursion: deep trees cannot exhaust Python's stack.
        # (Reading folders ahead in threads was tried: the threads' turns at the interpreter
        # lock made a 100,000-file walk twice as slow, not faster.)
        stack: list[tuple[str, str, tuple[tuple[int, int], ...]]] = [(root, os.path.abspath(root), ())]
        while stack:
            folder, absolute, ancestors = stack.pop()
            scanned = self._scan(folder, absolute)
            if isinstance(scanned.info, OSError):
                self.skipped.append(Skipped(folder, stat_reason(folder, scanned.info)))
                continue
            key = (scanned.info.st_dev, scanned.info.st_ino)
            if key in ancestors:
                reason = f"symbolic link loop: leads back to {self._dirs_seen[key]}"
                self.skipped.append(Skipped(folder, reason))
                continue
            if key in self._dirs_seen:
                self.skipped.append(Skipped(folder, f"folder already read as {self._dirs_seen[key]}"))
                continue
            self._dirs_seen[key] = folder
            if scanned.error is not None:
                self.skipped.append(
                    Skipped(folder, f"cannot read folder: {scanned.error.strerror or scanned.error}")
                )
                continue
            self.orders[absolute] = scanned.names
            prefix = folder if folder.endswith(os.sep) else folder + os.sep
            absolute_prefix = absolute if absolute.endswith(os.sep) else absolute + os.sep
            subfolders = self._take(scanned.entries, prefix, absolute_prefix)
            # Files of a folder come before its subfolders, each group in natural order.
            stack.extend((sub, whole, (*ancestors, key)) for sub, whole in reversed(subfolders))

    def _scan(self, folder: str, absolute: str) -> _Scanned:
        """A folder read: its status, its entries but hidden ones (.git, .DS_Store are never
        articles) in natural order: the order of the last walk when the names are the same (no
        sort then)."""
        try:
            info: os.stat_result | OSError = os.stat(folder)
        except OSError as error:
            return _Scanned(error, None, [], [])
        try:
            with os.scandir(folder) as listed:
                entries = [entry for entry in listed if not entry.name.startswith(".")]
        except OSError as error:
            return _Scanned(info, error, [], [])
        known = self._known.get(absolute)
        if known is not None and len(known) == len(entries):
            by_name = {entry.name: entry for entry in entries}
            try:
                return _Scanned(info, None, [by_name[name] for name in known], known)
            except KeyError:  # a name not there last time: sorted again
                pass
        entries.sort(key=lambda entry: natural_key(entry.name))
        return _Scanned(info, None, entries, [entry.name for entry in entries])

    def _take(
        self, entries: list[os.DirEntry[str]], prefix: str, absolute_prefix: str
    ) -> list[tuple[str, str]]:
        """Add a folder's files; return its subfolders (path, absolute path), in order."""
        subfolders: list[tuple[str, str]] = []
        seen, files, keys, sizes, mtimes = self._files_seen, self.files, self.keys, self.sizes, self.mtimes
        for entry in entries:
            name = entry.name
            try:
                info = entry.stat()  # follows links, as a path's stat does
            except OSError as error:  # this child's reason; the walk goes on
                self.skipped.append(Skipped(prefix + name, stat_reason(prefix + name, error)))
                continue
            kind = info.st_mode & _KIND
            if kind == _DIRECTORY:
                subfolders.append((prefix + name, absolute_prefix + name))
                continue
            dot = name.rfind(".")
            identity = (info.st_dev, info.st_ino)
            if (
                kind != _REGULAR
                or (name[dot:].lower() if dot > 0 else "") not in ARTICLE_SUFFIXES
                or identity in seen
            ):
                self._add(prefix + name, absolute_prefix + name, info, explicit=False)  # says why not
                continue
            # The common case, inline: the one per-file loop of every launch and command.
            path = prefix + name
            seen[identity] = path
            files.append(path)
            keys.append(absolute_prefix + name)
            sizes.append(info.st_size)
            mtimes.append(info.st_mtime_ns)
        return subfolders


def walk(paths: Iterable[str | os.PathLike[str]], known_orders: dict[str, list[str]] | None = None) -> Finder:
    """Walk files and folders as loading does: `files` in order, with their `stats`, and
    `skipped` (`known_orders`: the folders' `orders` as a walk of them found them before)."""
    finder = Finder(known_orders)
    for path in paths:
        finder.add(str(Path(path)), explicit=True)  # "folder/" and "./folder" as "folder"
    return finder


def find_article_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively) into article files, in a stable order.

    Returns:
        The files to load, and the paths skipped while looking (with reasons).
    """
    found = walk(paths)
    return [Path(file) for file in found.files], found.skipped
