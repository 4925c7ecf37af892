"""The small closed vocabularies stories are read with: what a verb asks of the backend.

Open-class words (nouns, most verbs) are never listed here: they are lemmatised (lemminflect)
and matched against the data model. Only the function words of English and the handful of verbs
whose meaning is an operation on any data (create, read, change, remove) are tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generators import naming
from generators.naming import vocabulary as vocabulary

DETERMINERS = vocabulary(
    "a an the my our their his her its your this that these those each every all any some one two "
    "several multiple many few new own existing current other another which whose"
)
PRONOUNS = vocabulary("it them they him her me us one ones")
SUBJECTS = vocabulary("i i'm i’m i've i'd we you he she")
"""Subject pronouns: they start a relative clause, never an object ("the offer I made")."""
PREPOSITIONS = vocabulary(
    "for on in at by from to with within without into onto of per across about before after until "
    "during between under over via through against as when where while if once so than"
)
CONJUNCTIONS = vocabulary("and or but nor then")
FILLERS = vocabulary("easily quickly also then always securely directly instantly simply just still")
PARTICLES = vocabulary("in out up off back down over on")

CREATE = vocabulary(
    "create add register book make place post submit raise open log record write upload attach enter "
    "file lodge capture define request join apply leave give rate review comment reply send message "
    "buy purchase order pay take report favourite favorite save bookmark follow ask choose select set "
    "enrol enroll reserve rent borrow lend hire"
)
READ = vocabulary(
    "see view browse list search find filter look track get show read check monitor access compare "
    "explore know consult display find"
)
UPDATE = vocabulary(
    "edit change update modify adjust rename reschedule correct amend tag annotate note"
    " link connect associate"
)
DELETE = vocabulary("delete remove discard erase")
MANAGE = vocabulary("manage administer maintain curate")
"""Verbs that ask for the whole life of a record: create, change and remove it."""
EXPORT = vocabulary("export download")
IMPORT = frozenset(("import",))
INVITE = frozenset(("invite",))
REORDER = frozenset(("reorder", "rearrange", "sort"))
COPY = frozenset(("copy", "duplicate", "clone"))
ACCOUNT_OFF = frozenset(("deactivate", "disable", "suspend", "block", "ban", "archive", "lock"))
LIGHT = vocabulary("be have get make take put keep let go do use give")
"""Verbs whose meaning comes from their object or particle: "take a booking", "put on hold"."""

NOTICE_NOUNS = vocabulary(
    "email e-mail mail text sms message notification alert reminder push confirmation summary digest "
    "newsletter receipt"
)
UI_NOUNS = vocabulary(
    "ipad tablet phone screen touch target keyboard scanner barcode offline signal layout button dark "
    "mode font colour color theme countdown timezone zone"
)
REPORT_NOUNS = vocabulary("report reports statistics stats analytics metrics dashboard summary breakdown kpi")
AVAILABILITY = frozenset(("available", "availability", "vacancy", "vacancies"))
NOMINAL_SUFFIXES = ("ment", "ing", "ation", "ion", "al", "s", "ance", "ence", "ery", "y", "er", "ee", "ure")

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Token:
    """A word of a story and where it stands."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The word in lower case."""
        return self.text.lower()


def tokens(text: str) -> list[Token]:
    """The words of ``text`` (possessives and hyphenated words kept whole), in order."""
    return [Token(match.group(), match.start(), match.end()) for match in WORD.finditer(text)]


def base(word: str) -> str:
    """A word without a possessive ending: ``seller's`` → ``seller``."""
    return re.sub(r"['’]s?$", "", word.lower())


def verb(word: str) -> str:
    """The base form of a verb: ``cancels`` → ``cancel``."""
    return naming.verb_lemma(base(word))


def noun(word: str) -> str:
    """The singular of a noun: ``listings`` → ``listing``."""
    return naming.singular(base(word))


