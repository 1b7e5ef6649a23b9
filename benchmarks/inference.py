"""Structure inference measured against the hand labels of the shared real-article corpus.

The headline figure is leave-one-source-out cross-validation (:mod:`crossval`): the
sub-heading rules are tuned on the articles of all sources but one and scored on the
source left out, in turn; per held-out source and pooled. The in-sample scores follow.

Every corpus file is parsed with inference on; each model block is mapped back to the
source line it came from (``Position.line``) and compared with ``corpus/labels.tsv``:

* precision, recall and F1 of sub-headings and of related-article titles,
* headline accuracy (line 1 taken as the headline, or a derived one when line 1 is empty),
* document-language accuracy against the folder (``mixed`` articles are Arabic),

per language folder, overall, and overall without ``ar/057`` (whose 133 dream titles
dominate the sub-heading count). A confusion list of the worst misses follows, then
parse throughput with inference against the same parse without it.

Run: ``python benchmarks/inference.py [--top 30] [--corpus DIR] [--no-crossval]``.
The corpus is found through ``NEWSCONV_SHARED`` or ``../shared`` next to the repository.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newsconv.markup import parse_document
from newsconv.markup.infer import DEFAULT_TUNING, HeadingTuning
from newsconv.model import (
    Block,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    Paragraph,
    Quote,
    RelatedList,
)

try:
    from . import crossval
    from .common import CORPUS
except ImportError:  # run as a script
    import crossval  # type: ignore[no-redef]
    from common import CORPUS  # type: ignore[no-redef]

FOLDER_LANGUAGE = {"ar": "ar", "fa": "fa", "en": "en", "mixed": "ar"}
"""The document language each corpus folder stands for (mixed articles are Arabic)."""
DOMINANT = "ar/057.txt"
"""The file whose 133 dream titles dominate the sub-heading count."""
SCORED_ROLES = ("subheading", "related")


def corpus_dir(explicit: str | None = None) -> Path:
    """The corpus folder: the argument, else ``$NEWSCONV_SHARED/corpus`` or ``../shared``."""
    return Path(explicit) if explicit else CORPUS


# ----------------------------------------------------------------------------- gold and predictions


@dataclass(frozen=True, slots=True)
class Article:
    """One labelled corpus file: its gold roles and what inference made of it."""

    name: str
    folder: str
    lines: tuple[str, ...]
    gold: dict[int, str]
    predicted: dict[int, str]
    document: Document


def read_labels(corpus: Path) -> dict[str, dict[int, str]]:
    """``file -> {line: role}`` from ``labels.tsv``."""
    labels: dict[str, dict[int, str]] = defaultdict(dict)
    with (corpus / "labels.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            labels[row["file"]][int(row["line"])] = row["role"]
    return dict(labels)


def predicted_roles(doc: Document, lines: tuple[str, ...]) -> dict[int, str]:
    """``line -> role`` of the model: every block is traced back to its source line."""
    roles: dict[int, str] = {}
    for line, role in _block_roles(doc.blocks):
        roles.setdefault(line, role)
    headline_line = _headline_line(doc, lines, roles)
    if headline_line is not None:
        roles[headline_line] = "headline"
    return roles


def _block_roles(blocks: Iterable[Block]) -> Iterator[tuple[int, str]]:
    for block in blocks:
        match block:
            case Heading():
                yield block.pos.line, "subheading"
            case Paragraph():
                yield block.pos.line, "paragraph"
            case RelatedList():
                yield from ((item.pos.line, "related") for item in block.items)
            case Figure():
                yield block.pos.line, "other"
            case Columns() | Quote() | Box():
                yield from _block_roles(block.children)


def _headline_line(doc: Document, lines: tuple[str, ...], roles: dict[int, str]) -> int | None:
    """The source line a non-derived headline was taken from (the first non-empty line)."""
    if not doc.meta.headline or doc.meta.headline_derived:
        return None
    first = next((n for n, text in enumerate(lines, 1) if text.strip()), None)
    return first if first is not None and first not in roles else None


def load_articles(corpus: Path) -> list[Article]:
    """Every labelled file of the corpus, parsed with inference on."""
    labels = read_labels(corpus)
    articles = []
    for name in sorted(labels):
        path = corpus / name
        text = path.read_text(encoding="utf-8")
        lines = tuple(text.split("\n"))
        doc, _diagnostics = parse_document(text, source=name)
        predicted = predicted_roles(doc, lines)
        folder = name.split("/")[0]
        articles.append(Article(name, folder, lines, labels[name], predicted, doc))
    return articles


# ----------------------------------------------------------------------------- scores


@dataclass(slots=True)
class Tally:
    """Counts for one group of articles."""

    true_pos: Counter[str] = field(default_factory=Counter)
    false_pos: Counter[str] = field(default_factory=Counter)
    false_neg: Counter[str] = field(default_factory=Counter)
    files: int = 0
    headlines_right: int = 0
    languages_right: int = 0

    def add(self, article: Article) -> None:
        """Count one article's lines, headline and language."""
        self.files += 1
        self.headlines_right += headline_right(article)
        self.languages_right += article.document.lang == FOLDER_LANGUAGE[article.folder]
        for line in set(article.gold) | set(article.predicted):
            gold, pred = article.gold.get(line), article.predicted.get(line)
            for role in SCORED_ROLES:
                if gold == role and pred == role:
                    self.true_pos[role] += 1
                elif pred == role:
                    self.false_pos[role] += 1
                elif gold == role:
                    self.false_neg[role] += 1

    def precision(self, role: str) -> float:
        """Share of predicted ``role`` lines that are gold ``role`` (1.0 when none predicted)."""
        predicted = self.true_pos[role] + self.false_pos[role]
        return self.true_pos[role] / predicted if predicted else 1.0

    def recall(self, role: str) -> float:
        """Share of gold ``role`` lines that were predicted (1.0 when there are none)."""
        gold = self.true_pos[role] + self.false_neg[role]
        return self.true_pos[role] / gold if gold else 1.0

    def f1(self, role: str) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision(role), self.recall(role)
        return 2 * p * r / (p + r) if p + r else 0.0


