"""Where the reader has been: the articles opened, and the place in each, to go back and
forward through as a browser does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flagreader.model import Span


@dataclass(frozen=True, slots=True)
class Visit:
    """A place in an article: the span marked there, if any, and the paragraph at the top of
    the view with how far into it the view starts (None: the article's top)."""

    article_id: str
    span: Span | None = None
    top: tuple[int, float] | None = None


class History:
    """The places left behind (back) and those come back from (forward). Opening an article
    anew forgets the forward ones, as a browser does."""

    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        """How many places back are kept (the oldest go first)."""
        self._back: list[Visit] = []
        self._forward: list[Visit] = []

    def leave(self, here: Visit) -> None:
        """`here` is left for an article opened anew."""
        if self._back and self._back[-1] == here:
            return
        self._back.append(here)
        del self._back[: -self.limit]
        self._forward.clear()

    def back(self, here: Visit, usable: Callable[[Visit], bool] = lambda visit: True) -> Visit | None:
        """The place before `here` (which forward returns to), or None at the start. Places
        not `usable` (an article no longer loaded) are passed over and forgotten."""
        return self._step(self._back, self._forward, here, usable)

    def forward(self, here: Visit, usable: Callable[[Visit], bool] = lambda visit: True) -> Visit | None:
        """The place `back` left (`here` goes back on the way back), or None at the end."""
        return self._step(self._forward, self._back, here, usable)

    @staticmethod
    def _step(
        source: list[Visit], target: list[Visit], here: Visit, usable: Callable[[Visit], bool]
    ) -> Visit | None:
        while source:
            visit = source.pop()
            if usable(visit):
                target.append(here)
                return visit
        return None
