"""Going back and forward through the places read, as a browser does."""

from __future__ import annotations

from flagreader.history import History, Visit

A, B, C = Visit("a"), Visit("b", (10, 20)), Visit("c", None, (3, 0.5))


def test_back_and_forward_retrace_the_places_and_stop_at_the_ends() -> None:
    history = History()
    history.leave(A)  # A, then B opened
    history.leave(B)  # B, then C opened
    assert history.back(C) == B
    assert history.back(B) == A
    assert history.back(A) is None  # the start: nothing before A
    assert history.forward(A) == B
    assert history.forward(B) == C
    assert history.forward(C) is None


def test_opening_anew_forgets_the_places_ahead_and_the_oldest_go_past_the_limit() -> None:
    history = History(limit=2)
    history.leave(A)
    history.leave(B)
    assert history.back(C) == B  # at B, with C ahead
    history.leave(B)  # at B, opening another: C is forgotten
    assert history.forward(Visit("d")) is None
    history.leave(C)
    assert history.back(Visit("e")) == C
    assert history.back(C) == B
    assert history.back(B) is None  # A went past the limit of 2


def test_leaving_one_place_twice_in_a_row_keeps_it_once() -> None:
    history = History()
    history.leave(A)
    history.leave(A)
    assert history.back(B) == A
    assert history.back(A) is None


def test_places_no_longer_usable_are_passed_over_and_forgotten() -> None:
    history = History()
    gone = Visit("gone")
    history.leave(A)
    history.leave(gone)  # an article no longer loaded
    usable = lambda visit: visit != gone  # noqa: E731
    assert history.back(B, usable) == A  # past the missing one
    assert history.forward(A, usable) == B  # straight back to B, no dead step
    assert history.back(B, usable) == A
    assert history.back(A, usable) is None and history.forward(A, usable) == B
    history = History()
    history.leave(gone)
    assert history.back(B, usable) is None  # nothing usable: B stays where it is
    assert history.forward(B, usable) is None
