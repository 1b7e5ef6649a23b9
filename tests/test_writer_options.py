"""Typed writer options: declarations, checks of -O pairs, the listing and shortcut flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsconv.cli import main
from newsconv.writers import registry
from newsconv.writers.base import WriterOptions
from newsconv.writers.options import OptionError, WriterOption, check, declared

from .conftest import EXAMPLE


def test_every_built_in_writer_declares_its_options() -> None:
    for name in registry.names():
        options = declared(registry.get(name))
        assert options is not None, name
        assert all(isinstance(o, WriterOption) for o in options)
        assert len({o.name for o in options}) == len(options), name


def test_declared_defaults_are_valid_values() -> None:
    for name in registry.names():
        for option in declared(registry.get(name)) or ():
            assert option.default == "" or option.problem(option.default) is None, option


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("letter", None), (" A5 ", None), ("b5", "one of a4, a5, legal, letter")],
)
def test_choice_values(raw: str, problem: str | None) -> None:
    page = next(o for o in declared(registry.get("pdf")) or () if o.name == "page-size")
    assert page.problem(raw) == problem


def test_typed_values() -> None:
    size = WriterOption("size", float, "10", "", minimum=6, maximum=30)
    assert size.value(WriterOptions(extra={"size": "12.5"})) == 12.5
    assert size.value(WriterOptions()) == 10.0
    assert size.problem("40") == "a number from 6 to 30"
    assert size.problem("big") == "a number"
    flag = WriterOption("justify", bool, "yes", "")
    assert flag.value(WriterOptions(extra={"justify": "off"})) is False
    assert flag.problem("maybe") == "yes or no"
    with pytest.raises(ValueError, match="expected"):
        size.value(WriterOptions(extra={"size": "big"}))


def test_unknown_key_names_the_writer_and_its_keys() -> None:
    with pytest.raises(OptionError) as caught:
        check({"pdf": registry.get("pdf")}, {"pagesize": "letter"})
    message = str(caught.value)
    assert "'pagesize'" in message and "pdf: page-size, margin, font-size, justify" in message


def test_a_key_read_by_one_of_several_writers_is_accepted() -> None:
    writers = {name: registry.get(name) for name in ("pdf", "newsml")}
    check(writers, {"body": "nitf", "page-size": "letter"})
    with pytest.raises(OptionError, match="newsml writer's option body='markdown'"):
        check(writers, {"body": "markdown"})


def test_a_plugin_without_declarations_gets_its_options_unchecked() -> None:
    class Plain:
        name = "plain"

    check({"plain": Plain()}, {"anything": "goes"})  # type: ignore[dict-item]


def test_cli_refuses_an_unknown_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.pdf"
    assert (
        main(["convert", str(EXAMPLE), "-t", "pdf", "-O", "pagesize=letter", "-o", str(out)]) == 2
    )
    err = capsys.readouterr().err
    assert "unknown writer option 'pagesize'" in err and "page-size" in err
    assert not out.exists()


def test_cli_refuses_a_bad_value_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["convert", str(EXAMPLE), "-t", "all", "--out-dir", str(tmp_path), "-O", "margin=wide"]
    assert main(args) == 2
    assert "the pdf writer's option margin='wide' is not valid" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_page_size_flag_takes_the_declared_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.pdf"
    assert main(["convert", str(EXAMPLE), "-t", "pdf", "--page-size", "legal", "-o", str(out)]) == 0
    assert out.exists()
    assert main(["convert", str(EXAMPLE), "-t", "pdf", "--page-size", "b5", "-o", str(out)]) == 2
    assert "one of a4, a5, legal, letter" in capsys.readouterr().err


def test_formats_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--options"]) == 0
    out = capsys.readouterr().out
    for expected in ("page-size", "a4|a5|legal|letter", "xhtml|xhtml-flat|nitf", "fonts"):
        assert expected in out
