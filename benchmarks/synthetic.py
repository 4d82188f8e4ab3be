"""Synthetic case libraries for the benchmarks and the tests: N valid cases in both languages.

Seeded pseudo-words (Zipf-distributed, so that some companies, tags and words are common
and most are rare), real taxonomy ids, links between cases, partial dates. The same seed
gives the same files. ``benchmarks/build.py`` and ``benchmarks/search.py`` write their
libraries with :func:`write_cases`; the tests import this module directly.
"""

from __future__ import annotations

import datetime
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))  # so that the module also loads without the editable install

from casebook import model  # noqa: E402
from casebook.loader import load_taxonomy  # noqa: E402
from casebook.loader.fingerprints import case_fingerprints  # noqa: E402
from casebook.model import Taxonomy  # noqa: E402
from casebook.resources import TAXONOMY_DIR  # noqa: E402

SCHEMA_LINE = "# yaml-language-server: $schema=../plugins/casebook/schemas/case.schema.json"
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
    """Write ``count`` synthetic case files into ``cases_dir`` and return their paths.

    A case whose translation is ``reviewed`` gets its review record too, in ``reviews/``
    beside ``cases_dir``, as ``casebook check`` requires.
    """
    cases_dir.mkdir(parents=True, exist_ok=True)
    return [write_case(cases_dir, case) for case in generate_cases(count, seed, taxonomy)]


def write_case(cases_dir: Path, case: dict[str, Any]) -> Path:
    """Write one generated case into ``cases_dir``, and the record of its review if it says reviewed."""
    path = cases_dir / f"{case['id']}.yaml"
    path.write_text(case_file_text(case), encoding="utf-8")
    for lang, status in case.get("translations", {}).items():
        if status == "reviewed":
            _write_review_record(cases_dir.parent / "reviews", case, lang)
    return path


def _write_review_record(reviews_dir: Path, case: dict[str, Any], translation: str) -> None:
    """The record of a synthetic case's translation review (see casebook.loader.reviews), with the
    fingerprints ``casebook review`` would write of the originals as generated."""
    reviews_dir.mkdir(parents=True, exist_ok=True)
    fingerprints = case_fingerprints(_texts_only(case), translation)
    (reviews_dir / f"{case['id']}.yaml").write_text(
        f"file: cases/{case['id']}.yaml\noriginal: {case['language']}\ntranslation: {translation}\n"
        "reader: a synthetic second reader\ndate: 2026-01-01\n"
        + yaml.safe_dump({"fingerprints": fingerprints}, sort_keys=False),
        encoding="utf-8",
    )


def _texts_only(case: dict[str, Any]) -> model.Case:
    """A generated case's texts as a :class:`Case` (its other fields left empty): what a review reads."""
    Localized = model.Localized
    return model.Case(
        id=case["id"],
        number=case["number"],
        path="",
        title=Localized(case["title"]),
        language=case["language"],
        company=model.Company(case["company"]["id"], case["company"]["name"]),
        when=model.PartialDate(),
        summary=Localized(case["summary"]),
        moments=tuple(
            model.Moment(
                index, moment["stage"], moment["touchpoint"], moment["outcome"], Localized(moment["text"])
            )
            for index, moment in enumerate(case["moments"])
        ),
        sources=tuple(
            model.Source(Localized(source["title"]), source["language"]) for source in case["sources"]
        ),
        lessons=tuple(Localized(text) for text in case.get("lessons", [])),
        questions=tuple(Localized(text) for text in case.get("questions", [])),
        disputed=Localized(case["disputed"]) if "disputed" in case else None,
    )


_MARKUP = re.compile(r"\]\([^)]*\)|[*\[\]]")


def count_words(case: dict[str, Any], lang: str) -> int:
    """Words of running text in ``lang``: summary, moments, lessons and questions."""
    texts = [case["summary"], *(m["text"] for m in case["moments"]), *case["lessons"], *case["questions"]]
    return sum(len(_MARKUP.sub(" ", text[lang]).split()) for text in texts)


def mark_text(text: str, field: str, marker: str) -> str:
    """A case file's ``text`` with ``marker`` put before the English text of ``field`` (title, summary).

    What a contributor's edit of one field looks like to the build; a folded block
    (``en: >-``) has its text on the next line.
    """
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    index = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("  en: "))
    block = lines[index].rstrip().endswith(("en: >-", "en: >", "en: |"))
    prefix = "    " if block else "  en: "
    index += block
    lines[index] = lines[index].replace(prefix, f"{prefix}{marker} ", 1)
    return "\n".join(lines)
