"""``devbot``: the command line."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot import slugs
from bot.cli import folder
from bot.cli import text as cli_text
from bot.cli.terminal import TerminalReporter
from bot.errors import BadSetting, UserError
from bot.jobs import pipeline
from bot.jobs.job import Job
from bot.redact import log_to_stderr
from bot.settings import Settings
from bot.settings import load as load_settings
from bot.slack import commands
from generators.generate import Generator, Options, changes
from generators.read import workspace

log = logging.getLogger("devbot")


def _generate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    files = folder.read(root, args.slug)
    generator = Generator(node_checks=True)
    try:
        result = generator.generate(args.slug, files, Options(orm=args.orm))
    finally:
        generator.close()
    pending = changes(files, result, datetime.now(UTC))
    if args.dry_run:
        states = {path: ("changed" if path in files else "new", len(data)) for path, data in pending.items()}
        print(cli_text.result_summary(result))
        print()
        print(cli_text.would_write(states, args.slug))
        return 0
    written = folder.write(root, args.slug, pending)
    print(cli_text.result_summary(result))
    print()
    print(cli_text.written(written, args.slug))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``devbot``."""
    main_parser = argparse.ArgumentParser(
        prog="devbot", description="Nest.js backend plans for MVP workspaces."
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write code/backend/ for one workspace folder")
    gen.add_argument("slug", help="the MVP's folder name under workspaces/")
    gen.add_argument("--root", default=".", help="the repository holding workspaces/ (default: .)")
    gen.add_argument("--orm", choices=("prisma", "typeorm"), help="override the architecture's ORM")
    gen.add_argument("--dry-run", action="store_true", help="write nothing, show what would change")
    gen.set_defaults(handler=_generate)
    inspect = commands.add_parser("inspect", help="show what devbot reads from a document or a workspace")
    inspect.add_argument(
        "path", help="a Markdown file (a PRD, or an architecture if its name says so) or a folder"
    )
    inspect.set_defaults(handler=_inspect)
    run = commands.add_parser("run", help="the Slack job without Slack: generate, commit, push")
    run.add_argument("slug")
    run.add_argument("--base", help="branch to start from (default: DEVBOT_BASE_BRANCH)")
    run.add_argument("--orm", choices=("prisma", "typeorm"))
    run.add_argument("--dry-run", action="store_true", help="generate and compare; commit nothing")
    run.set_defaults(handler=_run)
    serve = commands.add_parser("serve", help="answer /dev-backend in Slack (Socket Mode or HTTP)")
    serve.add_argument("--port", type=int, default=3000, help="HTTP mode: port to listen on (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="HTTP mode: address to bind (default 0.0.0.0)")  # noqa: S104
    serve.set_defaults(handler=_serve)
    migrate = commands.add_parser("migrate", help="create or upgrade the job queue's database schema")
    migrate.set_defaults(handler=_migrate)
    worker = commands.add_parser("worker", help="run queued jobs (with DEVBOT_DATABASE_URL)")
    worker.add_argument(
        "--concurrency", type=int, default=None, help="jobs at once (default: DEVBOT_WORKERS)"
    )
    worker.set_defaults(handler=_worker)
    demo = commands.add_parser("demo", help="run the whole flow on the bundled samples, offline")
    demo.set_defaults(handler=_demo)
    return main_parser


def _inspect(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if path.is_dir():
        files = folder.read_dir(path)
        files.setdefault(workspace.CONFIG, json.dumps({"name": path.name}).encode())
        slug = path.name
    elif path.is_file():
        target = workspace.ARCHITECTURE if "arch" in path.name.lower() else workspace.PRD
        files = {workspace.CONFIG: json.dumps({"name": path.stem}).encode(), target: folder.read_file(path)}
        slug = "inspect"
    else:
        raise UserError(f"`{args.path}` is neither a file nor a folder")
    print(cli_text.inspect(workspace.read(slug, files)))
    return 0


def _run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.devbot_repo_url:
        raise BadSetting("set DEVBOT_REPO_URL to the workspaces repository (https, ssh or file URL)")
    job = Job(
        slug=slugs.check(args.slug),
        dry_run=args.dry_run,
        base=commands.check_branch(args.base) if args.base else None,
        orm=args.orm,
        requester_name=getpass.getuser(),
    )
    reporter = TerminalReporter()
    pipeline.run(job, settings, reporter)
    pipeline.tidy(settings)
    return 0 if reporter.outcome is not None else 1


def _serve(args: argparse.Namespace) -> int:
    from bot.slack import server

    server.serve(load_settings(), args.host, args.port)
    return 0


def _database_url(settings: Settings) -> str:
    if settings.devbot_database_url is None:
        raise BadSetting("set DEVBOT_DATABASE_URL to the PostgreSQL database of the job queue")
    return settings.devbot_database_url.get_secret_value()


def _migrate(args: argparse.Namespace) -> int:
    from bot.jobs.postgres import schema

    del args
    applied = schema.migrate(_database_url(load_settings()))
    print(cli_text.migrated(applied))
    return 0


def _worker(args: argparse.Namespace) -> int:
    from bot.jobs.postgres import schema
    from bot.jobs.postgres.worker import Worker

    settings = load_settings()
    schema.check(_database_url(settings))
    if not settings.devbot_repo_url:
        raise BadSetting("set DEVBOT_REPO_URL to the workspaces repository (https, ssh or file URL)")
    if settings.slack_bot_token is None:
        raise BadSetting("set SLACK_BOT_TOKEN (the bot token, xoxb-…): workers report in Slack")
    if args.concurrency is not None and not 1 <= args.concurrency <= 64:
        raise BadSetting("--concurrency is a number of jobs from 1 to 64")
    Worker(settings, args.concurrency or settings.devbot_workers).serve()
    return 0


def _demo(args: argparse.Namespace) -> int:
    from bot.demo import run as demo

    del args
    return demo.main()


def _logging() -> None:
    try:
        secrets = load_settings().secrets
    except BadSetting:
        secrets = ()  # the command that needs the settings says what is wrong
    log_to_stderr(secrets)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``devbot``; the exit status: 0 done, 1 the user's input, 2 usage or configuration, 3 a bug."""
    args = parser().parse_args(argv)
    _logging()
    try:
        return int(args.handler(args))
    except BadSetting as err:
        print(cli_text.error(str(err)), file=sys.stderr)
        return 2
    except UserError as err:
        print(cli_text.error(str(err)), file=sys.stderr)
        return 1
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("internal error %s", error_id)
        print(cli_text.bug(error_id), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
