"""hosts.py: URLs grouped by host, each host's asked one after another, a few hosts at once."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from flagreader.hosts import by_host, host_by_host, host_map, is_web


def test_urls_are_grouped_by_host_the_longest_group_first_without_repeats() -> None:
    urls = ["http://a.example/1", "https://B.example/1", "http://b.example/2", "http://a.example/1"]
    assert by_host(urls + ["http://b.example/3"]) == [
        ["https://B.example/1", "http://b.example/2", "http://b.example/3"],
        ["http://a.example/1"],
    ]
    assert [is_web(url) for url in ("https://a.example/x", "file:///etc/passwd", "http:///x")] == [
        True,
        False,
        False,
    ]


def test_closing_stops_every_host_before_its_next_url_and_those_not_started() -> None:
    """One worker, three hosts: closed after the first result, the host under way finishes the
    URL it is on (a slow one, here) and asks no more; the hosts waiting their turn are not asked."""
    asked: list[str] = []

    def fetch(urls: list[str]) -> Iterator[str]:
        for number, url in enumerate(urls):
            if number:
                time.sleep(0.3)  # the caller closes meanwhile
            asked.append(url)
            yield url

    results = host_by_host([["a1", "a2", "a3"], ["b1", "b2"], ["c1"]], fetch, workers=1)
    assert next(results) == "a1"
    results.close()
    assert asked == ["a1", "a2"]


@dataclass(frozen=True)
class Feed:
    url: str


def test_host_map_maps_every_item_two_hosts_at_once_each_one_item_at_a_time() -> None:
    """As reader's parser uses it: `fn` over feeds; three on each of two hosts, with three
    workers: each host is asked one feed at a time, and both hosts at once."""
    feeds = [Feed(f"http://{host}.example/{number}") for number in range(3) for host in "ab"]
    lock, now, most = threading.Lock(), Counter[str](), Counter[str]()
    overlap: list[int] = []

    def fetch(feed: Feed) -> str:
        host = feed.url.split("/")[2]
        with lock:
            now[host] += 1
            most[host] = max(most[host], now[host])
            overlap.append(sum(now.values()))
        time.sleep(0.05)
        with lock:
            now[host] -= 1
        return feed.url

    assert sorted(host_map(3, lambda feed: feed.url)(fetch, feeds)) == sorted(feed.url for feed in feeds)
    assert most == {"a.example": 1, "b.example": 1}
    assert max(overlap) == 2


def test_hosts_wait_while_the_caller_is_behind() -> None:
    """Each result may hold an answer in an open file: with a slow caller and `waiting`, no
    more than that many wait in line, and one per worker is held until there is room
    (unbounded, every result of every host waited)."""
    lock, made, taken = threading.Lock(), [0], [0]
    behind: list[int] = []

    def fetch(urls: list[str]) -> Iterator[str]:
        for url in urls:
            with lock:
                made[0] += 1
                behind.append(made[0] - taken[0])
            yield url

    groups = [[f"{host}{number}" for number in range(20)] for host in "abc"]
    for _ in host_by_host(groups, fetch, workers=2, waiting=2):
        time.sleep(0.002)
        with lock:
            taken[0] += 1
    assert taken[0] == 60
    assert max(behind) <= 2 * 2 + 1


def test_results_nobody_takes_are_handed_to_discard() -> None:
    """Closed early, every result made is either taken or discarded: none is left holding a file."""
    made: list[str] = []
    discarded: list[str] = []

    def fetch(urls: list[str]) -> Iterator[str]:
        for url in urls:
            made.append(url)
            yield url

    groups = [[f"{host}{number}" for number in range(50)] for host in "abcd"]
    results = host_by_host(groups, fetch, workers=4, discard=discarded.append)
    taken = [next(results)]
    time.sleep(0.1)  # the hosts fill the line meanwhile
    results.close()
    assert sorted(taken + discarded) == sorted(made) and len(made) > 1
