"""The core never imports Textual: scripts and tests use it without a terminal."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "flagreader",
    "flagreader.loading",
    "flagreader.cli",
    "flagreader.formats.markdown",
    "flagreader.search.engine",
    "flagreader.store",
    "flagreader.reading",
    "flagreader.clippings",
    "flagreader.views",
    "flagreader.history",
    "flagreader.feed_fetching",
    "flagreader.feeds",
    "flagreader.feeds_cli",
    "flagreader.feed_articles",
    "flagreader.fulltext",
    "flagreader.hosts",
    "flagreader.clippings_cli",
    "flagreader.wording",
]


def test_core_modules_do_not_import_textual() -> None:
    script = (
        "import sys, importlib\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        'import flagreader; flagreader.load_corpus().search("bilisbekov")\n'
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
