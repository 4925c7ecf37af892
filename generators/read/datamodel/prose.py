"""Entities read from prose in the document's own language, when no document states a data model.

What a product keeps are the things its people act on: the objects of creating, booking, recording,
managing and viewing verbs in stories, use cases and requirements ("je souhaite consulter mes
*trajets*", "o agendamento de *consultas*", "*Randevu* oluşturma", "quản lý *khách hàng*"). Each
is lemmatised in the document's language (simplemma), counted over the lines that name it, and kept
when two lines or more act on it; nouns that name no record (the system, a screen, a search) are
left out. Every entity found here is marked inferred, with a line it came from, and asked about.

Linear in the text: each line is read once, word by word, with a fixed look-ahead.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import simplemma
import stopwordsiso

from generators import naming
from generators.model import Story
from generators.read.datamodel.collect import Collected
from generators.read.datamodel.languages import BY_CODE, Language
from generators.read.markdown import Section, iter_texts

_BRACKETED = re.compile(r"\([^()]{0,300}\)")
_ELIDED = re.compile(r"^(?:l|d|qu|j|n|s|m|t|c|all|dell|nell|sull)['’](?=\w)")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|,")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_SAMPLE = 20_000
_SHARE = 0.3
"""The share of known words simplemma must find for its language to be taken."""
_LETTERS = (
    ("tr", re.compile(r"[ğış]")),
    ("pt", re.compile(r"[ãõ]|ção\b")),
    ("es", re.compile(r"[ñ¿¡]")),
    ("de", re.compile(r"ß|\b(?:und|der|die|das)\b")),
)
_MAX_LINE = 600
_MAX_LINES = 4_000
_MIN_LINES = 2
"""An object is kept when this many lines act on it."""
_MAX_ENTITIES = 12
_LOOK_AHEAD = 4
_PAIR = 2
_DESCRIBING = 2
"""Words that may describe an object before the "and" that coordinates the next one."""
"""Two Vietnamese syllables written together this often are one word."""
_ASCII = str.maketrans(
    {"ı": "i", "İ": "I", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe",
     "Œ": "OE", "ł": "l", "Ł": "L", "þ": "th", "ð": "d"}
)  # fmt: skip
"""Letters that Unicode does not decompose into an ASCII letter and a mark."""


@dataclass
class _Seen:
    lines: set[int]
    words: Counter[str]
    """The words as the lines write them (a Turkish verbal noun is named by one)."""
    line: str


def language_of(documents: list[tuple[str, Section]], stories: list[Story]) -> Language | None:
    """The language of the documents when the prose reader knows it (English is read elsewhere)."""
    text = " ".join([*(story.action for story in stories), *(line for _, line in _lines(documents))])[
        :_SAMPLE
    ]
    lowered = text.lower()
    if len(_VIETNAMESE.findall(lowered)) > len(text) / 40:
        return BY_CODE["vi"]
    found = simplemma.langdetect(text, lang=("en", *(code for code in BY_CODE if code != "vi")))
    code, share = found[0]
    if share >= _SHARE:
        return BY_CODE.get(code)
    # too little text for the word counts: letters only one of the languages writes
    return next((BY_CODE[code] for code, letters in _LETTERS if letters.search(lowered)), None)


def ascii_name(phrase: str) -> str:
    """An ASCII identifier for a phrase of any Latin script: ``khách hàng`` → ``KhachHang``."""
    plain = unicodedata.normalize("NFKD", phrase.translate(_ASCII))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    words = re.findall(r"[A-Za-z0-9]+", plain)
    return "".join(word[:1].upper() + word[1:] for word in words)


class _Reader:
    def __init__(self, language: Language, stops: frozenset[str], pairs: Counter[str]) -> None:
        self.language = language
        self.stops = stops
        """The language's function words (stopwords-iso): never an object."""
        self.pairs = pairs
        """How often each two syllables follow each other (Vietnamese): a frequent pair is one word."""
        self.seen: dict[str, _Seen] = {}
        self.line_no = 0

    def lemma(self, word: str) -> str:
        if not self.language.lemmas:
            return word
        return str(simplemma.lemmatize(word, lang=self.language.code)).lower()

    def keep(self, word: str, line: str) -> None:
        if word in self.stops or any(part in self.stops for part in word.split("_")):
            return
        lemma = self.lemma(word)
        if len(lemma) < 3 and not (self.language.code == "vi" and len(lemma) >= 2):
            return
        language = self.language
        if {word, lemma} & language.verbs or {word, lemma, *word.split("_")} & (
            language.generic | language.skip
        ):
            return  # a verb, or a word (or a syllable of one) that names no record
        seen = self.seen.setdefault(lemma, _Seen(set(), Counter(), line[:200]))
        seen.lines.add(self.line_no)
        seen.words[word] += 1

    def read(self, line: str) -> None:
        self.line_no += 1
        words = _words(line)
        if self.language.code == "vi":
            words = _syllable_words(words, self.language)
        if self.language.object_first:
            self._object_first(words, line)
        else:
            self._verb_first(words, line)

    def _verb_first(self, words: list[str], line: str) -> None:
        language = self.language
        for index, word in enumerate(words):
            lemma = self.lemma(word) if word != "," else ","
            acting = lemma in language.verbs and not word.endswith(language.participles)
            act = (
                bool(language.acts)
                and word.endswith(language.acts)
                and index + 1 < len(words)
                and words[index + 1] in language.joins
            )
            if not (acting or act):
                continue
            for found in self._objects(words, index + 1):
                self.keep(found, line)

    def _objects(self, words: list[str], start: int) -> list[str]:
        """The objects after a verb: its first noun, and those coordinated with it."""
        language = self.language
        found: list[str] = []
        position = start
        while position < len(words) and len(found) < 3:
            steps = 0
            while (
                position < len(words)
                and steps < _LOOK_AHEAD
                and (words[position] in language.skip or words[position] in language.joins)
            ):
                position, steps = position + 1, steps + 1
            if (
                position >= len(words)
                or words[position] == ","
                or self.lemma(words[position]) in language.verbs
            ):
                break  # a verb starts a clause of its own, read at its turn
            pair = "_".join(words[position : position + 2])
            if position + 1 < len(words) and self.pairs[pair] >= _PAIR:
                found.append(pair)  # "khách hàng", "sân bóng": one noun of two syllables
                position += 2
            else:
                found.append(words[position])
                position += 1
            # "préstamos activos y mis multas": a describing word or two may stand before "and"
            ahead = next(
                (
                    step
                    for step in range(_DESCRIBING + 1)
                    if position + step < len(words) and words[position + step] in language.ands
                ),
                None,
            )
            if ahead is None or (words[position + ahead] == "," and ahead):
                break
            position += ahead + 1
        return found

    def _object_first(self, words: list[str], line: str) -> None:
        """Objects before their verb ("Sipariş ve randevu geçmişini görüntüleme"): the nouns of the
        phrase before it, back to a comma or another verb, at most a few words."""
        language = self.language
        for index, word in enumerate(words):
            if index == 0 or self.lemma(word) not in language.verbs:
                continue
            for before in reversed(words[max(0, index - _LOOK_AHEAD) : index]):
                if before == "," or self.lemma(before) in language.verbs:
                    break
                if before in self.stops and before not in language.ands:
                    break  # "möchte ich Beiträge erfassen": the clause's subject is not its object
                if before not in language.ands and before not in language.skip:
                    self.keep(before, line)