def function_word(word: str) -> bool:
    """Determiners, pronouns, prepositions and conjunctions: never an object or a verb."""
    lowered = base(word)
    return (
        lowered in DETERMINERS or lowered in PREPOSITIONS or lowered in CONJUNCTIONS or lowered in PRONOUNS
        or lowered in SUBJECTS
    )  # fmt: skip


def nominal_of(verb_word: str, noun_word: str) -> bool:
    """Whether ``noun_word`` names the act of ``verb_word``: submit/submission, book/booking, pay/payment."""
    verb_word, noun_word = verb_word.lower(), noun_word.lower()
    if len(verb_word) < 3 or len(noun_word) < 3 or verb_word == noun_word:
        return verb_word == noun_word
    stem = verb_word[:-1] if verb_word.endswith("e") else verb_word
    common = 0
    for a, b in zip(stem, noun_word, strict=False):
        if a != b:
            break
        common += 1
    rest = noun_word[common:]
    if common == len(stem):
        return rest in ("",) or rest.startswith(NOMINAL_SUFFIXES) or rest.startswith(("e", "i"))
    return common >= 4 and common >= 0.75 * len(stem) and rest.startswith(("s", "t", "ion", "ation"))


STATE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "decline": ("reject", "refuse"),
    "deny": ("reject", "decline", "refuse"),
    "reject": ("decline", "deny"),
    "refuse": ("reject", "decline"),
    "approve": ("accept",),
    "accept": ("approve",),
    "finish": ("complete", "end", "close"),
    "complete": ("finish", "close", "end"),
    "end": ("finish", "close", "complete"),
    "close": ("complete", "end", "finish"),
    "free": ("finish", "release", "complete"),
    "drop": ("withdraw", "cancel"),
    "withdraw": ("cancel", "retract"),
    "cancel": ("withdraw",),
    "start": ("begin", "progress", "activate"),
    "begin": ("start", "progress"),
    "reinstate": ("activate", "restore", "reactivate"),
    "restore": ("activate", "reinstate"),
    "suspend": ("block", "pause"),
    "hold": ("pause", "suspend"),
    "check-in": ("return", "arrive"),
    "return": ("check-in",),
    "retire": ("archive", "decommission"),
    "send": ("dispatch", "ship"),
    "ship": ("dispatch", "send"),
    "pay": ("settle",),
    "remove": ("delete", "dismiss"),
    "dismiss": ("reject", "close"),
}
"""Verbs that mean the same state change (English, not a product's vocabulary)."""

ACT_NOUNS: dict[str, tuple[str, ...]] = {
    "buy": ("order", "purchase"),
    "purchase": ("order", "purchase"),
    "sell": ("sale", "order"),
    "lend": ("loan",),
    "borrow": ("loan",),
    "checkout": ("loan", "checkout", "order"),
    "rent": ("rental",),
    "hire": ("booking", "rental"),
    "book": ("booking", "reservation"),
    "reserve": ("reservation", "booking"),
    "enrol": ("enrolment", "enrollment"),
    "enroll": ("enrollment", "enrolment"),
    "join": ("enrolment", "enrollment", "membership", "participant", "entry"),
    "subscribe": ("subscription",),
    "pay": ("payment",),
    "rate": ("rating", "review"),
    "reply": ("message", "reply", "comment"),
    "submit": ("submission",),
    "inspect": ("inspection",),
    "invite": ("invitation",),
    "apply": ("application",),
    "log": ("entry", "log"),
    "favourite": ("favourite", "favorite"),
    "favorite": ("favorite", "favourite"),
}
"""What the act of a verb is called: buying makes an order, lending a loan (English morphology)."""

SAME_THINGS: dict[str, tuple[str, ...]] = {
    "purchase": ("order",),
    "sale": ("order",),
    "booking": ("reservation", "appointment"),
    "appointment": ("booking", "reservation"),
    "reservation": ("booking", "appointment"),
    "client": ("customer",),
    "customer": ("client",),
    "checkout": ("loan", "order"),
    "job": ("work order", "task"),
    "ticket": ("issue",),
}
"""Nouns business English uses for the same record, tried only when the data model has the other."""
