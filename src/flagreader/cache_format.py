"""How the article cache stores an article: pickles of the model's classes, read back by an
unpickler that builds those and nothing else, and the fingerprints of the code that made what is
stored (a hash of its source files, the article model's classes and the libraries' versions).
"""

from __future__ import annotations

import ast
import hashlib
import io
import os
import pickle
import re
import sys
import zlib
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from flagreader import model
from flagreader.model import Article

FOUND = ("officials", "figures", "dates", "quotes", "acronyms", "people")
_HERE = Path(__file__).resolve().parent


def _fingerprint(sources: Iterable[str], packages: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=8)
    digest.update(stored_classes_source().encode())
    for pattern in sources:
        for file in sorted(_HERE.glob(pattern)):
            digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    for package in packages:
        digest.update(f"{package} {installed_version(package)}\0".encode())
    return digest.hexdigest()


def installed_version(package: str) -> str:
    """The installed version of `package` ("-" when it is not), from the name of its
    `.dist-info` folder: what `importlib.metadata.version` reads, without importing it (40 ms
    of every command's start, for three version numbers)."""
    wanted = re.sub(r"[-_.]+", "_", package).lower()
    for folder in map(Path, sys.path):
        try:
            names = os.listdir(folder) if folder.is_dir() else []
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[: -len(".dist-info")].partition("-")
                if re.sub(r"[-_.]+", "_", project).lower() == wanted:
                    return version
    return "-"


@cache
def stored_classes_source() -> str:
    """The source of the article model's classes, not the rest of model.py (a change to Corpus
    changes no stored article): model.py parsed once (inspect.getsource parses it per class)."""
    text = (_HERE / "model.py").read_text(encoding="utf-8")
    names = {kind.__name__ for kind in STORED}
    lines = text.splitlines(keepends=True)
    return "\0".join(
        "".join(lines[min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1 : node.end_lineno])
        for node in ast.parse(text).body
        if isinstance(node, ast.ClassDef) and node.name in names
    )


@cache
def parser_fingerprint() -> str:
    """A hash of the code that turns a file into an article (and of the model it makes)."""
    sources = ("parsing.py", "decoding.py", "formats/*.py")
    return _fingerprint(sources, ("trafilatura", "markdown-it-py", "charset-normalizer"))


@cache
def extractor_fingerprint() -> str:
    """A hash of the code that finds officials, figures, dates and quotes."""
    return _fingerprint(("extract/*.py",), ())


@cache
def search_fingerprint() -> str:
    """A hash of the code that decides what a search index segment holds, and how it is laid out."""
    return _fingerprint(("search/text.py", "search/parts.py", "search/segment.py"), ())


def content_hash(data: bytes) -> bytes:
    """The hash a file's bytes are known by."""
    return hashlib.blake2b(data, digest_size=16).digest()


class ModelUnpickler(pickle.Unpickler):
    """Builds flagreader's model classes and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        kind = getattr(model, name, None) if module == model.__name__ else None
        if kind not in _FIELDS:
            raise pickle.UnpicklingError(f"not a flagreader model class: {module}.{name}")
        return kind


def _as_call(value: Any) -> tuple[type, tuple[Any, ...]]:
    """A model object pickled as a call of its class with its fields: read back twice as fast
    as the default (which sets each field through Python-level `__setstate__`)."""
    kind = type(value)
    return kind, tuple(getattr(value, name) for name in _FIELDS[kind])


STORED: tuple[type, ...] = (
    model.Article,
    model.Paragraph,
    model.Official,
    model.Person,
    model.Figure,
    model.DateMention,
    model.Mention,
    model.Quote,
    model.Acronym,
)
"""The model classes an article is made of: what the cache stores, and all its unpickler builds."""
_FIELDS = {kind: tuple(field.name for field in fields(kind)) for kind in STORED}
_DISPATCH: dict[type, Callable[[Any], tuple[type, tuple[Any, ...]]]] = dict.fromkeys(_FIELDS, _as_call)


def dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return zlib.compress(buffer.getvalue(), 1)


def loads(blob: bytes) -> Any:
    return ModelUnpickler(io.BytesIO(zlib.decompress(blob))).load()


def stored_article(blob: bytes | None, found: bytes | None) -> Article | None:
    """An article as stored, with what extraction found when `found` is given; None for a row
    this code did not write whole (damaged, or planted)."""
    if blob is None:
        return None
    try:
        article = loads(blob)
        if isinstance(article, Article) and found is not None:
            article = with_found(article, loads(found))
    except Exception:  # noqa: BLE001 - any damage to a stored row
        return None
    return article if isinstance(article, Article) else None


def with_found(article: Article, found: tuple[Any, ...]) -> Article:
    """The article with what extraction found put in (as `FOUND` orders it)."""
    return replace(article, **dict(zip(FOUND, found, strict=True)), extracted=True)


def load_plain(data: bytes) -> Any:
    """An uncompressed pickle of plain values (or model objects), read by the same unpickler."""
    return ModelUnpickler(io.BytesIO(data)).load()
