"""Stack hints from the architecture: ORM, database, cache, queue and authentication."""

from __future__ import annotations

import re

from generators import naming
from generators.model import (
    AuthDesign,
    Background,
    BackgroundKind,
    ErrorCode,
    NamedEndpoint,
    Orm,
    Platform,
    Stack,
)

_DATABASES = {
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "mysql": "MySQL",
    "mariadb": "MariaDB",
    "mongodb": "MongoDB",
    "sqlite": "SQLite",
    "sql server": "SQL Server",
    "dynamodb": "DynamoDB",
    "firestore": "Firestore",
}
_CACHES = {"redis": "Redis", "memcached": "Memcached", "valkey": "Valkey"}
_QUEUES = {
    "bullmq": "BullMQ",
    "bull": "Bull",
    "rabbitmq": "RabbitMQ",
    "sqs": "Amazon SQS",
    "kafka": "Kafka",
}
_AUTH = {
    "auth0": "Auth0",
    "clerk": "Clerk",
    "cognito": "Amazon Cognito",
    "firebase auth": "Firebase Auth",
    "supabase auth": "Supabase Auth",
    "keycloak": "Keycloak",
    "oauth": "OAuth 2.0 + JWT",
}


# A technology the architecture turns down: "No Redis", "without Kafka", "Redis is not needed".
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|without|instead of|rather than|avoid(?:s|ing)?|drop(?:s|ped)?|never|don't|won't|"
    r"doesn't|replac(?:e|es|ed|ing))\W+(?:\w+\W+){0,2}$"
)
_NEGATED_AFTER = re.compile(
    r"^\W*(?:is|are|was|will be)?\s*(?:not\b|isn't|aren't|rejected|dropped|out of scope)"
)
_WINDOW = 40


def _affirmed(text: str, match: re.Match[str]) -> bool:
    """Whether the mention is of a technology chosen, not one turned down (same sentence only)."""
    before = re.split(r"[.!?\n|:]", text[max(0, match.start() - _WINDOW) : match.start()])[-1]
    after = re.split(r"[.!?\n|]", text[match.end() : match.end() + _WINDOW])[0]
    return not (_NEGATED_BEFORE.search(before) or _NEGATED_AFTER.search(after))


def _first(text: str, table: dict[str, str]) -> str:
    """The technology of ``table`` the text chooses first (mentions that turn it down skipped)."""
    best: tuple[int, str] | None = None
    for word, name in table.items():
        match = next((m for m in naming.whole(word).finditer(text) if _affirmed(text, m)), None)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), name)
    return best[1] if best else ""


def _orm(text: str) -> Orm | None:
    prisma, typeorm = "prisma" in text, "typeorm" in text
    if prisma and typeorm:
        for line in text.splitlines():
            if "orm" in line.replace("typeorm", "").replace("prisma", "") or "|" in line:
                if "typeorm" in line and "prisma" not in line:
                    return "typeorm"
                if "prisma" in line and "typeorm" not in line:
                    return "prisma"
        return "typeorm" if text.index("typeorm") < text.index("prisma") else "prisma"
    if typeorm:
        return "typeorm"
    if prisma:
        return "prisma"
    return None


_PRISMA_VERSION = re.compile(r"\bprisma(?:\s+orm)?\s*v?(\d{1,2})(?:\.[\dx]+){0,2}\b")
_POSTGRES_VERSION = re.compile(r"\bpostgres(?:ql)?\s*v?(\d{2})\b")


def _major(pattern: re.Pattern[str], text: str, default: int) -> int:
    found = pattern.search(text)
    return int(found[1]) if found else default


