"""The whole text of a feed entry that carries only a summary: its linked page, fetched once
and reduced to its main text by trafilatura (as saved HTML pages are).

Fetched politely: the sessions are made as the feeds' are (`feeds.polite`: the User-Agent, the
redirects), with a timeout per request, a size limit counted after decompression, at most
`workers` hosts at once and one page at a time per host.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flagreader.hosts import by_host, host_by_host, is_web

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    import requests

MAX_PAGE_BYTES = 8 * 2**20
"""The most a page may hold once decompressed."""


@dataclass(frozen=True, slots=True)
class Page:
    """What fetching an entry's page gave: its main text, or why there is none."""

    url: str
    text: str | None = None
    error: str | None = None


def main_text(html: str) -> str | None:
    """The main text of a web page, paragraphs one per line; None when it has none."""
    from trafilatura import extract  # imported here: it costs ~0.1 s at start-up

    text = extract(html, include_comments=False, include_images=False, include_tables=False)
    return text if text and text.strip() else None


def _fetch(
    session: requests.Session, url: str, timeout: tuple[float, float], text_of: Callable[[str], str | None]
) -> Page:
    import requests

    try:
        with session.get(url, timeout=timeout, stream=True) as response:
            response.raise_for_status()
            kind = response.headers.get("content-type", "")
            if "html" not in kind and "xml" not in kind:
                return Page(url, error=f"not a web page ({kind or 'no content type'})")
            body = bytearray()
            for chunk in response.iter_content(2**16):  # decompressed as it comes
                body += chunk
                if len(body) > MAX_PAGE_BYTES:
                    return Page(url, error=f"the page is larger than {MAX_PAGE_BYTES // 2**20} MB: refused")
            html = _decoded(bytes(body), response.encoding or "utf-8")
    except requests.RequestException as error:
        return Page(url, error=type(error).__name__ + (f": {error}" if str(error) else ""))
    text = text_of(html)
    return Page(url, text) if text else Page(url, error="no main text found in the page")


def _decoded(body: bytes, encoding: str) -> str:
    """A page's text in the encoding its answer declares; as UTF-8 when that is a name Python
    does not know ("charset=bogus" raised LookupError, and ended the whole update)."""
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def fetch_pages(
    urls: Iterable[str],
    prepare: Callable[[requests.Session], None],
    timeout: tuple[float, float],
    workers: int = 4,
    text_of: Callable[[str], str | None] = main_text,
) -> Generator[Page, None, None]:
    """Fetch every page of `urls` (http and https only) and take its main text with `text_of`
    (in the worker processes, for a caller that must keep the interpreter lock free: see
    `main_texts_elsewhere`): `workers` hosts at once, each host's pages one after another, in a
    session `prepare` made ready. Yields each page as it comes; closing the generator stops the
    fetching after the pages under way."""
    import requests

    def host_pages(pages: list[str]) -> Iterator[Page]:
        with requests.Session() as session:
            prepare(session)
            for url in pages:
                yield _fetch(session, url, timeout, text_of)

    return host_by_host(by_host(filter(is_web, urls)), host_pages, workers)


@contextmanager
def main_texts_elsewhere(pool: ProcessPoolExecutor | None = None) -> Iterator[Callable[[str], str | None]]:
    """`main_text`, run in worker processes (at a lower priority; `pool`'s, when the caller
    keeps one) while the calling thread waits without the interpreter lock: trafilatura is pure
    Python, and 16 threads of it made the reader's keys wait (p95 59-71 ms during R, against
    32 ms). In this process when no worker process can be started."""
    from flagreader.extract_process import start_pool

    own = pool is None
    pool = start_pool() if own else pool
    if pool is None:
        yield main_text
        return

    def elsewhere(html: str) -> str | None:
        try:
            return pool.submit(main_text, html).result()
        except Exception:  # a broken worker, or trafilatura failing on this page: no text
            return None

    try:
        yield elsewhere
    finally:
        if own:
            pool.shutdown(wait=False, cancel_futures=True)
