"""Building articles and partner files for the syndication tests."""

from __future__ import annotations

from pathlib import Path

from newsconv.syndication import Ledger, SyndicationConfig, load_config


def article(folder: Path, slug: str, body: str = "", *, version: int | None = None,
            lang: str = "en", extra: str = "") -> Path:  # fmt: skip
    """An article file with a fixed guid-friendly slugline and a date."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = [
        "[meta]",
        f"headline: Headline of {slug}",
        f"slugline: {slug}",
        "date: 2024-05-02T08:15:00+00:00",
        "provider: wire.example",
        f"lang: {lang}",
        "summary: A summary line.",
    ]
    if version is not None:
        meta.append(f"version: {version}")
    meta += [line for line in extra.splitlines() if line.strip()]
    meta.append("[/meta]")
    text = body or f"First paragraph of {slug}.\nSecond paragraph of {slug}."
    path = folder / f"{slug}.txt"
    path.write_text("\n".join(meta) + "\n" + text + "\n", encoding="utf-8")
    return path


def guid_of(slug: str) -> str:
    return f"urn:newsml:wire.example:20240502:{slug}"


def partner_file(tmp_path: Path, ledger_table: str, partners: str) -> Path:
    path = tmp_path / "partners.toml"
    path.write_text(ledger_table + "\n" + partners, encoding="utf-8")
    return path


def open_all(path: Path) -> tuple[SyndicationConfig, Ledger]:
    config = load_config(path)
    return config, Ledger(config.ledger.url, config.ledger.lease)


def visible_files(folder: Path) -> list[Path]:
    """What a partner polling ``folder`` sees (temporary dot files are not articles)."""
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
