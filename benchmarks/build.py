#!/usr/bin/env python3
"""Build benchmark: how long the Casebook plugin takes compared with plain MkDocs + Material.

For each library size N the script

1. copies ``mkdocs.yml``, ``docs/`` and ``overrides/`` into a temporary project and
   writes N synthetic, valid cases (seeded pseudo-words, both languages) into its
   ``cases/`` (the real cases are not copied: the site has exactly N cases);
2. checks them once with ``casebook.loader.load_cases`` (the ``check`` time);
3. times the plugin's own stages (load, index, generate), each run in a new process;
4. writes the same Markdown once with ``casebook.pages.tree.write_markdown_tree``
   (what ``casebook render`` writes) as the baseline project;
5. runs, alternating, ``python -m mkdocs build`` on the project (plugin) and on the
   baseline tree (plain MkDocs + Material, no plugin), ``--repeat`` times each,
   measuring wall time and each build's own peak RSS;
6. times the post-processing (search split and the per-page hooks) in-process.

The last line printed is always
``cases=N build_s=… baseline_s=… overhead=… peak_mib=…`` (for the largest size).
See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import multiprocessing
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the script also runs without the editable install

from casebook.i18n import Labels, load_labels  # noqa: E402
from casebook.loader import load_cases, load_taxonomy  # noqa: E402
from casebook.model import Taxonomy  # noqa: E402
from casebook.pages import Site, SiteOptions, render_site  # noqa: E402
from casebook.pages.tree import write_markdown_tree  # noqa: E402
from casebook.plugin.language import alternates, configure_search  # noqa: E402
from casebook.plugin.search import split_search_index  # noqa: E402
from casebook.resources import TAXONOMY_DIR  # noqa: E402

T = TypeVar("T")

SCHEMA_LINE = "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json"
PROJECT_FILES = ("mkdocs.yml", "docs", "overrides")
TIME_BINARY = "/usr/bin/time"
LANGUAGES = ("en", "it")

# --------------------------------------------------------------------------------------
# Synthetic cases
# --------------------------------------------------------------------------------------


def _parts(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Pseudo-words are built from syllables: English-looking ones (consonant endings, no
# accents) and Italian-looking ones (vowel endings, some accents and elisions), so that
# the two languages differ like real text does (word length, stop words, Unicode).
_EN_ONSETS = _parts(
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k l m n p pl pr r s sh sl st t th tr v w wh y"
)
_EN_NUCLEI = _parts("a e i o u a e i o ea oo ai ou ee")
_EN_CODAS = (*_parts("n t d s k m l r st ck ng rd sh th ll mp nd ss x"), "")
_IT_ONSETS = _parts("b c ch d f g gh gl gn l m n p r s sc st t v z br cr pr tr")
_IT_NUCLEI = _parts("a e i o u a e i o ia io ie uo")
_IT_ENDINGS = _parts("a e i o a e i o zione mente ello etta ato ità è ù oso")

_KINDS = ("blog-post", "article", "social-media-post", "comment", "email", "interview", "report", "video")
_COUNTRIES = ("GB", "IT", "US", "IE", "FR", "DE", "ES", "NL", "AU", "CA", "CH", "SE")
#: How often each touchpoint is used, relative to the others (unlisted: 1).
_TOUCHPOINT_WEIGHTS = {"website": 6, "email": 5, "phone": 4, "twitter": 2, "store": 3, "mobile-app": 2}
#: Words per language, per case, of each kind of text (summary, all moments, lessons, questions).
_WORD_BUDGET = {"summary": 70, "moments": 260, "lessons": 105, "questions": 65}


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank + 1) ** exponent for rank in range(count)]


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    cumulative = []
    for weight in weights:
        total += weight
        cumulative.append(total)
    return cumulative


class Vocabulary:
    """A seeded list of pseudo-words with a Zipf-like frequency, like a real language.

    The most frequent words are short "function words", as in real text; the rest are
    longer "content words".
    """

    def __init__(self, rng: random.Random, function_words: list[str], content_words: list[str]) -> None:
        self.rng = rng
        self.words = [*function_words, *content_words]
        self.content_words = content_words
        self._cumulative = _cumulative(_zipf_weights(len(self.words), 1.0))

    @classmethod
    def english(cls, rng: random.Random, size: int = 3000) -> Vocabulary:
        def function_word() -> str:
            return rng.choice("bdfghklmnprstvwz") + rng.choice("aeiou") + rng.choice(("", "n", "r", "s", "t"))

        def word() -> str:
            syllables = rng.choices((1, 2, 3), weights=(3, 5, 2))[0]
            parts = [rng.choice(_EN_ONSETS) + rng.choice(_EN_NUCLEI) for _ in range(syllables)]
            return "".join(parts) + rng.choice(_EN_CODAS[:-1] if syllables == 1 else _EN_CODAS)

        return cls(rng, _unique(function_word, 30, rng), _unique(word, size, rng))

    @classmethod
    def italian(cls, rng: random.Random, size: int = 3000) -> Vocabulary:
        def function_word() -> str:
            return rng.choice("cdlmnpstv") + rng.choice("aeio") + rng.choice(("", "", "l", "n", "r"))

        def word() -> str:
            syllables = rng.choices((1, 2, 3), weights=(2, 5, 3))[0]
            # A quarter of the words start with a vowel, and so take elisions (l'..., dell'...).
            onsets = ["" if rng.random() < 0.25 else rng.choice(_IT_ONSETS)]
            onsets += [rng.choice(_IT_ONSETS) for _ in range(syllables - 1)]
            stem = "".join(onset + rng.choice(_IT_NUCLEI) for onset in onsets)
            return stem + rng.choice(_IT_ONSETS) + rng.choice(_IT_ENDINGS)

        return cls(rng, _unique(function_word, 30, rng), _unique(word, size, rng))

    def pick(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self._cumulative, k=count)


#: Random syllables sometimes spell a rude word: such pseudo-words are skipped.
_AVOID = ("piss", "shit", "fuck", "cunt", "cock", "dick", "bastard", "slut", "whore", "tits", "wank", "twat")


def _unique(make: Callable[[], str], size: int, rng: random.Random) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < size:
        word = make()
        if not any(rude in word for rude in _AVOID):
            seen.setdefault(word, None)
    words = list(seen)
    rng.shuffle(words)
    return words


@dataclass
class _Writer:
    """Writes pseudo-text in one language, with the Markdown a contributor would use."""

    rng: random.Random
    vocabulary: Vocabulary
    italian: bool

    def sentence(self, words: int, end: str = ".") -> str:
        picked = self.vocabulary.pick(words)
        if self.italian:
            # Elisions (l'..., dell'...) and an accent here and there, as in Italian text.
            picked = [
                f"{self.rng.choice(('l', 'dell', 'un', 'all'))}'{word}"
                if word[0] in "aeiou" and self.rng.random() < 0.3
                else word
                for word in picked
            ]
        if words > 8 and self.rng.random() < 0.5:
            comma = self.rng.randrange(3, words - 3)
            picked[comma] += ","
        if self.rng.random() < 0.12:
            position = self.rng.randrange(words)
            picked[position] = f"*{picked[position]}*"
        elif self.rng.random() < 0.05:
            position = self.rng.randrange(words - 1)
            picked[position] = f"**{picked[position]}"
            picked[position + 1] = f"{picked[position + 1]}**"
        text = " ".join(picked)
        return text[0].upper() + text[1:] + end

    def paragraph(self, words: int, end: str = ".", links: list[str] | None = None) -> str:
        """About ``words`` words in sentences of 6 to 20 words, with case or web links if given."""
        sentences = []
        left = words
        while left > 0:
            length = min(max(self.rng.randint(6, 20), 4), max(left, 4))
            sentences.append(self.sentence(length, end if left - length <= 0 else "."))
            left -= length
        for target in links or []:
            label = " ".join(self.vocabulary.pick(self.rng.randint(2, 4)))
            link = f"[{label}]({target})" if self.rng.random() < 0.85 else f"[]({target})"
            position = self.rng.randrange(len(sentences))
            sentences[position] = sentences[position][:-1] + f", {link}" + sentences[position][-1]
        return " ".join(sentences)

    def title(self) -> str:
        text = " ".join(self.vocabulary.pick(self.rng.randint(7, 13)))
        return text[0].upper() + text[1:]


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    return [max(8, round(weight * scale)) for weight in weights]


def _partial_date(rng: random.Random, first_year: int, last_year: int, unknown: float) -> str | int:
    roll = rng.random()
    year = rng.randint(first_year, last_year)
    if roll < unknown:
        return "unknown"
    if roll < unknown + 0.35:
        day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        return day.isoformat()
    if roll < unknown + 0.6:
        return f"{year}-{rng.randint(1, 12):02d}"
    # A year is written quoted ("2015") or as a YAML integer (2015): both are valid.
    return str(year) if rng.random() < 0.5 else year


@dataclass
class Company:
    id: str
    name: str
    markets: list[str]
    sector: str
    country: str


def _paragraph(writer: _Writer, factor: float, *, words: int, end: str, links: list[str]) -> str:
    return writer.paragraph(round(words * factor), end, links)


def _companies(count: int, rng: random.Random, english: Vocabulary, sectors: list[str]) -> list[Company]:
    companies: list[Company] = []
    seen: set[str] = set()
    names = [word for word in english.content_words if len(word) >= 6]
    while len(companies) < count:
        parts = [rng.choice(names) for _ in range(rng.choice((1, 1, 2)))]
        slug = "-".join(parts)[:24].strip("-")
        if slug in seen:
            continue
        seen.add(slug)
        name = " ".join(part.capitalize() for part in parts)
        markets = [f"{name} {suffix}" for suffix in rng.sample(("UK", "Italia", "online", "US", "Europe"), 2)]
        companies.append(Company(slug, name, markets, rng.choice(sectors), rng.choice(_COUNTRIES)))
    return companies


def generate_cases(count: int, seed: int = 0, taxonomy: Taxonomy | None = None) -> list[dict[str, Any]]:
    """Return ``count`` synthetic cases as the data of a case file, reproducible for a ``seed``.

    Every case is valid: both languages everywhere, 3 to 6 moments in journey order,
    taxonomy ids spread over the whole taxonomy, related ids and ``case:`` links to
    other generated cases, about 500 words per language. Companies are shared:
    ``count // 10`` of them (at least one), with a Zipf-like number of cases each.
    """
    taxonomy = taxonomy or load_taxonomy(TAXONOMY_DIR)
    rng = random.Random(seed)
    english = Vocabulary.english(random.Random(seed * 7919 + 1))
    italian = Vocabulary.italian(random.Random(seed * 7919 + 2))
    writers = {"en": _Writer(rng, english, False), "it": _Writer(rng, italian, True)}
    stages = list(taxonomy.kind("stages"))
    touchpoints = list(taxonomy.kind("touchpoints"))
    touchpoint_weights = [_TOUCHPOINT_WEIGHTS.get(t, 1) for t in touchpoints]
    outcomes = list(taxonomy.kind("outcomes"))
    tags = list(taxonomy.kind("tags"))
    sectors = list(taxonomy.kind("sectors"))
    companies = _companies(max(1, count // 10), rng, english, sectors)
    company_weights = _cumulative(_zipf_weights(len(companies), 1.0))
    owners = rng.choices(companies, cum_weights=company_weights, k=count)
    ids = []
    for number, company in enumerate(owners):
        words = "-".join(english.pick(rng.randint(1, 3)))[:36].strip("-")
        ids.append(f"{company.id}-{words}-{number + 1}")
    today = datetime.date.today()
    last_published = min(datetime.date(2025, 12, 31), today - datetime.timedelta(days=1))
    first_published = last_published - datetime.timedelta(days=6 * 365)

    def others(case_id: str, how_many: int) -> list[str]:
        chosen: list[str] = []
        while len(ids) > 1 and len(chosen) < how_many:
            other = rng.choice(ids)
            if other != case_id and other not in chosen:
                chosen.append(other)
        return chosen

    def localized(make: Callable[[_Writer, float], str]) -> dict[str, str]:
        # Italian runs a little longer than English, as translations do.
        return {lang: make(writers[lang], 1.0 if lang == "en" else 1.08) for lang in LANGUAGES}

    cases = []
    for number, (case_id, company) in enumerate(zip(ids, owners, strict=True), start=1):
        language = "en" if rng.random() < 0.7 else "it"
        other_language = "it" if language == "en" else "en"
        moment_count = rng.randint(3, 6)
        moment_stages = sorted(rng.choices(range(len(stages)), k=moment_count))
        links = {
            f"case:{target}" for target in others(case_id, rng.choice((0, 1, 1, 2))) if rng.random() < 0.9
        }
        link_places: dict[str, list[str]] = {}
        places = ["summary", "lessons", "questions", "moments"]
        for target in sorted(links):
            link_places.setdefault(rng.choice(places), []).append(target)
        if rng.random() < 0.3:
            link_places.setdefault("moments", []).append(
                f"https://example.org/{rng.choice(english.content_words)}"
            )

        def paragraphs(
            kind: str, parts: int, end: str = ".", link_places: dict[str, list[str]] = link_places
        ) -> list[dict[str, str]]:
            lengths = _split(_WORD_BUDGET[kind], parts, rng)
            targets = link_places.get(kind, [])
            texts = []
            for index, length in enumerate(lengths):
                these = targets if index == 0 else []
                texts.append(localized(partial(_paragraph, words=length, end=end, links=these)))
            return texts

        moment_texts = paragraphs("moments", moment_count)
        moments = []
        for index, (stage, text) in enumerate(zip(moment_stages, moment_texts, strict=True)):
            outcome = outcomes[1] if rng.random() < 0.45 else outcomes[0]
            if index == moment_count - 1 and rng.random() < 0.5:
                outcome = outcomes[0]  # many cases end in a recovery
            moments.append(
                {
                    "stage": stages[stage],
                    "touchpoint": rng.choices(touchpoints, weights=touchpoint_weights)[0],
                    "outcome": outcome,
                    "text": text,
                }
            )
        lessons = paragraphs("lessons", rng.randint(2, 4))
        if rng.random() < 0.15:
            # Now and then a lesson is a short list.
            items = localized(
                lambda writer, factor: "\n".join(f"- {writer.sentence(rng.randint(4, 8))}" for _ in range(3))
            )
            lessons.append(items)
        case: dict[str, Any] = {"id": case_id, "number": number}
        if rng.random() < 0.05:
            case["old_ids"] = [f"{case_id}-old"]  # renamed once: ids end in a number, so no clash
        case["title"] = localized(lambda writer, factor: writer.title())
        case["language"] = language
        if rng.random() < 0.9:
            case["translations"] = {other_language: rng.choice(("draft", "reviewed"))}
        case["company"] = {"id": company.id, "name": company.name}
        if rng.random() < 0.4:
            case["company"]["market"] = rng.choice(company.markets)
        if rng.random() < 0.85:
            case["country"] = company.country if rng.random() < 0.8 else rng.choice(_COUNTRIES)
        if rng.random() < 0.85:
            case["sector"] = company.sector
        case["when"] = _partial_date(rng, 2005, 2024, unknown=0.1)
        published = first_published + datetime.timedelta(
            days=rng.randrange((last_published - first_published).days + 1)
        )
        case["published"] = published.isoformat()
        case["summary"] = paragraphs("summary", 1)[0]
        case["moments"] = moments
        case["lessons"] = lessons
        case["questions"] = paragraphs("questions", rng.randint(1, 3), end="?")
        case["tags"] = rng.sample(tags, rng.randint(1, min(5, len(tags))))
        related = others(case_id, rng.choice((0, 1, 2, 3)))
        if related:
            case["related"] = related
        sources = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            source: dict[str, Any] = {
                "title": localized(lambda writer, factor: writer.title()),
                "kind": rng.choice(_KINDS),
                "language": language,
            }
            if rng.random() < 0.5:
                source["author"] = " ".join(w.capitalize() for w in english.pick(2))
            if rng.random() < 0.3:
                source["publisher"] = " ".join(w.capitalize() for w in english.pick(rng.randint(1, 3)))
            if rng.random() < 0.6:
                source["date"] = _partial_date(rng, 2005, 2024, unknown=0.0)
            if rng.random() < 0.5:
                source["url"] = f"https://example.org/{case_id}/{rng.choice(english.content_words)}"
            sources.append(source)
        case["sources"] = sources
        cases.append(case)
    return cases


class _CaseDumper(yaml.SafeDumper):
    """Writes case files as contributors do: long text folded, lists as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses aliases


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else ">" if len(text) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_CaseDumper.add_representer(str, _represent_text)


