"""Clippings: a quote lifted from an article with its speaker and source, and the formats
they leave the tool in (Markdown, JSON, CSV).

A clipping carries its own copy of the quote and of the article's title, blog, author and
source, so it stays whole when the article changes, moves or is no longer loaded.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from flagreader.hosts import is_web
from flagreader.model import Article, Quote
from flagreader.textsafe import json_safe

FORMATS = ("md", "json", "csv")


@dataclass(frozen=True, slots=True)
class Clipping:
    """A saved quote.

    Attributes:
        quote: The quotation's words (its running pieces joined).
        speaker: Who said it, or None.
        role: The speaker's role in the article, or None.
        article_id: The article's content id when clipped.
        title: The article's title.
        blog: The blog or site, or None.
        author: The article's author, or None.
        source: The file the article was read from.
        start: Where the quotation starts in the article's body (when clipped).
        end: Where it ends.
        created: When it was clipped, ISO 8601 in UTC ("2026-11-22T01:50:00Z").
        note: The user's note ("" for none).
        id: Its number in the store, None until stored.
        speaker_mention: The words the text uses for the speaker at the quotation ("he",
            "the senator", "Sen. Cruz"), or None when it names nobody there (or the clipping
            was made before this was kept). Last but one, so that rows and tuples of the
            fields before it still build a clipping.
        origin: The file as the citation names it: its path relative to the folder the
            reader had opened ("2016/world/a.txt"), or None (a seed post, an older clipping).
    """

    quote: str
    speaker: str | None
    role: str | None
    article_id: str
    title: str
    blog: str | None
    author: str | None
    source: str
    start: int | None
    end: int | None
    created: str
    note: str = ""
    id: int | None = None
    speaker_mention: str | None = None
    origin: str | None = None


def now() -> str:
    """The current time as a clipping records it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def quote_chain(article: Article, position: int) -> list[Quote]:
    """The quotation at `position` with every piece it runs over, or [] when there is none."""
    quotes = list(article.quotes)
    index = next((i for i, q in enumerate(quotes) if q.start <= position <= q.end), None)
    if index is None:
        return []
    while index > 0 and quotes[index - 1].continues:
        index -= 1
    chain = [quotes[index]]
    while chain[-1].continues and index + 1 < len(quotes):
        index += 1
        chain.append(quotes[index])
    return chain


def clip_quote(
    article: Article, position: int, created: str | None = None, opened: Sequence[str] = ()
) -> Clipping | None:
    """The clipping of the quotation at `position` in `article`, or None if there is none;
    `opened`: the files and folders the reader opened, its file's origin is told from."""
    chain = quote_chain(article, position)
    if not chain:
        return None
    speaker = chain[0].speaker
    mention = chain[0].speaker_mention
    role = next((o.roles[0] for o in article.officials if o.name == speaker and o.roles), None)
    return Clipping(
        quote=" ".join(piece.text.strip().rstrip(",") for piece in chain),
        speaker=speaker,
        role=role,
        article_id=article.id,
        title=article.title,
        blog=article.blog,
        author=article.author,
        source=article.source,
        start=chain[0].start,
        end=chain[-1].end,
        created=created or now(),
        speaker_mention=mention.text if mention else None,
        origin=origin_of(article.source, opened),
    )


def origin_of(source: str, opened: Sequence[str]) -> str | None:
    """`source` as a citation names it: relative to the deepest of the `opened` folders that
    holds it, or its name when it was opened as a file; None when none of them holds it, or it
    is a bundled seed post (its blog and title say where it is from)."""
    try:
        path = Path(source).resolve()
        if path.is_relative_to(_seeds_folder()):
            return None
        best: str | None = None
        for one in opened:
            folder = Path(one).resolve()
            if path == folder:
                return path.name
            if path.is_relative_to(folder):
                relative = path.relative_to(folder).as_posix()
                best = relative if best is None or len(relative) < len(best) else best
        return best
    except (OSError, ValueError, RuntimeError):  # a name with a NUL byte, a symlink loop
        return None


def _is_seed(path: Path) -> bool:
    return path.resolve().is_relative_to(_seeds_folder())


@lru_cache(maxsize=1)
def _seeds_folder() -> Path:
    from flagreader.seeds import seeds_dir  # the package's data, found once

    return seeds_dir().resolve()


