"""Making article text safe to print to a terminal.

Article text is data: an ESC byte or a C1 control in it must show as text, never reach
the terminal as a control sequence, and bidirectional overrides must not reorder what
the user sees.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, the bidi embedding/override/
# isolate characters that can make a line display differently from what it contains, and
# lone surrogates (undecodable bytes in file names) that no terminal encoding can print.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

_BIDI_MARKS = re.compile("[\u061c\u200e\u200f]")
"""The bidirectional marks (ALM, LRM, RLM): invisible, and able to reorder the characters around
them on a pasted command line, so that what runs is not what was read."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Return `text` with every control character shown as an escape (`\\x1b`)."""
    return _UNSAFE.sub(_escape, text)


def terminal_safe_line(text: str) -> str:
    """Like `terminal_safe`, and newlines shown as `\\n` too: one line stays one line (a
    file name with a newline cannot fake a second message)."""
    return terminal_safe(text).replace("\n", "\\n")


def clipboard_safe(text: str) -> str:
    """The text to put on a clipboard: what `terminal_safe` shows, so the clipboard holds the
    same text as the notification that reports the copy.

    A clipboard is pasted into shells and editors: an ESC there can end a bracketed paste
    (`ESC[201~`) and let the rest run as typed commands, and `^U`/`^O`/CR act as keys. Tabs
    and newlines stay (they are the quote's own layout and inert inside a bracketed paste).
    The bidi marks (LRM, RLM, ALM) are escaped too: invisible, they reorder what a pasted
    command line shows around them, so that what runs is not what was read.
    """
    return _BIDI_MARKS.sub(_escape, terminal_safe(text))


def json_safe(json_text: str) -> str:
    """Escape the controls that `json.dumps(ensure_ascii=False)` leaves raw (DEL, C1, bidi).

    The result is still valid JSON with the same value.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