def case_file_text(case: dict[str, Any]) -> str:
    """The text of one case file, schema comment first."""
    body = yaml.dump(case, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=88)
    return f"{SCHEMA_LINE}\n{body}"


def write_cases(cases_dir: Path, count: int, seed: int = 0, taxonomy: Taxonomy | None = None) -> list[Path]:
    """Write ``count`` synthetic case files into ``cases_dir`` and return their paths."""
    cases_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in generate_cases(count, seed, taxonomy):
        path = cases_dir / f"{case['id']}.yaml"
        path.write_text(case_file_text(case), encoding="utf-8")
        paths.append(path)
    return paths


_MARKUP = re.compile(r"\]\([^)]*\)|[*\[\]]")


def count_words(case: dict[str, Any], lang: str) -> int:
    """Words of running text in ``lang``: summary, moments, lessons and questions."""
    texts = [case["summary"], *(m["text"] for m in case["moments"]), *case["lessons"], *case["questions"]]
    return sum(len(_MARKUP.sub(" ", text[lang]).split()) for text in texts)


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------

_RSS_RUNNER = """\
import resource, runpy, sys
out = sys.argv[1]
sys.argv = ["mkdocs", *sys.argv[2:]]
code = 0
try:
    runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
except SystemExit as stop:
    code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
with open(out, "w") as file:
    file.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


@dataclass
class BuildRun:
    seconds: float
    peak_mib: float
    warnings: list[str]


def run_build(project: Path, site: Path, scratch: Path) -> BuildRun:
    """``python -m mkdocs build -q -d SITE`` in ``project``: wall time and the build's own peak RSS."""
    if site.exists():
        shutil.rmtree(site)
    rss_file = scratch / "maxrss.txt"
    rss_file.unlink(missing_ok=True)
    build = ["build", "-q", "-d", str(site)]
    if os.access(TIME_BINARY, os.X_OK):
        # GNU time reports the maximum resident set size of the python process, in KiB.
        command = [TIME_BINARY, "-f", "%M", "-o", str(rss_file), sys.executable, "-m", "mkdocs", *build]
    else:
        command = [sys.executable, "-c", _RSS_RUNNER, str(rss_file), *build]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for variable in ("CASEBOOK_REPO_URL", "CASEBOOK_SITE_URL"):
        env.pop(variable, None)  # no edit links or absolute addresses: the baseline has neither
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"mkdocs build failed in {project}:\n{completed.stdout}{completed.stderr}")
    kib = int(rss_file.read_text().split()[-1])
    warnings = [line for line in completed.stderr.splitlines() if "WARNING" in line]
    return BuildRun(seconds, kib / 1024, warnings)