# Words that may end a mention after the name ("Sen. Robert P. Casey Jr.", "Jean Corston MP").
_AFTER_NAME = frozenset("jr sr ii iii iv mp mep msp qc kc phd esq".split())
_PARENTHESISED = re.compile(r"\([^()]*\)")  # a party tag: "Rep. Gwen Moore (D-Wis.)"
_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’](?!\w)")  # "Gallup’s", "Sanders'"
_WORD = re.compile(r"[^\W_]+")


def _name_words(text: str) -> list[str]:
    """The words of a name or a mention, folded: lower case, accents off, no possessive "'s",
    no parenthesised tag ("Gallup’s Jeffrey M. Jones" -> gallup, jeffrey, m, jones)."""
    decomposed = unicodedata.normalize("NFKD", _PARENTHESISED.sub(" ", text))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _WORD.findall(_POSSESSIVE.sub("", folded))


def names_speaker(mention: str, speaker: str) -> bool:
    """Whether the words the text uses for a speaker name them ("Sanders", "Sen. Cruz",
    "Mr. Blair", "House Speaker Paul Ryan") rather than stand for them ("he", "the senator",
    "the New York businessman", "a Blair aide").

    The mention names the speaker when its last word (a suffix such as "Jr." or "MP" aside) is
    a word of the speaker's name, case, accents and apostrophes aside: the head of the phrase
    is the name, whatever title or role comes before it.
    """
    words = _name_words(mention)
    while words and words[-1] in _AFTER_NAME:
        words.pop()
    return bool(words) and words[-1] in _name_words(speaker)


def inferred_from(speaker: str | None, mention: str | None) -> str | None:
    """The words the text uses for the speaker when they do not name them (a pronoun or a
    role: "he", "the senator"), on one line; None when they do, when the text names nobody at
    the quotation, or when there is no speaker."""
    if not speaker or not mention or names_speaker(mention, speaker):
        return None
    return " ".join(mention.split()) or None


def source_line(clipping: Clipping) -> str:
    """Who said it and where: 'Speaker, Role; "Title", Blog, Author'; 'Speaker [inferred from
    "he"], Role; ...' when the text gave the speaker only as a pronoun or a role, so that the
    reader of the citation knows the name is flagreader's inference, not the article's words."""
    speaker = clipping.speaker
    inferred = inferred_from(speaker, clipping.speaker_mention)
    if speaker and inferred:
        speaker = f'{speaker} [inferred from "{inferred}"]'
    who = ", ".join(part for part in (speaker, clipping.role) if part) or "unattributed"
    where = [f'"{clipping.title}"', clipping.blog, clipping.author]
    if is_web(clipping.source):
        where.append(clipping.source)  # a feed's entry: where to read it
    elif not clipping.blog and not clipping.author and (shown := shown_source(clipping)):
        where.append(shown)  # nothing else says where it came from: the folder and the file
    return f"{who}; {', '.join(p for p in where if p)}"


def shown_source(clipping: Clipping) -> str | None:
    """The file a clipping came from, as a citation shows it: its origin (relative to the folder
    opened); for a clipping saved before origins were kept, its folder and file name
    ("business/001.txt"), never the path on this machine; None for a bundled seed post (its
    blog and title say where it is from; its path is an install's)."""
    if clipping.origin:
        return clipping.origin
    if is_web(clipping.source):
        return clipping.source
    path = Path(clipping.source)
    try:
        if _is_seed(path):
            return None
    except (OSError, ValueError, RuntimeError):  # a name with a NUL byte, a symlink loop: not a seed
        pass
    return "/".join(path.parts[-2:]) if path.parts else None


def citation(clipping: Clipping) -> str:
    """The quote with its source: '"..." (Speaker, Role; "Title", Blog, Author)'."""
    return f'"{clipping.quote}" ({source_line(clipping)})'


# Markdown: CommonMark lets any ASCII punctuation be backslash-escaped. These characters can
# start markup anywhere in a line (emphasis, code, links, HTML, entities, tables), so they are
# always escaped; the rest only where they would start a block (a heading, a list item, a
# quote, a setext underline). Commas and apostrophes stay as they are, for people reading the
# file as it is.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&!|~])")
_BLOCK_START = re.compile(r"^([^\S\n]*)([#+\-=>]|\d+[.)])")
# Whitespace at the ends of a line, which Markdown drops: written as character references.
# Not the whitespace control characters (\x0b, \x0c, \x1c-\x1f, \x85): a reference to one reads
# as U+FFFD, so at the very end of a line they cannot be carried (JSON and CSV carry them).
_EDGE_SPACE = re.compile(r"^[^\S\n\x0b\x0c\x1c-\x1f\x85]+|[^\S\n\x0b\x0c\x1c-\x1f\x85]+$")


