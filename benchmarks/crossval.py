"""Leave-one-source-out cross-validation of the sub-heading rules.

The numbers of the rules (:class:`~newsconv.markup.infer.HeadingTuning`: longest heading,
lead-in length, numbered-heading length, stacked and marked headings) are chosen on the
articles of all sources but one, then scored on the articles of the source left out; every
source is left out once, and the held-out counts are pooled. This is how the rules fare on
articles of a source they were not tuned on. (Which rules exist at all was decided by
reading all of the labelled articles and by tests written for the languages; the
cross-validation measures the tuning, not that design.)

A tuning is chosen for the best sub-heading F1 among those with precision of at least
:data:`PRECISION_FLOOR` on the training sources (the best precision when none reaches it);
ties go to the earlier tuning of :func:`grid`, whose first is the shipped default.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsconv.markup import clean_line, infer_structure
from newsconv.markup.blocks import BlockParser
from newsconv.markup.infer import DEFAULT_TUNING, HeadingTuning
from newsconv.markup.meta import INFERENCE_RULES, apply
from newsconv.markup.report import Reporter
from newsconv.markup.source import split_lines
from newsconv.model import Block, Document, Metadata

PRECISION_FLOOR = 0.97
"""A paragraph shown as a heading is worse than a heading shown as a paragraph."""


def read_sources(corpus: Path) -> dict[str, str]:
    """``file -> source_repo`` from ``manifest.tsv``."""
    with (corpus / "manifest.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["file"]: row["source_repo"] for row in rows}


def grid() -> list[HeadingTuning]:
    """The tunings tried: the shipped default first, then every combination."""
    combos = itertools.product((6, 8, 10), (4, 6, 8), (10, 15), (True, False), (True, False))
    tried = [
        HeadingTuning(max_words, lead_in, numbered, stacked, marked)
        for max_words, lead_in, numbered, stacked, marked in combos
    ]
    return [DEFAULT_TUNING, *(tuning for tuning in tried if tuning != DEFAULT_TUNING)]


def describe(tuning: HeadingTuning) -> str:
    """A short form of a tuning: ``w10 l6 n15 +stacked +marked``."""
    stacked = "+" if tuning.stacked else "-"
    marked = "+" if tuning.marked else "-"
    return (
        f"w{tuning.max_words} l{tuning.lead_in_min_words} n{tuning.numbered_max_words}"
        f" {stacked}stacked {marked}marked"
    )


@dataclass(frozen=True, slots=True)
class Parsed:
    """One article's blocks before inference, parsed once for every tuning."""

    name: str
    blocks: list[Block]
    meta: Metadata
    fixed: frozenset[int]


def parse_blocks(name: str, text: str) -> Parsed:
    """The blocks and metadata of ``text``, as the parser has them before inference."""
    reporter = Reporter(name, False)
    lines = [clean_line(line, reporter) for line in split_lines(text)]
    result = BlockParser(reporter).parse(lines)
    return Parsed(name, result.blocks, apply(Metadata(), result.meta), result.explicit)


def infer_with(parsed: Parsed, tuning: HeadingTuning) -> Document:
    """The article with inference run under ``tuning`` (language left undetected: the
    roles of lines do not depend on it)."""
    rules = frozenset(INFERENCE_RULES)
    blocks, meta = infer_structure(list(parsed.blocks), parsed.meta, rules, parsed.fixed, tuning)
    return Document(tuple(blocks), meta, "und", "ltr", parsed.name)


