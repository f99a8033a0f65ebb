"""`python -m flagreader`: the same as the `flagreader` command."""

from flagreader.cli import entry_point

entry_point()
