"""``devbot demo``: the whole Slack flow on this machine, with no Slack account and no network.

A temporary bare repository seeded with the sample workspaces, local stand-ins for the Slack
Web API and for GitHub's pull-request API, the real app in HTTP mode behind waitress, and a
correctly signed ``/dev-backend``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from pydantic import SecretStr

from bot.demo.forge_stub import ForgeStub
from bot.demo.slack_stub import SlackStub, slash_command
from bot.settings import Settings
from bot.slack import server

SAMPLES = Path(__file__).resolve().parents[2] / "workspaces"
DEMO_SLUG = "pawgroom"
WEB_URL = "https://github.com/acme/mvps"  # a placeholder: links in the demo point nowhere real
SECRET = "demo-signing-secret"  # noqa: S105 - a throwaway secret for the offline demo


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Product Team", "-c", "user.email=team@example.com", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def seed_remote(root: Path) -> Path:
    """A bare repository whose ``main`` holds the sample workspaces."""
    work = root / "seed"
    shutil.copytree(SAMPLES, work / "workspaces", ignore=shutil.ignore_patterns("backend"))
    _git("init", "--quiet", "--initial-branch=main", ".", cwd=work)
    _git("add", "-A", cwd=work)
    _git("commit", "--quiet", "-m", "MVP workspaces", cwd=work)
    remote = root / "mvps.git"
    _git("clone", "--quiet", "--bare", str(work), str(remote), cwd=root)
    _git("config", "uploadpack.allowFilter", "true", cwd=remote)  # as hosted forges do: partial clones
    _git("repack", "-adq", "--write-bitmap-index", cwd=remote)  # and reachability bitmaps
    return remote


def _show(stub: SlackStub, acked: str) -> None:
    print("What the user sees in Slack")
    print("─" * 60)
    print(f"[only visible to you] devbot: {acked}")
    for message in stub.messages:
        print(f"\n#product · devbot (edited {message.edits} times as the job progressed):")
        print("  " + message.text.replace("\n", "\n  "))
        for reply in message.thread:
            print("\n  ↳ thread reply from devbot:")
            print("    " + reply.replace("\n", "\n    "))
    print("\nProgress, as the parent message was edited:")
    for call in stub.called("chat.update"):
        last = str(call.params.get("text", "")).splitlines()
        current = next((line for line in last if line.startswith("⏳")), last[-1] if last else "")
        print(f"  {current}")


def _show_pull_requests(forge: ForgeStub) -> None:
    for pull in forge.pulls:
        kind = "draft pull request" if pull.draft else "pull request"
        print(f"\nThe {kind} on the forge stand-in: #{pull.number} {pull.title}")
        print(f"  {pull.head} → {pull.base}, {len(pull.body):,} characters of body; its first lines:")
        print("  " + "\n  ".join(pull.body.splitlines()[1:8]))


def main() -> int:
    """Run the demo; 0 when the branch was pushed and the thread reply posted."""
    with (
        tempfile.TemporaryDirectory(prefix="devbot-demo-") as temporary,
        SlackStub() as stub,
        ForgeStub("github", web=WEB_URL) as forge,
    ):
        root = Path(temporary)
        remote = seed_remote(root)
        settings = Settings(
            slack_bot_token=SecretStr("xoxb-demo"),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=stub.url,
            devbot_repo_url=remote.as_uri(),
            devbot_web_url=WEB_URL,
            devbot_cache_dir=root / "cache",
            devbot_forge_token=SecretStr(forge.token),
            devbot_forge_api_url=forge.url,
        )
        service = server.build(settings)
        http = server.http_server(service, "127.0.0.1", 0)
        thread = threading.Thread(target=server.run_until_closed, args=(http,), daemon=True)
        thread.start()
        url = f"http://127.0.0.1:{http.effective_port}/slack/events"
        print(f"Bare repository: {remote}\nSlack stand-in: {stub.url}\ndevbot (HTTP mode): {url}")
        print(f"GitHub stand-in (DEVBOT_FORGE_API_URL): {forge.url}")
        print(f"Links use DEVBOT_WEB_URL={settings.devbot_web_url} (a placeholder for the demo)\n")
        print(f"→ /dev-backend {DEMO_SLUG}   (signed like Slack signs it)\n")
        body, headers = slash_command(SECRET, DEMO_SLUG, response_url=stub.response_url("demo"))
        started = time.perf_counter()
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own loopback server
            acked = response.read().decode()
        ack_ms = (time.perf_counter() - started) * 1000
        finished = service.queue.wait_idle(timeout=120)
        total = time.perf_counter() - started
        http.close()
        service.queue.shutdown(5)
        _show(stub, json.loads(acked).get("text", acked))
        _show_pull_requests(forge)
        print(f"\nAcknowledged in {ack_ms:.0f} ms; thread reply after {total:.1f} s.")
        branch = f"dev-backend/{DEMO_SLUG}"
        try:
            listing = _git(
                "ls-tree", "-r", "--name-only", branch, "--", f"workspaces/{DEMO_SLUG}", cwd=remote
            )
        except subprocess.CalledProcessError:
            print(f"\n✗ the branch {branch} was not pushed")
            return 1
        print(f"\nFiles on the pushed branch {branch} (workspaces/{DEMO_SLUG}/):")
        for line in listing.splitlines():
            print(f"  {line.removeprefix(f'workspaces/{DEMO_SLUG}/')}")
        print("\nThe commit:")
        print(
            "  "
            + _git("log", "-1", "--format=%an <%ae>%n%n%B", branch, cwd=remote).strip().replace("\n", "\n  ")
        )
        plan = _git("show", f"{branch}:workspaces/{DEMO_SLUG}/code/backend/backend-plan.md", cwd=remote)
        print("\nbackend-plan.md, first lines:")
        print("  " + "\n  ".join(plan.splitlines()[:16]))
        return 0 if finished and stub.messages and stub.messages[0].thread and forge.pulls else 1
