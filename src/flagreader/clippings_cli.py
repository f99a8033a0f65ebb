"""`flagreader clippings`: print or write the saved clippings as Markdown, JSON or CSV."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flagreader.cli import EXIT_NOTHING_LOADED, EXIT_OK, _add_data_dir_argument, _Parser
from flagreader.clippings import FORMATS, export, format_for
from flagreader.store import Store, write_text_atomically
from flagreader.textsafe import json_safe, terminal_safe, terminal_safe_line
from flagreader.wording import counted

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
    _add_data_dir_argument(parser, "read marks, bookmarks and clippings are")
    args = parser.parse_args(argv)
    format = args.format or (format_for(args.output) if args.output else "md")
    store = Store.open(args.data_dir)
    if store.problem:
        print(f"flagreader: {terminal_safe_line(store.problem)}", file=sys.stderr)
    try:
        clippings = store.clippings()
    finally:
        store.close()
    text = export(clippings, format)
    if format == "json":
        text = json_safe(text)  # C1 controls and bidi marks as \u escapes: the same JSON, safe to show
    if args.output:
        target = Path(args.output).expanduser()
        try:
            if target.is_dir():
                raise IsADirectoryError(21, "is a folder")
            write_text_atomically(target, text)
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"flagreader: cannot write {terminal_safe_line(str(target))}: {reason}", file=sys.stderr)
            return EXIT_NOTHING_LOADED
        print(
            f"wrote {counted(len(clippings), 'clipping')} to {terminal_safe_line(str(target))}",
            file=sys.stderr,
        )
    elif sys.stdout.isatty() and format != "json":
        print(terminal_safe(text), end="")  # on a terminal, escapes in quotes are shown, not run
    else:
        sys.stdout.write(text)  # to a file or a pipe: exactly what was saved
    return EXIT_OK
