"""`flagreader clippings`: print or write the saved clippings as Markdown, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flagreader.cli import EXIT_NOTHING_LOADED, EXIT_OK, _add_data_dir_argument, _Parser
from flagreader.clippings import FORMATS, export, format_for
from flagreader.store import UNREAD, Store
from flagreader.textsafe import terminal_safe, terminal_safe_line
from flagreader.wording import counted
from flagreader.writing import Occupied, write_file

_CLIPPINGS_EXAMPLES = """examples:
  flagreader clippings                     Markdown, each quote with its citation
  flagreader clippings -o quotes.csv       CSV, every field"""


def run_clippings(argv: Sequence[str]) -> int:
    """Run `flagreader clippings ...`; return the exit code."""
    parser = _Parser(
        prog="flagreader clippings",
        description="Print the saved clippings: Markdown (each quote with its citation under it), "
        "JSON or CSV (every field).",
        epilog=_CLIPPINGS_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the extension of --output, else md)",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of printing")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it exists (else asked on a terminal, refused otherwise)",
    )
    _add_data_dir_argument(parser, "read marks, bookmarks and clippings are")
    args = parser.parse_args(argv)
    format = args.format or (format_for(args.output) if args.output else "md")
    store = Store.open(args.data_dir)
    if store.problem:
        print(f"flagreader: {terminal_safe_line(store.problem)}", file=sys.stderr)
    if store.unread:  # an export of an empty store would stand in for the clippings saved
        store.close()
        print(f"flagreader: {UNREAD}", file=sys.stderr)
        return EXIT_NOTHING_LOADED
    try:
        clippings = store.clippings()
    finally:
        store.close()
    text = export(clippings, format)
    if args.output:
        return _write(Path(args.output).expanduser(), text, len(clippings), args.force)
    if sys.stdout.isatty() and format != "json":
        print(terminal_safe(text), end="")  # on a terminal, escapes in quotes are shown, not run
    else:
        sys.stdout.write(text)  # to a file or a pipe: exactly what was saved
    return EXIT_OK


def _write(target: Path, text: str, count: int, force: bool) -> int:
    """Write the export to `target`; what is there already is replaced only with --force, or
    when the user says so at the terminal."""
    shown = terminal_safe_line(str(target))
    try:
        try:
            write_file(target, text, replace=force)
        except Occupied as occupied:
            if not _may_replace(shown, occupied.what):
                print(f"flagreader: {shown} is {occupied.what} already; --force replaces it", file=sys.stderr)
                return EXIT_NOTHING_LOADED
            write_file(target, text, replace=True)
    except OSError as error:
        reason = error.strerror or str(error)
        print(f"flagreader: cannot write {shown}: {reason}", file=sys.stderr)
        return EXIT_NOTHING_LOADED
    print(f"wrote {counted(count, 'clipping')} to {shown}", file=sys.stderr)
    return EXIT_OK


def _may_replace(shown: str, what: str) -> bool:
    """Ask at the terminal whether to replace what is at the path (no terminal: no)."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    print(f"{shown} is {what} already. Replace it? [y/N] ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, KeyboardInterrupt):
        return False
    return answer.strip().lower() in ("y", "yes")
