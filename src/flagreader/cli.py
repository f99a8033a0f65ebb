"""The `flagreader` command: open the reader, or run a headless command.

Exit codes: 0 on success, 2 on usage errors, 1 when nothing could be loaded (or the reader
stopped on an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from flagreader import __version__
from flagreader.cli_corpus import close, load, merge_if_due, open_cache
from flagreader.loading import DEFAULT_MAX_BYTES
from flagreader.model import Article, Corpus
from flagreader.search.query import too_long
from flagreader.shelf import listing
from flagreader.store import ENVIRONMENT_VARIABLE, default_data_dir
from flagreader.textsafe import json_safe, terminal_safe, terminal_safe_line

EXIT_OK, EXIT_NOTHING_LOADED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, with every message it prints made safe for the terminal: an unknown argument
    is echoed in its errors, and a shell glob can pass a file name holding an escape sequence
    (`--x<OSC 52>.txt` would set the terminal's clipboard)."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        super()._print_message(terminal_safe(message), file)


_COMMANDS_HELP = """commands:
  flagreader [PATH ...]            open the reader on files and folders (default: the seed posts)
  flagreader extract [PATH ...]    print what was loaded (--json for scripts)
  flagreader search QUERY [PATH ...]  find articles by a few words, typos and all
  flagreader clippings [--format md|json|csv]  print the saved clippings

Run `flagreader COMMAND --help` for a command's options.

