"""`flagreader feeds ...`: subscribe to feeds, list them, update them, exchange them as OPML."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from flagreader.feeds import FEED_WORKERS, WORKERS, FeedProblem, Subscriptions, said_of_update
from flagreader.model import Corpus, Notice
from flagreader.progressbar import ProgressBar
from flagreader.store import ENVIRONMENT_VARIABLE, default_data_dir
from flagreader.textsafe import terminal_safe_line
from flagreader.wording import counted

EXIT_OK, EXIT_PROBLEM = 0, 1

_EXAMPLES = """examples:
  flagreader feeds add https://www.rferl.org/api/zrqiteuuir --title "Under The Black Flag"
  flagreader feeds update --workers 8
  flagreader feeds list
  flagreader feeds import subscriptions.opml
  flagreader feeds export > subscriptions.opml
  flagreader feeds remove https://www.rferl.org/api/zrqiteuuir
"""


def run_feeds(argv: Sequence[str]) -> int:
    """Run `flagreader feeds COMMAND ...`; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="flagreader feeds",
        description="Subscribe to RSS, Atom and JSON feeds; their entries are kept in the data folder.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where the feeds are kept (default: ${ENVIRONMENT_VARIABLE} if set, else {default_data_dir()})",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add = commands.add_parser("add", parents=[data_dir], help="subscribe to a feed")
    add.add_argument("url", metavar="URL")
    add.add_argument("--title", help="the title to list it by (default: the feed's own)")
    add.add_argument("--allow-file", action="store_true", help="allow a local file (a path or file: URL)")
    remove = commands.add_parser("remove", parents=[data_dir], help="unsubscribe, forgetting its entries")
    remove.add_argument("url", metavar="URL")
    commands.add_parser("list", parents=[data_dir], help="title, URL, entries, unread, last update, error")
    update = commands.add_parser("update", parents=[data_dir], help="fetch what is new in every feed")
    update.add_argument(
        "--workers",
        type=_at_least_one,
        metavar="N",
        help=(
            "hosts asked at once, one request at a time each (default: "
            f"{FEED_WORKERS} for the feeds, {WORKERS} for the pages of summaries)"
        ),
    )
    update.add_argument(
        "--all", action="store_true", help="also ask the feeds resting after failing (15 min, then 30, ...)"
    )
    opml_in = commands.add_parser(
        "import", parents=[data_dir], help="subscribe to every feed of an OPML file"
    )
    opml_in.add_argument("file", metavar="FILE.opml", type=Path)
    opml_in.add_argument("--allow-file", action="store_true", help="allow local files among them")
    commands.add_parser("export", parents=[data_dir], help="print every subscription as OPML")
    args = parser.parse_args(argv)
    allow_files = bool(getattr(args, "allow_file", False))
    try:
        with Subscriptions.open(args.data_dir, allow_files=allow_files) as subscriptions:
            if subscriptions.problem:
                print(f"flagreader: {subscriptions.problem}", file=sys.stderr)
            return _COMMANDS[args.command](subscriptions, args)
    except FeedProblem as problem:
        print(f"flagreader feeds: {problem}", file=sys.stderr)
        return EXIT_PROBLEM


