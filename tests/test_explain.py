"""``newsconv inspect --explain``: each line's role and the rule that decided it."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsconv.api import explain
from newsconv.cli import main

ARTICLE = "\n".join(
    [
        "Water mains to be replaced",
        "The city council said on Tuesday that work to replace the old water mains would begin.",
        "The first phase",
        "Eastern districts",
        "Residents will be told at least two days before their supply is cut, the mayor said.",
        "Date: 12 March 2024",
        "The engineer in charge said that the",
        "new pipes should last fifty years.",
        "[p]Short line[/p]",
        "<h3>Funding</h3>",
        "The project is expected to cost about twenty million pounds, half of it from a loan.",
        "See also",
        "Council names the streets where digging starts first",
        "Bottled water prices rise in local shops",
    ]
)


def rows(text: str) -> dict[int, tuple[str, str]]:
    """``line -> (role, reason)`` from an explanation."""
    found = {}
    for row in text.splitlines():
        head, _bar, _snippet = row.partition("  | ")
        number, role_and_why = head.split(maxsplit=1)
        role, why = (part.strip() for part in role_and_why.split("  ", 1))
        found[int(number)] = (role, why.strip())
    return found


def test_every_line_gets_its_role_and_reason() -> None:
    explained = rows(explain(ARTICLE))
    assert explained[1] == ("headline", "title-like first line: 5 words")
    assert explained[2][0] == "paragraph" and explained[2][1].startswith("running text")
    assert explained[3] == ("heading", "two short lines between body and body text")
    assert explained[4][0] == "heading 2"
    assert explained[6] == ("paragraph", "a 'Label: value' fact line, 4 words")
    assert explained[7] == ("paragraph", "ends with «the», which goes on in the next line")
    assert explained[9] == ("paragraph", "marked explicitly")
    assert explained[10] == ("heading 2", "marked explicitly")
    assert explained[12] == ("related label", "a «Read more» label: the title of the list")
    assert explained[13] == ("related", "a title after a «Read more» label")


def test_explanations_follow_the_source_order_and_cover_every_line() -> None:
    numbers = [int(row.split()[0]) for row in explain(ARTICLE).splitlines()]
    assert numbers == list(range(1, 15))


def test_without_inference_every_line_is_what_its_shape_says() -> None:
    explained = rows(explain(ARTICLE, infer=False))
    assert explained[3][0] == "paragraph"
    assert explained[3][1].startswith("short")


def test_inspect_explain_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert main(["inspect", "--explain", str(source)]) == 0
    out = capsys.readouterr().out
    assert out == explain(ARTICLE, source=str(source))
    assert "two short lines between body and body text" in out