def _markdown_line(line: str) -> str:
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _BLOCK_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
    line = line.replace("\r", "&#13;")  # a line ending to Markdown
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), line)


def _markdown_text(text: str) -> str:
    """`text` as Markdown inline text that renders to exactly `text`. A newline between two
    lines of text is a hard break (a new line in the source); any other newline, which
    Markdown would take for a paragraph's end, is the character reference "&#10;". Control
    characters stay as they are (CommonMark turns references to them into U+FFFD); so NUL,
    and whitespace controls at the very start or end of a line, cannot be carried."""
    lines = text.split("\n")
    out = [_markdown_line(lines[0])]
    for before, line in zip(lines, lines[1:], strict=False):
        out.append("\\\n" if before and line else "&#10;")
        out.append(_markdown_line(line))
    return "".join(out)


def _code_span(text: str) -> str:
    """`text` as a Markdown code span (shown as written): fenced by more backticks than any
    run inside it, with a space inside the fence when it starts or ends with one."""
    if not text.strip() or "\n" in text or "\r" in text:
        return _markdown_text(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" for line in _markdown_text(text).split("\n"))


def to_markdown(clippings: Sequence[Clipping]) -> str:
    """Each quote as a block quote with its citation under it, then the note if any."""
    parts = ["# Clippings\n"]
    for clipping in clippings:
        entry = [
            _blockquote(clipping.quote),
            "",
            f"— {_markdown_text(source_line(clipping))}  ",
            f"{_code_span(shown)}, clipped {clipping.created}"
            if (shown := shown_source(clipping))
            else f"clipped {clipping.created}",
        ]
        if clipping.note:
            entry += ["", f"Note: {_markdown_text(clipping.note)}"]
        parts.append("\n".join(entry) + "\n")
    return "\n".join(parts)


def to_json(clippings: Sequence[Clipping]) -> str:
    """A JSON array of clippings, every field (control characters escaped, as JSON does)."""
    return json.dumps([asdict(clipping) for clipping in clippings], ensure_ascii=False, indent=2) + "\n"


CSV_FIELDS = tuple(field.name for field in fields(Clipping))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
"""How a cell starts that a spreadsheet would run as a formula ("=HYPERLINK(...)" sends what is
around it away, "=cmd|..." ran a program through DDE), and the quote mark that neutralises it."""


def _cell(value: object) -> object:
    """A CSV cell: text a spreadsheet would take for a formula gets a leading quote mark, as
    spreadsheets' own exports write it (and a leading quote mark one more, so `from_csv` takes
    exactly one off and reads back what was saved)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(clippings: Sequence[Clipping]) -> str:
    """CSV with a header row, one clipping per record (fields with newlines are quoted; text
    that a spreadsheet would run as a formula starts with a quote mark, see `_cell`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for clipping in clippings:
        writer.writerow(_cell(value) for value in asdict(clipping).values())
    return out.getvalue()


def export(clippings: Sequence[Clipping], format: str) -> str:
    """The clippings in `format` ("md", "json" or "csv"); the JSON with C1 controls and bidi
    marks as \\u escapes (the same JSON, safe to show)."""
    writers = {"md": to_markdown, "json": to_json, "csv": to_csv}
    if format not in writers:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    text = writers[format](clippings)
    return json_safe(text) if format == "json" else text


def from_json(text: str) -> list[Clipping]:
    """Clippings written by `to_json` (fields added since an export was written take their
    defaults)."""
    return [Clipping(**entry) for entry in json.loads(text)]


def from_csv(text: str) -> list[Clipping]:
    """Clippings written by `to_csv` (empty optional fields read back as None; columns added
    since an export was written take their defaults)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # quotes may be long
    rows = csv.DictReader(io.StringIO(text, newline=""))
    optional = {"speaker", "role", "blog", "author", "start", "end", "id", "speaker_mention", "origin"}
    numbers = {"start", "end", "id"}
    result = []
    for row in rows:
        values: dict[str, object] = {}
        for name, value in row.items():
            if name in optional and value == "":
                values[name] = None
            elif name in numbers:
                values[name] = int(value)
            else:
                values[name] = value[1:] if value.startswith("'") else value  # see `_cell`
        result.append(Clipping(**values))  # type: ignore[arg-type]
    return result


def format_for(path: str, default: str = "md") -> str:
    """The export format a file name asks for by its extension (.md, .markdown, .json, .csv)."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {"md": "md", "markdown": "md", "json": "json", "csv": "csv"}.get(suffix, default)
