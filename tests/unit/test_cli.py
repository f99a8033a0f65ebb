"""The command line: extract, exit codes, help, and terminal-safe output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flagreader.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_json_on_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", "--json")
    assert code == 0 and err == ""
    document = json.loads(out)
    assert document["skipped"] == [] and document["notices"] == []
    first, second = document["articles"]
    assert first["title"] == "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"
    assert second["title"] == "Kazakhstan Says It Won't Prosecute Four Men It Stopped From Joining IS"
    for article in (first, second):
        assert article["author"] == "Joanna Paraszczuk"
        assert article["blog"] == "Under The Black Flag"
        assert "Accessibility links" not in article["body"] and "Latest Posts" not in article["body"]
        assert set(article) >= {
            "id",
            "source",
            "title",
            "author",
            "blog",
            "caption",
            "body",
            "paragraphs",
            "published",
        }
        for paragraph in article["paragraphs"]:
            assert set(paragraph) == {"start", "end", "kind"}
    assert (
        first["caption"] == "Deputy Chairman of Kazakhstan's National Security Committee Nurgali Bilisbekov"
    )


def test_extract_json_reports_skipped_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text("Good\n\nBody.\n")
    (tmp_path / "empty.txt").write_text("")
    code, out, _ = run(capsys, "extract", str(tmp_path), "--json")
    assert code == 0
    assert json.loads(out)["skipped"] == [
        {"source": str(tmp_path / "empty.txt"), "reason": "empty file (0 bytes)"}
    ]


def test_readable_summary_and_problems_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text("Good Title\n\nBy Jane Doe\n\nBody text here.\n")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x00")
    code, out, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert out.startswith("Good Title\n  Jane Doe\n")
    assert "1 paragraphs, 3 words" in out
    assert err == f"skipped: {tmp_path / 'blob.txt'}: binary file: contains NUL bytes\n"


def test_exit_1_when_nothing_could_be_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "nope"))
    assert code == 1
    assert "no such file or folder" in err and "nothing could be loaded" in err
    code, out, _ = run(capsys, "extract", "--json", str(tmp_path / "nope"))
    assert code == 1 and json.loads(out)["articles"] == []


def test_exit_2_on_usage_errors_and_0_on_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "extract", "--no-such-option")[0] == 2
    assert run(capsys, "--max-size", "lots")[0] == 2
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "flagreader extract" in out
    code, out, _ = run(capsys, "extract", "--help")
    assert code == 0 and "--json" in out


def test_search_without_a_query_says_only_the_query_is_needed(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search")
    assert code == 2
    assert "a QUERY is needed" in err and "flagreader search QUERY [PATH ...]" in err
    assert "required" not in err  # argparse's own message named the optional PATH as required
    code, out, _ = run(capsys, "search", "bilisbekv", "--limit", "1")
    assert code == 0 and "Bilisbekov" in out


@pytest.mark.parametrize("command", [[], ["extract"], ["search"], ["clippings"]])
def test_every_command_s_help_shows_an_example(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    code, out, _ = run(capsys, *command, "--help")
    assert code == 0
    examples = out[out.index("examples:") :].splitlines()[1:]
    assert examples and all(line.strip().startswith("flagreader") for line in examples if line.strip())
    assert any(" ".join(["flagreader", *command]) in line for line in examples)


def test_usage_errors_echo_arguments_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """A file named `--x<OSC 52>.txt`, passed by a shell glob, is an unknown option: argparse
    echoes it, and that echo must not set the terminal's clipboard."""
    for argv, shown in (
        (["--x\x1b]52;c;cHduZWQ=\x07.txt"], "--x\\x1b]52;c;cHduZWQ=\\x07.txt"),
        (["extract", "--x\x9b2J"], "--x\\x9b2J"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and shown in err
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err), err


def test_max_size_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "big.txt").write_text("Big\n\n" + "word " * 1000)
    code, _, err = run(capsys, "extract", "--max-size", "0.001", str(tmp_path))
    assert code == 1 and "too large: 5.0 KB (the limit is 1.0 KB)" in err


def test_article_text_never_reaches_the_terminal_as_control_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "evil.txt").write_text(
        "Evil \x1b]0;pwned\x07 Title\n\nRed \x1b[31mtext\x9b2J and \u202eright-to-left.\n"
    )
    code, out, _ = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\u202e" not in out
    assert "Evil \\x1b]0;pwned\\x07 Title" in out
    code, out, _ = run(capsys, "extract", "--json", str(tmp_path))
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    body = json.loads(out)["articles"][0]["body"]
    assert body == "Red \x1b[31mtext\x9b2J and \u202eright-to-left."  # escaped in JSON, not altered


def test_open_without_a_reader_lists_the_articles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert out.splitlines()[0].startswith("Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'")


def test_python_dash_m_and_the_console_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flagreader", "extract", "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2


def test_closed_pipe_is_not_an_error() -> None:
    script = "import sys; from flagreader.cli import main; sys.exit(main(['extract', '--json']))"
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    assert process.wait(timeout=30) == 0
    assert b"Traceback" not in process.stderr.read()


def test_search_command_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "bilisbekv deceived", "--json", "--limit", "1")
    assert code == 0
    document = json.loads(out)
    (hit,) = document["hits"]
    assert hit["title"] == "Kazakhs Fighting With IS Are 'Victims Of Radical Propaganda'"
    assert hit["field"] == "quote"
    assert [hit["snippet"][s:e] for s, e in hit["marks"]] == ["deceived"]
    code, out, _ = run(capsys, "search", "zharylgasov population")
    assert code == 0
    assert out.startswith(" 1. Kazakhstan Says It Won't Prosecute Four Men")
    assert "«Zharylgasov»" in out  # not a terminal: matches between « »


def test_search_command_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "search")[0] == 2
    assert run(capsys, "search", "x", "--limit", "0")[0] == 2
    code, _, err = run(capsys, "search", "qqqqqqqq")
    assert code == 0 and "no matches" in err


def test_many_duplicates_are_reported_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for number in range(5):
        (tmp_path / f"{number}.txt").write_text("Same Title\n\nSame body.\n")
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 0
    assert err == "skipped: 4 files with the same text as a file already loaded\n"


def test_file_names_that_are_not_text_or_hold_a_newline_stay_on_one_printable_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "caf\udce9\nskipped: fake.txt"  # an undecodable byte and a newline
    odd.write_bytes(b"")
    code, out, err = run(capsys, "extract", str(tmp_path), "--json")
    assert code == 1
    assert "\udce9" not in out and json.loads(out)["skipped"][0]["source"].endswith(
        "\udce9\nskipped: fake.txt"
    )
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert "\\udce9" in err and err.count("\n") == 2  # the skipped line and "nothing could be loaded"


@pytest.mark.parametrize("size", ["inf", "nan", "1e-9", "0", "-1"])
def test_max_size_must_be_a_real_size(size: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "extract", "--max-size", size)[0] == 2


def test_the_reader_stopping_on_an_error_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Textual shows the error and stops; the exit code said 0."""
    from textual.app import App

    from flagreader.ui.app import FlagreaderApp

    def broken(self: FlagreaderApp) -> None:
        raise RuntimeError("a bug")

    real_run = App.run
    monkeypatch.setattr(FlagreaderApp, "on_mount", broken)
    monkeypatch.setattr(App, "run", lambda self, **kwargs: real_run(self, headless=True))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([]) == 1