def _words(line: str) -> list[str]:
    """The lower-case words of a line (composed Unicode), elided articles cut off ("d'arrivée")."""
    text = unicodedata.normalize("NFC", line[:_MAX_LINE]).replace("İ", "i")
    text = _BRACKETED.sub(" , ", text)  # "(name, type, size)": the fields of the record before it
    return [_ELIDED.sub("", word) for word in _TOKEN.findall(text.lower())]


def _syllable_words(syllables: list[str], language: Language) -> list[str]:
    """Vietnamese words of two syllables joined (``quản lý`` → ``quản_lý``) where the language's
    tables know them; other syllables stay as they are."""
    known = language.verbs | language.skip | language.generic
    joined: list[str] = []
    index = 0
    while index < len(syllables):
        pair = "_".join(syllables[index : index + 2])
        if index + 1 < len(syllables) and pair in known:
            joined.append(pair)
            index += 2
        else:
            joined.append(syllables[index])
            index += 1
    return joined


def _label(lemma: str, seen: _Seen, language: Language) -> str:
    """The word an entity is named by: its lemma, or where the lemma is a verb's stem of a noun the
    lines write ("işle" of "işletme"), that noun."""
    if language.object_first:  # a verbal noun the lemma cut to its verb: "işletmeye" → "işletme"
        for word in sorted(seen.words, key=len):
            for end in range(len(lemma) + 2, min(len(word), len(lemma) + 3) + 1):
                if word.startswith(lemma) and word[:end].endswith(("me", "ma")):
                    return word[:end]
    return lemma


def _pairs(lines: list[tuple[str, str]], language: Language, stops: frozenset[str]) -> Counter[str]:
    """Two syllables that follow each other, counted over the lines (neither a small word)."""
    pairs: Counter[str] = Counter()
    stops = stops | language.skip | language.ands
    for _, line in lines:
        words = _syllable_words(_words(line), language)
        for one, two in itertools.pairwise(words):
            if "_" not in one + two and "," not in (one, two) and not {one, two} & stops:
                pairs[f"{one}_{two}"] += 1
    return pairs


def _lines(documents: list[tuple[str, Section]]) -> list[tuple[str, str]]:
    """The lines of the documents (stories among them), each once."""
    lines: list[tuple[str, str]] = []
    for source, root in documents:
        # text, and blocks indented as code that are text ("    ✅ Randevu oluşturma")
        plain = [fence.text for fence in root.fences() if not fence.info.strip()]
        for text in [*iter_texts(root), *plain]:
            lines.extend((source, line) for line in text.splitlines() if line.strip())
            if len(lines) > _MAX_LINES:
                return lines[:_MAX_LINES]
    return lines


def infer(
    stories: list[Story], documents: list[tuple[str, Section]], found: Collected, language: Language
) -> list[tuple[str, str]]:
    """Add the records the prose acts on to ``found``: (entity name, a line it came from) each."""
    lines = _lines(documents)
    stops = frozenset(stopwordsiso.stopwords(language.code))
    pairs = _pairs(lines, language, stops) if language.code == "vi" else Counter[str]()
    reader = _Reader(language, stops, pairs)
    sources: dict[int, str] = {}
    for source, line in lines:
        reader.read(line)
        sources[reader.line_no] = source
    kept = sorted(
        (item for item in reader.seen.items() if len(item[1].lines) >= _MIN_LINES),
        key=lambda item: (-len(item[1].lines), item[0]),
    )[:_MAX_ENTITIES]
    added: list[tuple[str, str]] = []
    for lemma, seen in kept:
        label = _label(lemma, seen, language).replace("_", " ")
        name = ascii_name(label)
        if not name or not name[0].isalpha() or found.has(name) or naming.key(name) in ("user", "users"):
            continue
        source = sources[min(seen.lines)]
        found.entity(name, source, inferred=True, as_written=True)
        added.append((name, f"{label}: “{seen.line.strip()}”"))
    return added
