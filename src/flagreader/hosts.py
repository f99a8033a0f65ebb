"""Asking many web servers politely: a few hosts at once, each host one request at a time.
The feeds' updates and the pages of their summaries are both fetched so."""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")


def is_web(url: str) -> bool:
    """Whether `url` is an http or https address with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def by_host(urls: Iterable[str]) -> list[list[str]]:
    """`urls` without repeats, grouped by host (local files together), the longest group
    first: it is the one to start early."""
    groups: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        groups[urlsplit(url).netloc.lower()].append(url)
    return sorted(groups.values(), key=len, reverse=True)


def host_by_host(
    groups: list[list[str]], fetch: Callable[[list[str]], Iterator[T]], workers: int
) -> Generator[T, None, None]:
    """Run `fetch(urls)` for each group of one host's `urls` (see `by_host`), `workers` groups
    at once, each in a thread of its own, and yield whatever each gives, as it comes. An
    exception in a thread is raised here. Closing this generator stops every `fetch` before
    its next URL."""
    arrived: queue.SimpleQueue[tuple[T] | BaseException | None] = queue.SimpleQueue()
    stop = threading.Event()

    def run(urls: list[str]) -> None:
        try:
            if stop.is_set():  # a host still waiting its turn when the caller stopped
                return
            for result in fetch(urls):
                arrived.put((result,))
                if stop.is_set():
                    break
        except BaseException as error:  # a bug: raised in the caller's thread
            arrived.put(error)
        finally:
            arrived.put(None)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="hosts") as pool:
        for urls in groups:
            pool.submit(run, urls)
        running = len(groups)
        try:
            while running:
                got = arrived.get()
                if got is None:
                    running -= 1
                elif isinstance(got, BaseException):
                    raise got
                else:
                    yield got[0]
        finally:
            stop.set()
