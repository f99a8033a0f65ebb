"""What the search index knows an article by: a digest of what it indexes of it."""

from __future__ import annotations

import hashlib

from flagreader.model import Article

KEY_BYTES = 16


def index_key(article: Article) -> bytes:
    """What the index holds of `article`, as a digest: everything `index_part` reads of it (its
    title and body, exactly, where its quotes stand, its officials' names and roles). Two
    articles with the same key are indexed alike, wherever they come from; an article whose key
    changed (a file edited, even in its white space; extracted again) is indexed again."""
    digest = hashlib.blake2b(digest_size=KEY_BYTES)
    digest.update(article.title.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(article.body.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(",".join(f"{quote.start}:{quote.end}" for quote in article.quotes).encode() + b"\0")
    for official in article.officials:
        digest.update(
            "\x1f".join((official.name, *official.roles)).encode("utf-8", "surrogatepass") + b"\x1e"
        )
    return digest.digest()