examples:
  flagreader                       the bundled seed posts
  flagreader ~/news                every article in a folder, read recursively
  flagreader --list ~/news         the article list, printed instead of opened"""

_EXTRACT_EXAMPLES = """examples:
  flagreader extract ~/news/story.txt      officials, figures and quotes of one article
  flagreader extract --json ~/news > found.json"""

_SEARCH_EXAMPLES = """examples:
  flagreader search "bilisbekv deceivd"            the seed posts, typos and all
  flagreader search 'official:brown "interest rates"' ~/news --limit 5"""


def _megabytes(value: str) -> int:
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if not math.isfinite(size) or size * 1_000_000 < 1:
        raise argparse.ArgumentTypeError(
            f"the size limit must be a number of megabytes of 0.000001 or more: {value!r}"
        )
    return int(size * 1_000_000)


def _add_loading_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files and folders (read recursively); default: the bundled seed posts",
    )
    parser.add_argument(
        "--max-size",
        type=_megabytes,
        default=DEFAULT_MAX_BYTES,
        metavar="MB",
        help=f"skip files larger than this many megabytes (default {DEFAULT_MAX_BYTES // 1_000_000})",
    )
    _add_data_dir_argument(parser, "read marks, bookmarks, clippings and the article cache are")
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read and extract every file afresh, neither using nor updating the article cache",
    )
    parser.add_argument(
        "--feeds",
        action="store_true",
        help="the entries of the feeds subscribed to (flagreader feeds) instead of files",
    )


def _report_problems(corpus: Corpus, stream: TextIO) -> None:
    """Notices and skipped files, one line each; duplicates in one line (JSON lists them all)."""
    for source, message in corpus.notices:
        print(terminal_safe_line(f"note: {source}: {message}"), file=stream)
    duplicates = [source for source, reason in corpus.skipped if reason.startswith("duplicate of ")]
    for source, reason in corpus.skipped:
        if not reason.startswith("duplicate of ") or len(duplicates) <= 3:
            print(terminal_safe_line(f"skipped: {source}: {reason}"), file=stream)
    if len(duplicates) > 3:
        print(f"skipped: {len(duplicates)} files with the same text as a file already loaded", file=stream)


def _exit_code(articles: int) -> int:
    if articles:
        return EXIT_OK
    print("flagreader: nothing could be loaded", file=sys.stderr)
    return EXIT_NOTHING_LOADED


def _run_open(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="flagreader",
        description="A terminal reader for news and blog reporting.",
        epilog=_COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"flagreader {__version__}")
    parser.add_argument(
        "--list", action="store_true", help="print the article list instead of opening the reader"
    )
    _add_loading_arguments(parser)
    args = parser.parse_args(argv)
    if args.list or not sys.stdout.isatty():
        cache = open_cache(args)
        corpus = load(args, cache, extract=False)
        close(cache)
        _report_problems(corpus, sys.stderr)
        for row in listing(corpus.articles):  # the rows: no article is read for them
            byline = " · ".join(part for part in (row.author, row.blog) if part)
            line = f"{row.title}" + (f"  ({byline})" if byline else "") + f"  [{row.source}]"
            print(terminal_safe(line))
        return _exit_code(len(corpus.articles))
    from flagreader.ui.app import run  # Textual only for the reader

    if args.feeds:
        return run(corpus=load(args, None, index=True), data_dir=args.data_dir, feeds=True)
    return run(args.paths or None, data_dir=args.data_dir)


def article_to_dict(article: Article) -> dict[str, object]:
    """Return an article as plain JSON-ready data, every field included."""
    return dataclasses.asdict(article)


def _summary(article: Article) -> str:
    words = len(article.body.split())
    byline = " · ".join(part for part in (article.author, article.blog, article.published) if part)
    lines = [article.title]
    if byline:
        lines.append(f"  {byline}")
    if article.caption:
        lines.append(f"  caption: {article.caption}")
    lines.append(
        f"  {len(article.paragraphs)} paragraphs, {words} words · {article.format} · id {article.id}"
    )
    lines.append(f"  {article.source}")
    for official in article.officials:
        lines.append(f"  official: {official.name} ({official.role}), {len(official.mentions)} mentions")
    for figure in article.figures:
        counts = f" {figure.counts}" if figure.counts else ""
        lines.append(f"  figure: {figure.text}{counts}")
    for quote in article.quotes:
        text = quote.text if len(quote.text) <= 70 else quote.text[:67] + "..."
        lines.append(f'  quote: "{text}" ({quote.speaker or "no speaker"})')
    return terminal_safe("\n".join(lines))


def _run_extract(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="flagreader extract",
        description="Load articles and print what was found in them.",
        epilog=_EXTRACT_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_loading_arguments(parser)
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON: {articles (with officials, figures, dates, quotes), officials (across "
        "articles), skipped, notices}",
    )
    args = parser.parse_args(argv)
    cache = open_cache(args)
    corpus = load(args, cache)
    if args.json:
        from flagreader.extract.corpus import corpus_officials

        document = {
            "articles": [article_to_dict(article) for article in corpus.articles],
            "officials": [dataclasses.asdict(official) for official in corpus_officials(corpus)],
            "skipped": [{"source": source, "reason": reason} for source, reason in corpus.skipped],
            "notices": [{"source": source, "message": message} for source, message in corpus.notices],
        }
        print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
    else:
        print("\n\n".join(_summary(article) for article in corpus.articles))
        _report_problems(corpus, sys.stderr)
    close(cache)  # after the articles were read from it
    return _exit_code(len(corpus.articles))


def _marked(snippet: str, marks: Sequence[tuple[int, int]], bold: bool) -> str:
    """The snippet with its matched words in bold (on a terminal) or between « »."""
    opening, closing = ("\x1b[1m", "\x1b[22m") if bold else ("«", "»")
    parts, done = [], 0
    for start, end in marks:
        parts += [terminal_safe(snippet[done:start]), opening, terminal_safe(snippet[start:end]), closing]
        done = end
    parts.append(terminal_safe(snippet[done:]))
    return "".join(parts)


def _run_search(argv: Sequence[str]) -> int:
    parser = _Parser(
        prog="flagreader search",
        description="Find articles by a few words, typos and all. Words match with about one typo "
        'in 4-7 letters and two in longer words; "quoted words" match as a phrase; title:, '
        "official: and quote: restrict a word or phrase to that field.",
        epilog=_SEARCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Optional for argparse, required here: argparse's own message for a missing QUERY named
    # the optional PATH as required too ("the following arguments are required: QUERY, PATH").
    parser.add_argument("query", metavar="QUERY", nargs="?")
    _add_loading_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON: {query, hits, skipped}")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    args = parser.parse_args(argv)
    if args.query is None:
        parser.error(
            'a QUERY is needed: flagreader search QUERY [PATH ...], as in flagreader search "blair electon"'
        )
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    cache = open_cache(args)
    corpus = load(args, cache, index=True)  # a folder opened before: rows and segments from the cache
    hits = corpus.search(args.query, args.limit)  # reads only the articles it looks at closely
    if note := too_long(args.query):
        print(f"flagreader: {note}", file=sys.stderr)
    if args.json:
        document = {
            "query": args.query,
            "hits": [
                {
                    "id": hit.article.id,
                    "title": hit.article.title,
                    "source": hit.article.source,
                    "score": round(hit.score, 4),
                    "field": hit.field,
                    "start": hit.start,
                    "end": hit.end,
                    "snippet": hit.snippet,
                    "marks": [list(mark) for mark in hit.marks],
                }
                for hit in hits
            ],
            "skipped": [{"source": source, "reason": reason} for source, reason in corpus.skipped],
        }
        print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))
    else:
        bold = sys.stdout.isatty()
        for rank, hit in enumerate(hits, 1):
            print(terminal_safe(f"{rank:>2}. {hit.article.title}  [{hit.field}, {hit.article.source}]"))
            print(f"    {_marked(hit.snippet, hit.marks, bold)}")
        if not hits:
            print("no matches", file=sys.stderr)
        _report_problems(corpus, sys.stderr)
    sys.stdout.flush()
    merge_if_due(corpus, cache)  # the answer is out: a merge, if due, goes on in the background
    close(cache)
    return _exit_code(len(corpus.articles))


def _add_data_dir_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where {what} kept (default: ${ENVIRONMENT_VARIABLE} if set, else {default_data_dir()})",
    )


def _run_feeds(argv: Sequence[str]) -> int:
    from flagreader.feeds_cli import run_feeds  # reader and requests only for this command

    return run_feeds(argv)


def _run_clippings(argv: Sequence[str]) -> int:
    from flagreader.clippings_cli import run_clippings

    return run_clippings(argv)


_COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "extract": _run_extract,
    "search": _run_search,
    "clippings": _run_clippings,
    "feeds": _run_feeds,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _COMMANDS.get(arguments[0]) if arguments else None
    try:
        if command is not None:
            return command(arguments[1:])
        return _run_open(arguments)
    except SystemExit as exit_:  # argparse exits 0 for --help and 2 for usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except BrokenPipeError:  # `flagreader extract | head` closed the pipe: not an error
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def entry_point() -> None:
    """The console script: run `main` and exit with its code."""
    sys.exit(main())
