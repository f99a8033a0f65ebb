"""`python -m flagreader`: the same as the `flagreader` command."""

from flagreader.cli import entry_point

if __name__ == "__main__":  # the extraction worker's process imports this module too: run only here
    entry_point()
