"""Stack hints from the architecture: ORM, database, cache, queue and authentication."""

from __future__ import annotations

import re

from generators import naming
from generators.model import Orm, Stack

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


def _first(text: str, table: dict[str, str]) -> str:
    best: tuple[int, str] | None = None
    for word, name in table.items():
        match = naming.whole(word).search(text)
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


def read(architecture: str) -> Stack:
    """The stack the architecture document chooses; PostgreSQL and Prisma where it is silent."""
    text = architecture.lower()
    orm = _orm(text)
    database = _first(text, _DATABASES)
    return Stack(
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
    )
