"""The two seed posts that ship inside the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def seeds_dir() -> Path:
    """Return the folder that holds the bundled seed posts.

    An installed wheel carries them as `flagreader/seeds`; a source checkout (an editable
    install) has them in the repository's top-level `seeds/` folder.
    """
    bundled = Path(str(resources.files("flagreader"))) / "seeds"
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled seed posts are missing (looked in {bundled} and {checkout})")
