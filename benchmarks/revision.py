"""Another revision of this repository's source, unpacked for a benchmark to time beside today's."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


def unpack(revision: str, folder: Path) -> Path:
    """src/ of `revision` (any git revision of this repository), unpacked into `folder`."""
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", revision, "src/flagreader"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"