_PROBLEM_DETAILS = re.compile(r"rfc\s*(?:7807|9457)|problem[ -]?details|problem\+json")
_CODE = r"`?(?P<code>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`?"
_STATUS = r"\b(?P<status>[45]\d\d)\b"
_STATUS_THEN_CODE = re.compile(_STATUS + r"[^\w\n]{0,4}(?:[A-Za-z]+ ){0,2}" + _CODE)
_CODE_THEN_STATUS = re.compile(_CODE + r"[^\w\n]{0,4}(?:HTTP )?" + _STATUS)
_GENERIC_CODES = {
    "BAD_REQUEST", "VALIDATION_FAILED", "VALIDATION_ERROR", "UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN",
    "NOT_FOUND", "CONFLICT", "GONE", "RATE_LIMITED", "TOO_MANY_REQUESTS", "INTERNAL", "INTERNAL_ERROR",
    "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "UNPROCESSABLE_ENTITY", "PAYLOAD_TOO_LARGE",
}  # fmt: skip
MAX_LINE = 400


def _quote(line: str, limit: int = 160) -> str:
    """A line of the architecture as one plain line of at most ``limit`` characters."""
    plain = " ".join(re.sub(r"[`*|]", " ", line).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"


def error_codes(architecture: str) -> tuple[ErrorCode, ...]:
    """The domain errors the architecture names with a status (``409 SLOT_TAKEN``, ``SLOT_TAKEN (409)``),
    in order, each once; the generic ones every API has are the plan's own."""
    found: dict[str, ErrorCode] = {}
    for line in architecture.splitlines():
        if len(line) > MAX_LINE or not any(char.isdigit() for char in line):
            continue
        for pattern in (_STATUS_THEN_CODE, _CODE_THEN_STATUS):
            for match in pattern.finditer(line):
                code = match["code"]
                if code not in _GENERIC_CODES and code not in found:
                    found[code] = ErrorCode(status=int(match["status"]), code=code, note=_quote(line))
    return tuple(found.values())


_UNIT = r"(?P<unit>minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w)\b"
_ACCESS_TTL = re.compile(r"access[ -]?tokens?\b[^.\n|]{0,60}?\b(?P<n>\d{1,3})\s*-?\s*" + _UNIT)
_REFRESH_TTL = re.compile(r"refresh[ -]?tokens?\b[^.\n|]{0,60}?\b(?P<n>\d{1,3})\s*-?\s*" + _UNIT)
_TTL_BEFORE = re.compile(
    r"\b(?P<n>\d{1,3})[ -]" + _UNIT + r"[^.\n|]{0,25}?\b(?P<kind>access|refresh)[ -]?tokens?"
)
_UNITS = {"m": "minute", "min": "minute", "h": "hour", "hr": "hour", "d": "day", "w": "week"}
# "the clinic id", "clinic_id", "clinicId" (case kept: "paid" or "valid" are no claim)
_CLAIM = re.compile(r"\b(?P<name>[a-z]+)(?:[ _](?:id|ID)\b|Id\b)")
_NOT_A_CLAIM = frozenset(
    (
        "user", "sub", "token", "request", "session", "j", "ui", "valid", "unique", "same", "their", "its",
        "an", "the", "a", "own", "internal", "external", "public", "random", "opaque", "numeric", "stable",
    )
)  # fmt: skip
_CARRIES = re.compile(
    r"\b(?:jwt|access[ -]?tokens?|tokens?)\b[^.\n]{0,60}?"
    r"\b(?:carr(?:y|ies)|contains?|includes?|holds?|claims?|with)\b[^.\n]{0,60}"
)


def _duration(count: str, unit: str) -> str:
    unit = unit.rstrip("s") if len(unit) > 1 else unit
    word = _UNITS.get(unit, unit)
    return f"{int(count)} {word}{'s' if int(count) != 1 else ''}"


def auth_design(architecture: str) -> AuthDesign:
    """Token lifetimes, the refresh token's transport and store, and extra JWT claims, where the
    architecture states them, line by line."""
    values: dict[str, object] = {}
    for written in architecture.splitlines():
        line = written.lower()
        if len(line) > MAX_LINE or ("token" not in line and "jwt" not in line):
            continue
        for match in _TTL_BEFORE.finditer(line):
            values.setdefault(f"{match['kind']}_ttl", _duration(match["n"], match["unit"]))
        if (access := _ACCESS_TTL.search(line)) is not None:
            values.setdefault("access_ttl", _duration(access["n"], access["unit"]))
        if (refresh := _REFRESH_TTL.search(line)) is not None:
            values.setdefault("refresh_ttl", _duration(refresh["n"], refresh["unit"]))
        if "refresh" in line and "cookie" in line:
            values.setdefault("refresh_cookie", True)
        if "refresh" in line and _first(line, _CACHES) and re.search(r"famil|stor|kept|keep|revok", line):
            values.setdefault("refresh_store", _first(line, _CACHES))
        for carried in _CARRIES.finditer(line):
            # the same characters as written (lower() keeps the length but for a few letters)
            span = written[carried.start() : carried.end()] if len(written) == len(line) else carried[0]
            claims = [
                naming.camel(f"{claim['name']}_id")
                for claim in _CLAIM.finditer(span)
                if claim["name"] not in _NOT_A_CLAIM
            ]
            if claims:
                values.setdefault("claims", tuple(dict.fromkeys(claims)))
    return AuthDesign.model_validate({**values, "stated": tuple(sorted(values))})


_PROVIDERS: dict[BackgroundKind, dict[str, str]] = {
    "email": {
        "sendgrid": "SendGrid", "postmark": "Postmark", "mailgun": "Mailgun", "amazon ses": "Amazon SES",
        "resend": "Resend", "mailjet": "Mailjet", "brevo": "Brevo", "smtp": "SMTP",
    },
    "sms": {"twilio": "Twilio", "vonage": "Vonage", "messagebird": "MessageBird", "plivo": "Plivo"},
    "webhook": {
        "stripe": "Stripe", "paypal": "PayPal", "adyen": "Adyen", "mollie": "Mollie", "twilio": "Twilio",
        "sendgrid": "SendGrid", "postmark": "Postmark", "github": "GitHub", "shopify": "Shopify",
    },
}  # fmt: skip
_WORKER = re.compile(r"(?P<name>(?:(?<![\w.])[a-z][a-z-]+ ){0,2})workers?\b")
_SCHEDULE = re.compile(
    r"\b(?:cron|scheduler|scheduled (?:job|task)s?|@nestjs/schedule|nightly|hourly job|daily job|"
    r"every \d+ (?:minutes?|hours?))\b"
)
_NOT_A_JOB_WORKER = {
    "service", "web", "the", "a", "an", "one", "each", "background", "node", "thread", "and", "api", "by",
    "for", "in", "its", "own", "separate", "dedicated", "single", "same", "with", "to", "of", "on",
}  # fmt: skip


def _nearest(text: str, where: int, table: dict[str, str]) -> str:
    """The technology of ``table`` named nearest to ``where`` in ``text``."""
    best: tuple[int, str] | None = None
    for word, name in table.items():
        for match in naming.whole(word).finditer(text):
            distance = abs(match.start() - where)
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else ""


_NAMED = {
    kind: re.compile(r"\b(?:" + "|".join(re.escape(word) for word in table) + r")\b")
    for kind, table in _PROVIDERS.items()
}


def background(architecture: str) -> tuple[Background, ...]:
    """The background work the architecture names: workers, schedules, providers' webhooks and the
    e-mail and SMS providers (each once, in order; mentions that turn one down skipped)."""
    found: dict[tuple[str, str], Background] = {}

    def add(kind: BackgroundKind, name: str, line: str) -> None:
        found.setdefault((kind, name.lower()), Background(kind=kind, name=name, line=_quote(line)))

    for line in architecture.splitlines():
        if len(line) > MAX_LINE:
            continue
        text = line.lower()
        for match in _WORKER.finditer(text):
            words = [w for w in match["name"].split() if w not in _NOT_A_JOB_WORKER]
            if _affirmed(text, match) and not text.lstrip().startswith(("#", "//")):
                add("worker", " ".join([*words, "worker"]), line)
        if (schedule := _SCHEDULE.search(text)) is not None and _affirmed(text, schedule):
            add("schedule", "scheduled jobs", line)
        if "webhook" in text:
            add("webhook", _nearest(text, text.index("webhook"), _PROVIDERS["webhook"]) or "provider", line)
        for kind in ("email", "sms"):
            if _NAMED[kind].search(text) is None:  # one scan for the whole table first
                continue
            provider = _first(text, _PROVIDERS[kind])
            if provider and (kind != "email" or provider != "SMTP" or "mail" in text):
                add(kind, provider, line)
    named_webhooks = any(kind == "webhook" and name != "provider" for kind, name in found)
    return tuple(
        w for w in found.values() if not (named_webhooks and w.kind == "webhook" and w.name == "provider")
    )


_ENDPOINT = re.compile(r"\b(?P<method>GET|POST|PUT|PATCH|DELETE)\s+`?(?P<path>/[\w\-./:{}]*)")
_PREFIX = re.compile(r"^(?:/api)?(?:/v\d+)?(?=/)")
_PARAMETER = re.compile(r"\{(\w+)\}")


def endpoints(architecture: str) -> tuple[NamedEndpoint, ...]:
    """The endpoints the architecture names, each once, in the plan's path form."""
    found: dict[tuple[str, str], NamedEndpoint] = {}
    for line in architecture.splitlines():
        if len(line) > MAX_LINE or "/" not in line:
            continue
        for match in _ENDPOINT.finditer(line):
            path = _PARAMETER.sub(r":\1", _PREFIX.sub("", match["path"].rstrip("/.`") or "/"))
            if path in ("", "/"):
                continue
            key = (match["method"], path)
            found.setdefault(key, NamedEndpoint(method=match["method"], path=path, line=_quote(line)))
    return tuple(found.values())


_FRAMEWORKS = {
    "fastify": "Fastify",
    "express": "Express",
    "koa": "Koa",
    "hapi": "hapi",
    "adonisjs": "AdonisJS",
}
_NEST = re.compile(r"\bnest(?:\.?js)?\b")
_OVER = re.compile(r"\b(?:over|instead of|rather than)\s*$")


def _platform(text: str) -> Platform:
    """Fastify where the architecture chooses it, else Express (Nest's default)."""
    return "fastify" if _first(text, {"fastify": "fastify"}) else "express"


def _other_framework(architecture: str, text: str) -> str:
    """The line that builds the API on another framework: one that turns Nest.js down ("chose
    Fastify over Nest.js", "without Nest"), or that names a framework where Nest.js is never named."""
    framework = _first(text, _FRAMEWORKS)
    if not framework:
        return ""
    turned_down = [
        match
        for match in _NEST.finditer(text)
        if not _affirmed(text, match) or _OVER.search(text[max(0, match.start() - 20) : match.start()])
    ]
    if not turned_down and _NEST.search(text):
        return ""
    if turned_down:  # the sentence that turns it down
        at, low = turned_down[0].start(), max(0, turned_down[0].start() - 200)
        start = max(text.rfind(". ", low, at), text.rfind("\n", low, at), low - 1) + 1
        stops = [i for i in (text.find(". ", at, at + 200), text.find("\n", at, at + 200)) if i >= 0]
        return _quote(architecture[start : min(stops) if stops else at + 200])
    line = next((ln for ln in architecture.splitlines() if framework.lower() in ln.lower()), "")
    return _quote(line)


def read(architecture: str) -> Stack:
    """The stack the architecture document chooses; PostgreSQL and Prisma where it is silent."""
    text = architecture.lower()
    orm = _orm(text)
    database = _first(text, _DATABASES)
    return Stack(
        platform=_platform(text),
        other_framework=_other_framework(architecture, text),
        orm=orm or "prisma",
        orm_stated=orm is not None,
        orm_major=_major(_PRISMA_VERSION, text, 0) if orm in (None, "prisma") else 0,
        database_major=_major(_POSTGRES_VERSION, text, 16),
        database="PostgreSQL",
        database_stated=database == "PostgreSQL",
        other_database=database if database and database != "PostgreSQL" else "",
        cache=_first(text, _CACHES),
        queue=_first(text, _QUEUES),
        auth=_first(text, _AUTH) or "JWT",
        problem_details=_PROBLEM_DETAILS.search(text) is not None,
        error_codes=error_codes(architecture),
        auth_design=auth_design(architecture),
        background=background(architecture),
        endpoints=endpoints(architecture),
    )