def headline_right(article: Article) -> bool:
    """Line 1 labelled headline and taken as it; or no title and a derived headline."""
    gold_lines = [line for line, role in article.gold.items() if role == "headline"]
    predicted = [line for line, role in article.predicted.items() if role == "headline"]
    if gold_lines:
        return predicted == gold_lines
    return article.document.meta.headline_derived


def tallies(articles: list[Article]) -> dict[str, Tally]:
    """One tally per folder, ``all``, and ``all w/o ar/057``."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for article in articles:
        for group in (article.folder, "all"):
            groups[group].add(article)
        if article.name != DOMINANT:
            groups[f"all w/o {DOMINANT[:-4]}"].add(article)
    order = [*FOLDER_LANGUAGE, "all", f"all w/o {DOMINANT[:-4]}"]
    return {name: groups[name] for name in order if name in groups}


# ----------------------------------------------------------------------------- report


def score_table(groups: dict[str, Tally]) -> str:
    """The scores as a fixed-width table."""
    header = (
        f"{'group':<16}{'files':>6}  {'sub P':>6}{'sub R':>7}{'sub F1':>7}{'tp/fp/fn':>12}"
        f"  {'rel P':>6}{'rel R':>7}{'rel F1':>7}{'tp/fp/fn':>10}  {'headline':>9}{'lang':>7}"
    )
    rows = [header, "-" * len(header)]
    for name, t in groups.items():
        sub = f"{t.true_pos['subheading']}/{t.false_pos['subheading']}/{t.false_neg['subheading']}"
        rel = f"{t.true_pos['related']}/{t.false_pos['related']}/{t.false_neg['related']}"
        rows.append(
            f"{name:<16}{t.files:>6}  {t.precision('subheading'):>6.3f}"
            f"{t.recall('subheading'):>7.3f}{t.f1('subheading'):>7.3f}{sub:>12}"
            f"  {t.precision('related'):>6.3f}{t.recall('related'):>7.3f}"
            f"{t.f1('related'):>7.3f}{rel:>10}  {t.headlines_right / t.files:>9.3f}"
            f"{t.languages_right / t.files:>7.3f}"
        )
    return "\n".join(rows)


@dataclass(frozen=True, slots=True)
class Miss:
    """One line whose predicted role differs from its label in a scored way."""

    name: str
    line: int
    gold: str
    predicted: str
    text: str


def misses(articles: list[Article]) -> list[Miss]:
    """Sub-heading, related and headline errors, worst files (most errors) first."""
    found: list[Miss] = []
    for article in articles:
        for line in sorted(set(article.gold) | set(article.predicted)):
            gold = article.gold.get(line, "-")
            pred = article.predicted.get(line, "-")
            if gold != pred and {gold, pred} & {*SCORED_ROLES, "headline"}:
                text = article.lines[line - 1] if line <= len(article.lines) else ""
                found.append(Miss(article.name, line, gold, pred, text))
    per_file = Counter(miss.name for miss in found)
    return sorted(found, key=lambda m: (-per_file[m.name], m.name, m.line))


def confusion_list(found: list[Miss], top: int) -> str:
    """The first ``top`` misses, one a line, with a role-pair summary."""
    pairs = Counter((miss.gold, miss.predicted) for miss in found)
    summary = ", ".join(f"{g}->{p}: {n}" for (g, p), n in pairs.most_common())
    rows = [f"misses: {len(found)} ({summary})"]
    for miss in found[:top]:
        words = len(miss.text.split())
        snippet = " ".join(miss.text.split())[:70]
        rows.append(
            f"  {miss.name}:{miss.line:<4} {miss.gold:>10} -> {miss.predicted:<10} "
            f"{words:>3}w  {snippet}"
        )
    return "\n".join(rows)


def language_errors(articles: list[Article]) -> str:
    """Articles whose detected language is not their folder's."""
    wrong = [
        f"  {a.name}: {a.document.lang} (expected {FOLDER_LANGUAGE[a.folder]})"
        for a in articles
        if a.document.lang != FOLDER_LANGUAGE[a.folder]
    ]
    return "\n".join(["language errors: " + str(len(wrong)), *wrong])