def timed(function: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _html_pages(site: Path) -> Iterator[Path]:
    return (path for path in site.rglob("*.html") if path.name != "404.html")


@dataclass
class Result:
    cases: int
    companies: int
    moments: int
    words: dict[str, float]
    generated_pages: int
    generated_files: int
    html_pages: int
    generate_s: float
    check_s: float
    tree_s: float
    builds: list[BuildRun] = field(default_factory=list)
    baselines: list[BuildRun] = field(default_factory=list)
    share: dict[str, float] = field(default_factory=dict)

    @property
    def build_s(self) -> float:
        return statistics.median(run.seconds for run in self.builds)

    @property
    def baseline_s(self) -> float:
        return statistics.median(run.seconds for run in self.baselines)

    @property
    def overhead(self) -> float:
        return self.build_s / self.baseline_s

    @property
    def peak_mib(self) -> float:
        return max(run.peak_mib for run in self.builds)

    @property
    def baseline_peak_mib(self) -> float:
        return max(run.peak_mib for run in self.baselines)

    def last_line(self) -> str:
        return (
            f"cases={self.cases} build_s={self.build_s:.2f} baseline_s={self.baseline_s:.2f} "
            f"overhead={self.overhead:.2f} peak_mib={self.peak_mib:.1f}"
        )


def _make_project(workdir: Path) -> Path:
    project = workdir / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    return project


def _site_options(project: Path) -> SiteOptions:
    # As the plugin sets them for this mkdocs.yml: directory URLs, no edit URL and no
    # site URL (neither environment variable is set), overrides from <custom_dir>/casebook.
    wanted: dict[str, Any] = {
        "template_dirs": (project / "overrides" / "casebook",),
        "newest_count": 5,
        "site_name": "Casebook",
        "site_url": "",
    }
    known = {option.name for option in dataclasses.fields(SiteOptions)}
    return SiteOptions(**{name: value for name, value in wanted.items() if name in known})


def _post_process(baseline_site: Path, labels: Labels, scratch: Path, pages: set[str]) -> float:
    """Time what the plugin does after MkDocs renders: per-page hooks and the search split.

    The per-page hooks (``on_page_context`` and ``on_post_page``) compute the language
    switcher of every page and rewrite the search base of every non-default-language
    page; they run on the baseline's HTML, which is what the plugin's hook receives.
    The search split runs on the baseline's index, which holds both languages as
    Material writes it before the plugin splits it. Reading files is not timed.
    """
    seconds = 0.0
    started = time.perf_counter()
    for src_uri in pages:
        alternates(labels, src_uri, pages)  # on_page_context: this page's switcher
        alternates(labels, "", set())  # on_post_page: the default switcher back in place
    seconds += time.perf_counter() - started
    prefixes = [language.prefix for language in labels.languages if language.prefix]
    for path in _html_pages(baseline_site):
        relative = path.relative_to(baseline_site).as_posix()
        prefix = next((p for p in prefixes if relative.startswith(p)), "")
        html = path.read_text(encoding="utf-8")
        started = time.perf_counter()
        configure_search(html, prefix)  # on_post_page: search worker, and base of it/ pages
        seconds += time.perf_counter() - started
    post = scratch / "post-process"
    if post.exists():
        shutil.rmtree(post)
    (post / "search").mkdir(parents=True)
    shutil.copy2(baseline_site / "search" / "search_index.json", post / "search" / "search_index.json")
    started = time.perf_counter()
    split_search_index(post, labels)
    return seconds + time.perf_counter() - started


def stage_seconds(cases_dir: Path, project: Path, options: SiteOptions) -> tuple[dict[str, float], int, int]:
    """Time load, index and generate once, as the plugin runs them; count the generated files."""
    labels = load_labels()
    started = time.perf_counter()
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    library = load_cases(cases_dir, taxonomy, display_root=project)
    load_s = time.perf_counter() - started
    site, index_s = timed(lambda: Site.from_cases(library.cases, taxonomy, labels, options))
    generated, generate_s = timed(lambda: render_site(site))
    pages = sum(1 for page in generated if page.src_uri.endswith(".md"))
    return {"load": load_s, "index": index_s, "generate": generate_s}, pages, len(generated) - pages


def benchmark(count: int, repeat: int, seed: int, workdir: Path, log: Callable[[str], None]) -> Result:
    """Generate, check and build a library of ``count`` cases in ``workdir``."""
    project = _make_project(workdir)
    taxonomy = load_taxonomy(TAXONOMY_DIR)
    labels = load_labels()
    cases, generate_s = timed(lambda: generate_cases(count, seed, taxonomy))
    cases_dir = project / "cases"
    cases_dir.mkdir()
    started = time.perf_counter()
    for case in cases:
        (cases_dir / f"{case['id']}.yaml").write_text(case_file_text(case), encoding="utf-8")
    generate_s += time.perf_counter() - started
    log(f"  generated {count} cases in {generate_s:.2f} s into {cases_dir}")

    library, check_s = timed(lambda: load_cases(cases_dir, taxonomy, display_root=project))
    if library.errors or len(library.cases) != count:
        problems = "\n".join(f"{p.location()}: {p.describe()}" for p in library.errors[:20])
        sys.exit(f"the synthetic cases do not load ({len(library.cases)} of {count}):\n{problems}")
    log(f"  check: load_cases found no error in {check_s:.2f} s")

    # The plugin's own stages, as on_config / on_files call them, each run in a new process:
    # in one process the later runs would find the caches (templates, URLs, ranking) warm.
    shares: dict[str, list[float]] = {"load": [], "index": [], "generate": []}
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn, max_tasks_per_child=1) as pool:
        for _ in range(repeat):
            seconds_by_stage, generated_pages, generated_files = pool.submit(
                stage_seconds, cases_dir, project, _site_options(project)
            ).result()
            for name, seconds in seconds_by_stage.items():
                shares[name].append(seconds)
    log(
        "  plugin stages, one new process each: "
        + ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in shares.items())
    )

    tree = workdir / "baseline"
    site = Site.from_cases(library.cases, taxonomy, labels, _site_options(project))
    generated, tree_s = timed(lambda: write_markdown_tree(site, project / "docs", tree))
    log(f"  baseline tree written by write_markdown_tree in {tree_s:.2f} s into {tree}")

    result = Result(
        cases=count,
        companies=len({case["company"]["id"] for case in cases}),
        moments=sum(len(case["moments"]) for case in cases),
        words={lang: statistics.mean(count_words(case, lang) for case in cases) for lang in LANGUAGES},
        generated_pages=generated_pages,
        generated_files=generated_files,
        html_pages=0,
        generate_s=generate_s,
        check_s=check_s,
        tree_s=tree_s,
    )
    plugin_site, baseline_site = workdir / "site-plugin", workdir / "site-baseline"
    for round_number in range(repeat):
        # Alternate which build goes first, so that neither always runs on a warmer machine.
        order = ("plugin", "baseline") if round_number % 2 == 0 else ("baseline", "plugin")
        for which in order:
            if which == "plugin":
                run = run_build(project, plugin_site, workdir)
                result.builds.append(run)
            else:
                run = run_build(tree, baseline_site, workdir)
                result.baselines.append(run)
            log(
                f"  round {round_number + 1}/{repeat}: {which:8} {run.seconds:6.2f} s, {run.peak_mib:.0f} MiB"
            )
    for name, runs in (("plugin", result.builds), ("baseline", result.baselines)):
        if runs[0].warnings:
            log(f"  {name} build printed {len(runs[0].warnings)} warning(s), first: {runs[0].warnings[0]}")
    result.html_pages = sum(1 for _ in _html_pages(plugin_site))
    page_paths = {page.src_uri for page in generated if page.src_uri.endswith(".md")}
    post = [_post_process(baseline_site, labels, workdir, page_paths) for _ in range(repeat)]
    result.share = {name: statistics.median(values) for name, values in shares.items()}
    result.share["post-process"] = statistics.median(post)
    return result


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def report(result: Result, repeat: int) -> str:
    runs = " ".join(f"{run.seconds:.2f}" for run in result.builds)
    base_runs = " ".join(f"{run.seconds:.2f}" for run in result.baselines)
    share_total = sum(result.share.values())
    lines = [
        f"Casebook build benchmark: {result.cases} cases (median of {repeat})",
        f"  library        {result.cases} cases, {result.companies} companies, {result.moments} moments, "
        f"words/case: en {result.words['en']:.0f}, it {result.words['it']:.0f}",
        f"  site           {result.generated_pages} generated pages (+{result.generated_files} other files), "
        f"{result.html_pages} HTML pages",
        f"  generate       {result.generate_s:8.2f} s   synthetic cases written (not part of any build)",
        f"  check          {result.check_s:8.2f} s   load_cases once, no errors",
        f"  render tree    {result.tree_s:8.2f} s   write_markdown_tree, once (baseline input)",
        f"  plugin build   {result.build_s:8.2f} s   mkdocs build with casebook   runs: {runs}",
        f"  baseline build {result.baseline_s:8.2f} s   plain mkdocs + Material      runs: {base_runs}",
        f"  overhead       {result.overhead:8.2f}     plugin build / baseline build",
        f"  peak RSS       {result.peak_mib:8.1f} MiB plugin build ({result.baseline_peak_mib:.1f} baseline)",
        "  plugin's own share (median; stages each in a new process):",
        f"    load         {result.share['load']:8.2f} s   load_taxonomy + load_cases (YAML, schema, rules)",
        f"    index        {result.share['index']:8.2f} s   Site.from_cases -> build_index",
        f"    generate     {result.share['generate']:8.2f} s   render_site (Markdown of every page)",
        f"    post-process {result.share['post-process']:8.2f} s   split_search_index + per-page hooks",
        f"    total        {share_total:8.2f} s   {share_total / result.build_s:.0%} of the plugin build",
    ]
    return "\n".join(lines)


