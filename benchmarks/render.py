"""Benchmark: the reader pane on big articles, key to frame. Prints a table; asserts nothing.

Usage: python benchmarks/render.py [--sizes 0.1,1,4,20] [--shapes many,one,wide] [--timeout 240]
                                   [--baseline REV] [--corpus PATH]

Articles are built from real reporting (the BBC corpus at ../shared/corpus/bbc, else the seed
posts), repeated to each size in MB: "many" keeps the corpus's paragraphs, "one" joins them
into a single paragraph, "wide" (run when asked) adds a word in wide characters to every
paragraph (text whose lines the reader cannot count by itself: Textual wraps it). Each is
extracted once (`extract_article`) and kept in a cache folder under the system's temp folder,
so later runs start at once. Each case then runs in a fresh
process, the real app driven headless at 120x36, and every time ends at a frame handed to the
terminal (the app's `_display` is wrapped so that each compositor update is also rendered to the
bytes a terminal would get, as in benchmarks/reader.py):

- open: from `ReaderPane.show(article)` to the first frame that shows its title and the start
  of its first paragraph (the text is loaded and extracted before: what is timed is the pane);
- ] and [: next quote (the first), previous quote from there (the article's last, far down);
- n: next search match (the query typed before, the search index built before);
- 1: turn officials off; spot: an official spotlit; refresh: the refresh that the end of
  extraction makes; resize: the terminal to 100x30 (the text reflows, the place is kept);
- G: to the bottom of the article.

A case is stopped after --timeout seconds: what it had not timed by then shows "timeout". With --baseline
REV, the same cases run first on that revision of src/flagreader (unpacked with git archive
into a temp folder), so old and new are timed in the same session on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from revision import unpack

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "bbc"
CACHE = Path(tempfile.gettempdir()) / "flagreader-render-bench"
FIRST = "This article repeats real reporting to test the reader."
"""The first paragraph's opening: the open is done when a frame shows it with the title."""
MEASURES = ("open", "]", "[", "n", "1", "spot", "refresh", "resize", "G")


def _paragraphs(corpus: Path) -> list[str]:
    """Paragraphs of real reporting: the corpus's articles, else the seed posts."""
    from flagreader import load_corpus

    loaded = load_corpus([corpus] if corpus.is_dir() else None, extract=False)
    return [article.paragraph_text(p) for article in loaded.articles for p in article.paragraphs]