def direction_summary(articles: list[Article]) -> str:
    """Per folder: paragraphs, headings and related titles whose direction is marked
    against their document's, by the language they were given."""
    marked: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for lang, _dir in _marked_nodes(article.document.blocks):
            marked[article.folder][lang or f"({article.document.lang})"] += 1
    rows = ["marked against the document direction (by language):"]
    for folder in FOLDER_LANGUAGE:
        counts = ", ".join(f"{lang} {n}" for lang, n in marked[folder].most_common()) or "none"
        rows.append(f"  {folder:<6} {counts}")
    return "\n".join(rows)


def _marked_nodes(blocks: Iterable[Block]) -> Iterator[tuple[str | None, str]]:
    for block in blocks:
        match block:
            case Paragraph() | Heading() if block.dir is not None:
                yield block.lang, block.dir
            case RelatedList():
                yield from ((i.lang, i.dir) for i in block.items if i.dir is not None)
            case Columns() | Quote() | Box():
                yield from _marked_nodes(block.children)


def throughput(corpus: Path, repeats: int) -> str:
    """Parse speed with inference against the same parse without it (language detection
    runs in both). Passes alternate and the fastest of each counts, to damp noise."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*/*.txt"))]
    size = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best = {False: float("inf"), True: float("inf")}
    for _ in range(repeats):
        for flag in best:
            best[flag] = min(best[flag], _time_parse(texts, flag))
    rows = [
        f"parse infer={flag!s:<5}: {len(texts) / secs:8.1f} docs/s {size / secs:6.2f} MB/s"
        for flag, secs in best.items()
    ]
    rows.append(f"inference cost: x{best[True] / best[False]:.3f} of the plain parse")
    return "\n".join(rows)


def _time_parse(texts: list[str], infer: bool) -> float:
    start = time.perf_counter()
    for text in texts:
        parse_document(text, infer=infer)
    return time.perf_counter() - start


def held_out(corpus: Path) -> tuple[list[crossval.Fold], HeadingTuning]:
    """The leave-one-source-out folds and the tuning chosen on all sources."""
    labels = read_labels(corpus)
    sources = crossval.read_sources(corpus)
    texts = {name: (corpus / name).read_text(encoding="utf-8") for name in sorted(labels)}
    lines = {name: tuple(text.split("\n")) for name, text in texts.items()}
    parsed = [crossval.parse_blocks(name, text) for name, text in texts.items()]

    def roles_of(doc: Document, name: str) -> dict[int, str]:
        return predicted_roles(doc, lines[name])

    return crossval.cross_validate(parsed, labels, sources, roles_of)


def held_out_report(corpus: Path) -> str:
    """The leave-one-source-out table, and the tuning all sources choose against the
    shipped one."""
    folds, chosen = held_out(corpus)
    shipped = crossval.describe(DEFAULT_TUNING)
    verdict = "the shipped one" if chosen == DEFAULT_TUNING else f"NOT {shipped}"
    return "\n".join(
        [
            "held out: sub-heading rules tuned on the other sources, scored on each source",
            crossval.fold_table(folds),
            f"tuning chosen on all sources: {crossval.describe(chosen)} ({verdict})",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Print the held-out and in-sample score tables, language errors, the worst misses
    and the throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: $NEWSCONV_SHARED/corpus)")
    parser.add_argument("--top", type=int, default=30, help="misses to list")
    parser.add_argument("--repeats", type=int, default=5, help="throughput passes")
    parser.add_argument("--no-crossval", action="store_true", help="in-sample scores only")
    args = parser.parse_args(argv)
    corpus = corpus_dir(args.corpus)
    if not (corpus / "labels.tsv").exists():
        print(f"no labelled corpus at {corpus}", file=sys.stderr)
        return 2
    if not args.no_crossval:
        print(held_out_report(corpus))
        print()
    articles = load_articles(corpus)
    print("in sample: the shipped rules on every labelled article")
    print(score_table(tallies(articles)))
    print()
    print(language_errors(articles))
    print(direction_summary(articles))
    print()
    print(confusion_list(misses(articles), args.top))
    print()
    print(throughput(corpus, args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