def table(results: list[Result]) -> str:
    header = f"{'cases':>7} {'build_s':>9} {'baseline_s':>11} {'overhead':>9} {'peak_mib':>9} {'check_s':>8}"
    rows = [
        f"{r.cases:>7} {r.build_s:>9.2f} {r.baseline_s:>11.2f} {r.overhead:>9.2f} {r.peak_mib:>9.1f} "
        f"{r.check_s:>8.2f}"
        for r in results
    ]
    return "\n".join([header, *rows])


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time `mkdocs build` with the Casebook plugin against plain MkDocs + Material "
        "on the same generated Markdown, for a synthetic library of N cases.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--cases", type=_positive, default=100, help="number of cases (default: 100)")
    size.add_argument("--sizes", type=_sizes, help="comma-separated numbers of cases, e.g. 100,1000,5000")
    parser.add_argument("--repeat", type=_positive, default=3, help="builds of each kind (default: 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic library (default: 0)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write everything into DIR (new or empty) and keep it"
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or [args.cases]
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty")

    def log(message: str) -> None:
        print(message, flush=True)

    log(
        f"python {platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"peak RSS via {TIME_BINARY if os.access(TIME_BINARY, os.X_OK) else 'resource.getrusage'}"
    )
    results = []
    for count in sizes:
        log(f"\n== {count} cases ==")
        if args.keep is not None:
            workdir = args.keep / str(count) if len(sizes) > 1 else args.keep
            workdir.mkdir(parents=True, exist_ok=True)
            result = benchmark(count, args.repeat, args.seed, workdir, log)
        else:
            with tempfile.TemporaryDirectory(prefix=f"casebook-bench-{count}-") as temporary:
                result = benchmark(count, args.repeat, args.seed, Path(temporary), log)
        results.append(result)
        log("")
        log(report(result, args.repeat))
    if len(results) > 1:
        log("")
        log(table(results))
    log("")
    print(results[-1].last_line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
