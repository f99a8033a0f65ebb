"""Asking many web servers politely: a few hosts at once, each host one request at a time.
The feeds' updates and the pages of their summaries are both fetched so."""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
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
    return _grouped(dict.fromkeys(urls), str)


def _grouped(items: Iterable[U], url_of: Callable[[U], str]) -> list[list[U]]:
    """`items` grouped by the host of their `url_of(item)`, the longest group first."""
    groups: dict[str, list[U]] = defaultdict(list)
    for item in items:
        groups[urlsplit(url_of(item)).netloc.lower()].append(item)
    return sorted(groups.values(), key=len, reverse=True)


MapFunction = Callable[[Callable[[U], T], Iterable[U]], Generator[T, None, None]]


def host_map(
    workers: int, url_of: Callable[[U], str], discard: Callable[[T], None] | None = None, waiting: int = 0
) -> MapFunction[U, T]:
    """A map-like function that runs `fn(item)` for `items` host by host (see `host_by_host`;
    the host is that of `url_of(item)`) and yields the results as they come, in any order:
    what reader's parser takes to retrieve many feeds at once. `discard` and `waiting` as for
    `host_by_host`."""

    def mapped(fn: Callable[[U], T], items: Iterable[U]) -> Generator[T, None, None]:
        groups = _grouped(items, url_of)
        return host_by_host(groups, lambda group: map(fn, group), workers, discard, waiting)

    return mapped


def host_by_host(
    groups: list[list[U]],
    fetch: Callable[[list[U]], Iterator[T]],
    workers: int,
    discard: Callable[[T], None] | None = None,
    waiting: int = 0,
) -> Generator[T, None, None]:
    """Run `fetch(urls)` for each group of one host's `urls` (see `by_host`), `workers` groups
    at once, each in a thread of its own, and yield whatever each gives, as it comes. An
    exception in a thread is raised here. With `waiting`, a host waits while that many results
    wait for the caller: a result that holds an open file, say, is not made faster than the
    caller takes it.

    Closing this generator stops every `fetch` before its next URL; it returns once the
    fetches under way have ended (each within its timeout), and hands the results nobody will
    take to `discard`, to free what they hold."""
    arrived: queue.Queue[tuple[T] | BaseException | None] = queue.Queue(maxsize=max(0, waiting))
    stop = threading.Event()

    def put(item: tuple[T] | BaseException | None) -> bool:
        """Hand `item` to the caller when it has room; False once the caller has stopped."""
        while not stop.is_set():
            try:
                arrived.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def run(urls: list[U]) -> None:
        try:
            if stop.is_set():  # a host still waiting its turn when the caller stopped
                return
            for result in fetch(urls):
                if not put((result,)):
                    if discard is not None:
                        discard(result)
                    break
                if stop.is_set():
                    break
        except BaseException as error:  # a bug: raised in the caller's thread
            put(error)
        finally:
            put(None)

    hosts: queue.SimpleQueue[list[U]] = queue.SimpleQueue()
    for urls in groups:
        hosts.put(urls)

    def work() -> None:  # one host after another, until none is left or the caller stops
        while not stop.is_set():
            try:
                urls = hosts.get_nowait()
            except queue.Empty:
                return
            run(urls)

    # Daemon threads: should a caller drop this generator without closing it, and something
    # keep it from being collected, a thread waiting for room must not keep the program from
    # ending.
    threads = [
        threading.Thread(target=work, name=f"hosts-{number}", daemon=True)
        for number in range(min(max(1, workers), len(groups)))
    ]
    for thread in threads:
        thread.start()
    try:
        running = len(groups)
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
        for thread in threads:
            thread.join()
        while not arrived.empty():  # put just as the caller stopped
            got = arrived.get_nowait()
            if isinstance(got, tuple) and discard is not None:
                discard(got[0])