@dataclass(frozen=True, slots=True)
class Counts:
    """Sub-heading and related-title counts of one group of articles."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self) -> str:
        """``P R F1 tp/fp/fn`` as fixed-width columns."""
        counts = f"{self.tp}/{self.fp}/{self.fn}"
        return f"{self.precision:>6.3f}{self.recall:>7.3f}{self.f1:>7.3f}{counts:>12}"


def role_counts(gold: dict[int, str], predicted: dict[int, str], role: str) -> Counts:
    """True and false positives and false negatives of ``role`` in one article."""
    lines = set(gold) | set(predicted)
    tp = sum(1 for n in lines if gold.get(n) == role and predicted.get(n) == role)
    fp = sum(1 for n in lines if gold.get(n) != role and predicted.get(n) == role)
    fn = sum(1 for n in lines if gold.get(n) == role and predicted.get(n) != role)
    return Counts(tp, fp, fn)


def _better(candidate: Counts, best: Counts) -> bool:
    """Whether ``candidate`` is a better training score than ``best`` (see module doc)."""
    ok, best_ok = candidate.precision >= PRECISION_FLOOR, best.precision >= PRECISION_FLOOR
    if ok != best_ok:
        return ok
    if ok:
        return candidate.f1 > best.f1
    return candidate.precision > best.precision


def choose(per_source: dict[str, dict[HeadingTuning, Counts]], sources: list[str]) -> HeadingTuning:
    """The tuning that scores best on the articles of ``sources`` (pooled)."""
    tunings = grid()
    best, best_counts = tunings[0], _total(per_source[s][tunings[0]] for s in sources)
    for tuning in tunings[1:]:
        counts = _total(per_source[s][tuning] for s in sources)
        if _better(counts, best_counts):
            best, best_counts = tuning, counts
    return best


@dataclass(frozen=True, slots=True)
class Fold:
    """One source left out: the tuning chosen on the others and its held-out scores."""

    source: str
    files: int
    tuning: HeadingTuning
    sub: Counts
    related: Counts
    sub_without: Counts
    """The held-out sub-heading counts without the file :data:`LEFT_ASIDE`."""


LEFT_ASIDE = "ar/057.txt"
"""The file whose 133 dream titles dominate the sub-heading count."""
RolesOf = Callable[[Document, str], dict[int, str]]
"""``(document, file name) -> {line: role}``: how the benchmark reads a model back."""


def cross_validate(
    parsed: list[Parsed],
    gold: dict[str, dict[int, str]],
    sources: dict[str, str],
    roles_of: RolesOf,
) -> tuple[list[Fold], HeadingTuning]:
    """The held-out folds, one a source, and the tuning chosen on every source."""
    per_article: dict[str, dict[HeadingTuning, Counts]] = {a.name: {} for a in parsed}
    related: dict[str, Counts] = {}
    for tuning in grid():
        for article in parsed:
            predicted = roles_of(infer_with(article, tuning), article.name)
            per_article[article.name][tuning] = role_counts(
                gold[article.name], predicted, "subheading"
            )
            if tuning == DEFAULT_TUNING:
                related[article.name] = role_counts(gold[article.name], predicted, "related")
    names = sorted(set(sources[a.name] for a in parsed))
    members = {source: [a.name for a in parsed if sources[a.name] == source] for source in names}
    per_source = {
        source: {t: _total(per_article[n][t] for n in files) for t in grid()}
        for source, files in members.items()
    }
    folds = []
    for held_out in names:
        tuning = choose(per_source, [s for s in names if s != held_out])
        files = members[held_out]
        folds.append(
            Fold(
                held_out,
                len(files),
                tuning,
                per_source[held_out][tuning],
                _total(related[n] for n in files),
                _total(per_article[n][tuning] for n in files if n != LEFT_ASIDE),
            )
        )
    return folds, choose(per_source, names)


def _total(counts: Iterable[Counts]) -> Counts:
    return sum(counts, Counts())


def fold_table(folds: list[Fold]) -> str:
    """Per held-out source: the tuning chosen without it and the scores on it; then the
    held-out counts pooled over all sources, with and without :data:`LEFT_ASIDE`."""
    header = (
        f"{'held-out source':<44}{'files':>6}  {'sub P':>6}{'sub R':>7}{'sub F1':>7}"
        f"{'tp/fp/fn':>12}  {'rel P':>6}{'rel R':>7}{'rel F1':>7}{'tp/fp/fn':>12}"
        "  tuned on the rest"
    )
    rows = [header, "-" * len(header)]
    for fold in folds:
        rows.append(
            f"{fold.source:<44}{fold.files:>6}  {fold.sub.row()}  {fold.related.row()}"
            f"  {describe(fold.tuning)}"
        )
    sub = _total(fold.sub for fold in folds)
    rel = _total(fold.related for fold in folds)
    without = _total(fold.sub_without for fold in folds)
    files = sum(fold.files for fold in folds)
    rows.append(f"{'pooled held-out':<44}{files:>6}  {sub.row()}  {rel.row()}")
    aside = f"pooled held-out w/o {LEFT_ASIDE[:-4]}"
    rows.append(f"{aside:<44}{files - 1:>6}  {without.row()}")
    return "\n".join(rows)
