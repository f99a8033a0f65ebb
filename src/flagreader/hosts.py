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
U = TypeVar("U")


def is_web(url: str) -> bool:
    """Whether `url` is an http or https address with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def by_host(urls: Iterable[str]) -> list[list[str]]:
    """`urls` without repeats, grouped by host (local files together), the longest group
    first: it is the one to start early."""
    return _grouped(urls, str)


def _grouped(items: Iterable[U], url_of: Callable[[U], str]) -> list[list[U]]:
    """`items` grouped by the host of their `url_of(item)` (the first of any repeated URL
    kept), the longest group first."""
    groups: dict[str, dict[str, U]] = defaultdict(dict)
    for item in items:
        url = url_of(item)
        groups[urlsplit(url).netloc.lower()].setdefault(url, item)
    return sorted((list(group.values()) for group in groups.values()), key=len, reverse=True)


MapFunction = Callable[[Callable[[U], T], Iterable[U]], Iterator[T]]


def host_map(workers: int, url_of: Callable[[U], str]) -> MapFunction[U, T]:
    """A map-like function that runs `fn(item)` for `items` host by host (see `host_by_host`;
    the host is that of `url_of(item)`) and yields the results as they come, in any order:
    what reader's parser takes to retrieve many feeds at once."""

    def mapped(fn: Callable[[U], T], items: Iterable[U]) -> Iterator[T]:
        return host_by_host(_grouped(items, url_of), lambda group: map(fn, group), workers)

    return mapped


def host_by_host(
    groups: list[list[U]], fetch: Callable[[list[U]], Iterator[T]], workers: int
) -> Generator[T, None, None]:
    """Run `fetch(urls)` for each group of one host's `urls` (see `by_host`), `workers` groups
    at once, each in a thread of its own, and yield whatever each gives, as it comes. An
    exception in a thread is raised here. Closing this generator stops every `fetch` before
    its next URL."""
    arrived: queue.SimpleQueue[tuple[T] | BaseException | None] = queue.SimpleQueue()
    stop = threading.Event()

    def run(urls: list[U]) -> None:
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