def build(size_mb: float, shape: str, corpus: Path) -> Path:
    """The extracted article of about `size_mb` MB in `shape`, pickled in the cache folder."""
    path = CACHE / f"{shape}-{size_mb:g}MB.pickle"
    if path.exists():
        return path
    from flagreader.extract import extract_article
    from flagreader.formats import Block, ParsedDocument, assemble

    source = _paragraphs(corpus)
    wanted = int(size_mb * 1_000_000)
    texts, length, index = [FIRST], len(FIRST), 0
    while length < wanted:
        texts.append(source[index % len(source)])
        length += len(texts[-1]) + 2
        index += 1
    if shape == "wide":  # a word of wide characters in every paragraph: Textual must wrap them all
        texts = [FIRST, *(f"{text} 東京 (Tokyo)" for text in texts[1:])]
    blocks = [Block(" ".join(texts))] if shape == "one" else [Block(text) for text in texts]
    title = f"Render benchmark {size_mb:g} MB {shape}"
    article = assemble(ParsedDocument(title=title, blocks=blocks), f"{title}.txt", "text")
    started = time.perf_counter()
    article = extract_article(article)
    print(f"  extracted {title} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    CACHE.mkdir(exist_ok=True)
    path.write_bytes(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    return path


# Runs in a fresh process (on today's code or the baseline's): prints one JSON line.
_CHILD = """
import asyncio, dataclasses, json, pickle, sys, time
from collections import Counter
from textual import events
from textual._compositor import CompositorUpdate
from textual.geometry import Size
from flagreader.model import Corpus
from flagreader.formats import Block, ParsedDocument, assemble
from flagreader.ui.app import FlagreaderApp
from flagreader.ui.widgets import ReaderPane

WAITING = []  # (done, shows, future): the frame that ends the step being timed
_display = FlagreaderApp._display

def _timed_display(self, screen, renderable):
    _display(self, screen, renderable)
    if isinstance(renderable, CompositorUpdate):
        text = renderable.render_segments(self.console)  # what a real terminal driver would do
        at = time.time()
        if WAITING:
            done, shows, future = WAITING[0]
            if done() and all(part in text for part in shows) and not future.done():
                future.set_result(at)
                WAITING.clear()

FlagreaderApp._display = _timed_display
article = pickle.loads(open(sys.argv[1], "rb").read())
first = sys.argv[2]
small = assemble(ParsedDocument(title="A short one", blocks=[Block("Short.")]), "short.txt", "text")
corpus = Corpus(articles=[small, article])
corpus.build_index()

def note(name, seconds):
    if seconds is not None:
        print(json.dumps({name: seconds}), flush=True)

async def timed(action, done, shows=()):
    # Seconds from action() to the first frame drawn once done() holds (and showing every
    # string of shows), or None after a minute.
    future = asyncio.get_running_loop().create_future()
    WAITING[:] = [(done, shows, future)]
    sent = time.time()
    action()
    try:
        return await asyncio.wait_for(future, 60) - sent
    except TimeoutError:
        WAITING.clear()
        return None

def send(app, key, char=None):
    event = events.Key(key, char)
    event.set_sender(app)
    sent = time.time()
    app._driver.send_message(event)
    return sent

async def main():
    app = FlagreaderApp(corpus=corpus, data_dir=sys.argv[3])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        reader = app.query_one(ReaderPane)
        reader.focus()
        await pilot.pause(0.1)
        note("open", await timed(lambda: reader.show(article), lambda: True, (article.title, first)))

        def press(key):
            return lambda: send(app, key)

        def resize():
            app._driver._size = Size(100, 30)
            app.post_message(events.Resize(Size(100, 30), Size(100, 30)))

        counts = Counter(o.name for o in article.officials for _ in o.mentions)
        official = counts.most_common(1)[0][0] if counts else None

        def reflowed():  # the text wraps to the new width (not cut by it, nor narrower)
            return reader.virtual_size.width == reader.scrollable_content_region.width

        def far_down():
            return reader.current is not None and reader.current[0] > len(article.body) // 2

        steps = [
            ("]", press("right_square_bracket"), lambda: reader.current is not None),
            ("[", press("left_square_bracket"), far_down),
            ("n", press("n"), lambda: reader.current is not None),
            ("1", press("1"), lambda: "official" not in reader.shown),
            ("spot", lambda: setattr(reader, "spotlight", official), lambda: True),
            ("refresh", lambda: reader.refresh_article(dataclasses.replace(article)), lambda: True),
            ("resize", resize, lambda: reader.size.width < 60 and reflowed()),
            ("G", press("G"), lambda: reader.scroll_y == reader.max_scroll_y),
        ]
        for name, action, done in steps:
            await pilot.pause(0.3)
            if name == "[":
                reader.current = None  # from no mark, [ marks the last quote: far down
            if name == "n":  # the search typed and its hits listed first; n from no mark
                app.query_one("#search").value = "minister"
                await app.workers.wait_for_complete()
                await pilot.pause(0.3)
                reader.focus()
                reader.current = None
            if name == "G":
                reader.scroll_home(animate=False)
                await pilot.pause(0.3)
            if name == "spot" and official is None:
                continue
            note(name, await timed(action, done))
        app.exit()

asyncio.run(main())
"""


def run_case(pickled: Path, src: Path, timeout: float) -> dict[str, float]:
    """The case's timings (seconds) in a fresh process on the code in `src`: those done when
    it ended, or when it was stopped after `timeout` seconds."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as data_dir:
        try:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(pickled), FIRST, data_dir],
                capture_output=True,
                timeout=timeout,
                env=env,
                check=False,
            )
            output = done.stdout
            if done.returncode != 0:
                print(done.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
        except subprocess.TimeoutExpired as stopped:
            output = stopped.stdout or b""
    result: dict[str, float] = {}
    for line in output.decode().splitlines():
        result.update(json.loads(line))
    return result


def _row(label: str, result: dict[str, float]) -> str:
    cells = [f"{label:<28}"]
    for name in MEASURES:
        value = f"{result[name] * 1000:,.0f}" if name in result else "timeout"
        cells.append(f"{value:>9}")
    return "".join(cells)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.1,1,4,20", help="article sizes in MB")
    parser.add_argument("--shapes", default="many,one", help="many paragraphs, one paragraph, wide")
    parser.add_argument("--timeout", type=float, default=240, help="seconds per case")
    parser.add_argument("--baseline", help="a git revision to time first, in the same session")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    sizes = [float(size) for size in args.sizes.split(",")]
    shapes = args.shapes.split(",")
    cases = [(size, shape) for shape in shapes for size in sizes]
    print("building articles (cached after the first run)…", file=sys.stderr)
    pickles = {case: build(*case, args.corpus) for case in cases}
    today = Path(__file__).resolve().parents[1] / "src"
    with tempfile.TemporaryDirectory() as folder:
        codes = [("today", today)]
        if args.baseline:
            codes.insert(0, (args.baseline[:10], unpack(args.baseline, Path(folder))))
        print(f"{'case (ms, key to frame)':<28}" + "".join(f"{name:>9}" for name in MEASURES))
        for size, shape in cases:
            for label, src in codes:
                result = run_case(pickles[size, shape], src, args.timeout)
                print(_row(f"{size:g} MB {shape} {label}", result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
