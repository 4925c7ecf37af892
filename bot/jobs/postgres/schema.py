"""The database schema: Procrastinate's and devbot's own, created or upgraded by ``devbot migrate``.

Procrastinate's schema is applied whole on an empty database and upgraded with the migration files
it ships (each applied once, in order); devbot's tables are versioned in ``devbot_schema``. Every
step runs under an advisory lock, so two ``migrate`` at once do the work once. ``serve`` and
``worker`` call ``check`` and refuse to start on a missing or older schema.
"""

from __future__ import annotations

import logging
from pathlib import Path

import psycopg
from procrastinate import schema as procrastinate_schema

from bot.errors import BadSetting

log = logging.getLogger("devbot.schema")
VERSION = 1  # devbot's own tables; raise it with a new entry in ``_DEVBOT``
_LOCK = 0x64657662  # pg_advisory_xact_lock key: "devb"

_BOOK = """
CREATE TABLE IF NOT EXISTS devbot_schema (
    component text PRIMARY KEY,
    version text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""

# devbot's schema versions, each the SQL that takes the previous version to it.
_DEVBOT: dict[int, str] = {
    1: """
CREATE TABLE devbot_runs (
    run_id text PRIMARY KEY,
    slug text NOT NULL,
    trigger_id text,
    job jsonb NOT NULL,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'ended')),
    outcome text NOT NULL DEFAULT '',
    handle jsonb NOT NULL DEFAULT '{}',
    stage text NOT NULL DEFAULT '',
    attempts integer NOT NULL DEFAULT 0,
    worker text NOT NULL DEFAULT '',
    lease_until timestamptz,
    replica text NOT NULL DEFAULT '',
    requested_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    ended_at timestamptz
);
-- a trigger (a Slack interaction, retried or replayed) starts one run, at whichever replica
CREATE UNIQUE INDEX devbot_runs_trigger ON devbot_runs (trigger_id) WHERE trigger_id IS NOT NULL;
-- the slug's lease: one queued or running run per slug across every replica and worker
CREATE UNIQUE INDEX devbot_runs_active_slug ON devbot_runs (slug) WHERE state <> 'ended';
CREATE INDEX devbot_runs_leases ON devbot_runs (lease_until) WHERE state = 'running';
""",
}


def _migrations() -> list[Path]:
    """Procrastinate's migration files, in the order they apply."""
    folder = Path(procrastinate_schema.SchemaManager.get_migrations_path())
    return sorted(path for path in folder.glob("*.sql"))


def _recorded(conn: psycopg.Connection) -> dict[str, str]:
    exists = conn.execute("SELECT to_regclass('devbot_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return {}
    return {
        str(name): str(version)
        for name, version in conn.execute("SELECT component, version FROM devbot_schema")
    }


def _record(conn: psycopg.Connection, component: str, version: str) -> None:
    conn.execute(
        "INSERT INTO devbot_schema (component, version) VALUES (%s, %s) "
        "ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, applied_at = now()",
        (component, version),
    )


def migrate(url: str) -> list[str]:
    """Create or upgrade the schema; what was applied (empty: it was up to date)."""
    applied: list[str] = []
    latest = _migrations()[-1].name
    with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
        conn.execute(_BOOK)
        recorded = _recorded(conn)
        has_queue = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
        if not (has_queue and has_queue[0]):
            conn.execute(procrastinate_schema.SchemaManager.get_schema().encode())
            applied.append(f"procrastinate schema ({latest})")
        elif recorded.get("procrastinate", "") < latest:
            for path in _migrations():
                if path.name > recorded.get("procrastinate", ""):
                    conn.execute(path.read_bytes())
                    applied.append(f"procrastinate {path.name}")
        _record(conn, "procrastinate", latest)
        current = int(recorded.get("devbot", "0"))
        for version in sorted(_DEVBOT):
            if version > current:
                conn.execute(_DEVBOT[version].encode())
                applied.append(f"devbot {version}")
        _record(conn, "devbot", str(max(current, VERSION)))
    return applied


def check(url: str) -> None:
    """``BadSetting`` unless the database answers and holds the schema this devbot needs."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            recorded = _recorded(conn)
    except psycopg.OperationalError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise BadSetting(f"DEVBOT_DATABASE_URL does not answer ({first})") from None
    if not recorded:
        raise BadSetting("the database has no devbot schema: run `devbot migrate` first")
    if (
        recorded.get("procrastinate", "") < _migrations()[-1].name
        or int(recorded.get("devbot", "0")) < VERSION
    ):
        raise BadSetting("the database's schema is older than this devbot: run `devbot migrate`")
    if int(recorded.get("devbot", "0")) > VERSION:
        raise BadSetting("the database's schema is newer than this devbot: upgrade devbot")