def _add(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    url = subscriptions.add(args.url, args.title)
    print(f"subscribed to {terminal_safe_line(url)}; `flagreader feeds update` fetches it", file=sys.stderr)
    return EXIT_OK


def _remove(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    subscriptions.remove(args.url)
    print(f"unsubscribed from {terminal_safe_line(args.url)}", file=sys.stderr)
    return EXIT_OK


def _list(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    rows = subscriptions.feeds()
    if not rows:
        print("no feeds yet: flagreader feeds add URL", file=sys.stderr)
        return EXIT_OK
    print("title\turl\tentries\tunread\tupdated\terror")
    for row in rows:
        updated = _when(row.updated) if row.updated else "never"
        said = row.error or (f"read in spite of {row.malformed}" if row.malformed else "")
        if row.resting_until is not None:
            said += f" (resting: asked again after {_when(row.resting_until)})"
        cells = (row.title or "", row.url, str(row.entries), str(row.unread), updated, said)
        print("\t".join(terminal_safe_line(cell).replace("\t", "\\t") for cell in cells))
    return EXIT_OK


def _at_least_one(text: str) -> int:
    """An argument that counts something there must be one of at least."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"at least 1, not {number}")
    return number


def _when(moment: datetime) -> str:
    """A moment as the user's clock shows it."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _update(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    with ProgressBar() as bar:
        feed_workers, page_workers = (FEED_WORKERS, WORKERS) if args.workers is None else (args.workers,) * 2
        outcomes = subscriptions.update(feed_workers, bar.report("feeds"), rested=args.all)
        texts, failed_pages = subscriptions.fetch_full_texts(page_workers, bar.report("pages of summaries"))
    if texts or failed_pages:
        print(
            f"{texts} pages fetched for entries with only a summary, {failed_pages} failed", file=sys.stderr
        )
    new = sum(outcome.new for outcome in outcomes)
    failed = [outcome for outcome in outcomes if outcome.error]
    for outcome in failed:
        print(f"{terminal_safe_line(outcome.url)}: {outcome.error}", file=sys.stderr)
    for outcome in outcomes:
        if outcome.malformed:
            print(f"{terminal_safe_line(outcome.url)}: read in spite of {outcome.malformed}", file=sys.stderr)
    kept = "; a feed that failed keeps its entries" if failed else ""
    print(f"{said_of_update(outcomes, new)}{kept}", file=sys.stderr)
    asked = [outcome for outcome in outcomes if outcome.resting_until is None]
    return EXIT_PROBLEM if failed and len(failed) == len(asked) else EXIT_OK


def _import(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise FeedProblem(f"cannot read {terminal_safe_line(str(args.file))}: {error.strerror}") from None
    added, skipped = subscriptions.import_opml(data)
    for reason in skipped:
        print(f"skipped: {reason}", file=sys.stderr)
    print(f"subscribed to {added} feeds of {terminal_safe_line(str(args.file))}", file=sys.stderr)
    return EXIT_OK


def _export(subscriptions: Subscriptions, args: argparse.Namespace) -> int:
    sys.stdout.buffer.write(subscriptions.export_opml())
    sys.stdout.flush()
    return EXIT_OK


_COMMANDS = {
    "add": _add,
    "remove": _remove,
    "list": _list,
    "update": _update,
    "import": _import,
    "export": _export,
}


def load_feed_corpus(data_dir: str | None, extract: bool = True, index: bool = False) -> Corpus:
    """The entries of every subscription as a corpus (`--feeds`), extracted when `extract`,
    with a progress bar on a terminal; with `index`, with its search index (kept between runs
    in the feeds' cache: only entries new since are indexed). Raises FeedProblem."""
    with Subscriptions.open(data_dir) as subscriptions:
        if subscriptions.problem:
            print(f"flagreader: {subscriptions.problem}", file=sys.stderr)
        articles, empty = subscriptions.articles()
    corpus = Corpus(articles=articles)
    if empty:
        said = f"{counted(empty, 'entry', 'entries')} with no title or text, not listed"
        corpus.notices.append(Notice("feeds", said))
    if (extract or index) and articles:
        _from_kept(corpus, data_dir, index)
    return corpus


def _from_kept(corpus: Corpus, data_dir: str | None, index: bool) -> None:
    """Extract the entries not extracted at an earlier run (in the worker processes when there
    is enough to do), taking what was found before from the feeds' cache, and keep the new
    results in it; with `index`, index them too, with the segments kept there (merged when the
    policy asks for it). A problem with the cache is printed and kept as a notice (the reader
    shows it): it costs time only."""
    from flagreader.feed_extracts import extract_once, forget_others, keep, open_kept
    from flagreader.kept_index import KeptIndex, merge_all, needs_merging
    from flagreader.shelf import keys_of

    def extract(corpus: Corpus) -> None:
        from flagreader.extract_process import extract_where_it_pays  # the rules only when needed

        with ProgressBar() as bar:
            extract_where_it_pays(corpus, bar.report("Finding officials, figures and quotes"))

    cache = open_kept(data_dir)
    problems = [cache.problem]
    try:
        keep(cache, extract_once(cache, corpus, extract))
        forget_others(cache, corpus.articles)
        if index:
            kept = KeptIndex(cache)
            corpus.use_index(kept.index(corpus.articles, keys_of(corpus.articles)))
            if needs_merging(corpus._index):  # type: ignore[arg-type]
                merge_all(cache)  # a few thousand entries: here, in a moment
                corpus.use_index(KeptIndex(cache).index(corpus.articles, keys_of(corpus.articles)))
            problems.append(kept.problem)
    finally:
        cache.close()
    problems.append(cache.problem)
    for said in dict.fromkeys(filter(None, problems)):
        print(f"flagreader: {terminal_safe_line(said)}", file=sys.stderr)
        corpus.notices.append(Notice("feeds", said))
