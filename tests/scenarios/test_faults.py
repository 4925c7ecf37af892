"""Bad input, faults and attacks: a clear answer, nothing lost, nothing leaked.

Each case checks what the user sees and that the remote is unchanged (or updated in one
commit), the slug's lock is released, and no secret or response URL reaches a message or a log.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client as http_client
import logging
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.demo.slack_stub import SlackStub, slash_command
from bot.git.diagnose import explain as _explain
from bot.settings import Settings
from bot.slack import server
from bot.slack.server import Service
from tests import githttp
from tests.scenarios.conftest import SECRET, Remote, dispatch, post

BRANCH = "dev-backend/pawgroom"


def reply(slack: SlackStub) -> str:
    """The last thread reply, or the last response_url post when the channel was out of reach."""
    replies = [str(c.params["text"]) for c in slack.called("chat.postMessage") if c.params.get("thread_ts")]
    if replies:
        return replies[-1]
    # A job ended before its channel message was posted (a loaded machine) answers where it can.
    posted = slack.posted_to("r1")
    assert posted, "the user was told nothing"
    return str(posted[-1]["text"])


def run_job(service: Service, slack: SlackStub, text: str = "pawgroom") -> str:
    dispatch(service, text, slack)
    assert service.queue.wait_idle(60)
    assert service.queue.running() == []
    return reply(slack)


@pytest.fixture
def faulty(settings: Settings) -> Settings:
    """Settings with short timeouts, for remotes and Slacks that hang."""
    return settings.model_copy(update={"devbot_git_timeout": 2, "devbot_slack_timeout": 1})


def start(settings: Settings) -> Service:
    return server.build(settings)


# Slack requests ---------------------------------------------------------------------------------


def test_no_body_or_response_url_is_logged(
    http: str, slack: SlackStub, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    """Neither a rejected request nor a served one puts its body or response URL in a log line."""
    caplog.set_level(logging.DEBUG)
    body, headers = slash_command(SECRET, "pawgroom", response_url=slack.response_url("secret-url"))
    headers["X-Slack-Signature"] = "v0=" + "1" * 64
    assert post(http + "/slack/events", body, headers)[0] == 401
    dispatch(service, "pawgroom", slack, response_name="secret-url")
    assert service.queue.wait_idle(60)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert slack.response_url("secret-url") not in logged
    assert "team_domain" not in logged
    assert "xoxb-test-token" not in logged


@pytest.mark.parametrize("slug", ["../../etc", "-rf", "PAWGROOM", "paw groom", "pаwgroom", "a" * 200, "x/y"])
def test_hostile_slugs_are_refused_before_anything_runs(
    service: Service, slack: SlackStub, slug: str
) -> None:
    """A slug that breaks the rule gets the rule, only for the user, and starts nothing."""
    _, ack = dispatch(service, slug, slack)
    assert ack["response_type"] == "ephemeral"
    assert "lower-case letters, digits and dashes" in ack["text"]
    assert service.queue.running() == []
    assert slack.called("chat.postMessage") == []


# Inputs -----------------------------------------------------------------------------------------


def test_oversized_input_is_refused_with_the_limit(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """A PRD over the size cap: the file and the limit named, nothing pushed."""
    remote.commit_file("main", "workspaces/pawgroom/product/prd/prd.md", "x" * (2 * 1024 * 1024 + 10))
    text = run_job(service, slack)
    assert "`product/prd/prd.md` is 2,097,162 bytes, over the 2,097,152-byte limit per document" in text
    assert remote.head(BRANCH) is None


def test_invalid_utf8_and_broken_config_name_the_file(
    service: Service, slack: SlackStub, remote: Remote
) -> None:
    """Invalid UTF-8 in the PRD, then duplicate keys in config.json: each named, nothing pushed."""
    path = remote.root / "bad.md"
    path.write_bytes(b"# PRD\n\xff\xfe broken")
    remote.commit_file("main", "workspaces/pawgroom/product/prd/prd.md", path.read_text("latin-1"))
    work = remote.root / "utf8"
    remote.git("clone", "--quiet", str(remote.path), str(work), cwd=remote.root)
    (work / "workspaces/pawgroom/product/prd/prd.md").write_bytes(b"# PRD\n\xff\xfe broken")
    remote.git("commit", "--quiet", "-am", "binary", cwd=work)
    remote.git("push", "--quiet", "origin", "main", cwd=work)
    assert "`product/prd/prd.md` is not UTF-8 text" in run_job(service, slack)
    remote.commit_file("main", "workspaces/pawgroom/config.json", '{"name": "A", "name": "B"}')
    assert 'config.json` is not valid: the key "name" appears twice' in run_job(service, slack)
    assert remote.head(BRANCH) is None


def test_symlinks_in_the_repository_are_refused(service: Service, slack: SlackStub, remote: Remote) -> None:
    """A committed symlink among the inputs (to /etc/passwd) or at the output: refused, never followed."""
    work = remote.root / "links"
    remote.git("clone", "--quiet", str(remote.path), str(work), cwd=remote.root)
    prd = work / "workspaces/pawgroom/product/prd/prd.md"
    prd.unlink()
    prd.symlink_to("/etc/passwd")
    remote.git("add", "-A", cwd=work)
    remote.git("commit", "--quiet", "-m", "link", cwd=work)
    remote.git("push", "--quiet", "origin", "main", cwd=work)
    text = run_job(service, slack)
    assert "`product/prd/prd.md` is a symbolic link in the repository" in text
    assert "root:" not in "".join(str(c.params) for c in slack.calls)
    remote.git("revert", "--no-edit", "HEAD", cwd=work)
    (work / "workspaces/pawgroom/code/backend").symlink_to("../../../etc")
    remote.git("add", "-A", cwd=work)
    remote.git("commit", "--quiet", "-m", "output link", cwd=work)
    remote.git("push", "--quiet", "origin", "main", cwd=work)
    text = run_job(service, slack)
    assert "is a link or file where devbot writes a folder" in text
    assert remote.head(BRANCH) is None


# Git --------------------------------------------------------------------------------------------


def test_unreachable_remote(settings: Settings, slack: SlackStub, tmp_path: Path) -> None:
    """A remote that is not there: said plainly, the lock released."""
    service = start(settings.model_copy(update={"devbot_repo_url": (tmp_path / "nowhere.git").as_uri()}))
    try:
        assert "no repository at DEVBOT_REPO_URL" in run_job(service, slack)
    finally:
        service.queue.shutdown(5)


def test_a_job_ended_in_its_first_stage_is_told_in_its_thread(settings: Settings, slack: SlackStub) -> None:
    """A fetch from a remote that never answers outlives the job's deadline: the worker is ended
    while fetching and the thread (known though no stage followed) says so."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    port = listener.getsockname()[1]
    hanging = f"git://127.0.0.1:{port}/mvps.git"
    service = start(settings.model_copy(update={"devbot_repo_url": hanging, "devbot_job_timeout": 2.0}))
    try:
        text = run_job(service, slack)
        assert "the job took longer than 2 s and was stopped while fetching the repository" in text
        assert "nothing was pushed" in text.lower()
    finally:
        service.queue.shutdown(5)
        listener.close()
        for connection in held:
            connection.close()


def test_hung_remote_times_out(faulty: Settings, slack: SlackStub) -> None:
    """A remote that accepts and never answers: git is stopped after the transfer timeout."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    port = listener.getsockname()[1]
    service = start(faulty.model_copy(update={"devbot_repo_url": f"git://127.0.0.1:{port}/mvps.git"}))
    try:
        started = time.monotonic()
        text = run_job(service, slack)
        assert "timed out after 2 s: the repository is not answering" in text
        assert time.monotonic() - started < 30
    finally:
        service.queue.shutdown(5)
        listener.close()
        for connection in held:
            connection.close()


class _Refuse(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_private_remote_over_http_works_and_its_password_is_never_shown(
    settings: Settings, slack: SlackStub, remote: Remote, caplog: pytest.LogCaptureFixture
) -> None:
    """git's smart HTTP with a password in the URL, as a forge serves a private repository: the
    cold blobless clone, the push and a re-run after a human edit all work, and the password is in
    no Slack message and no log line (the workers' lines: tests/bot/test_logging.py)."""
    caplog.set_level(logging.DEBUG)
    with githttp.serving(remote.path.parent, password="s3cret-Pass") as base:
        url = base.replace("http://", "http://devbot:s3cret-Pass@") + f"/{remote.path.name}"
        service = start(settings.model_copy(update={"devbot_repo_url": url}))
        try:
            assert "✅ Backend plan complete for PawGroom" in run_job(service, slack)
            cache = next(settings.devbot_cache_dir.glob("*.git"))
            assert list((cache / "objects" / "pack").glob("*.promisor")), "the first fetch is partial"
            prd = remote.show("main", "workspaces/pawgroom/product/prd/prd.md")
            remote.commit_file(
                "main",
                "workspaces/pawgroom/product/prd/prd.md",
                prd + "\nAs an admin, I want to ban a user.\n",
            )
            assert "📝 Committed" in run_job(service, slack)
            assert "POST /users/:id/ban" in remote.show(
                BRANCH, "workspaces/pawgroom/code/backend/api-spec.md"
            )
            config = (cache / "config").read_text()
            assert "s3cret" not in config, "the password is stored in the clone"
            assert "url = " + base in config
            assert stat.S_IMODE(cache.stat().st_mode) == 0o700
            assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
        finally:
            service.queue.shutdown(5)
    everything = "".join(str(c.params) for c in slack.calls) + caplog.text
    assert "s3cret" not in everything


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_the_password_is_on_no_command_line(
    settings: Settings, slack: SlackStub, remote: Remote, tmp_path: Path
) -> None:
    """While git fetches and pushes (the push held by the remote for a while), no process's command
    line holds the password: git gets it from a helper reading its environment."""
    remote.hook("pre-receive", "sleep 1.5\n")
    seen: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                with contextlib.suppress(OSError):
                    line = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
                    if "s3cret" in line and "pytest" not in line:
                        seen.append(line)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    with githttp.serving(remote.path.parent, password="s3cret-Pass") as base:
        url = base.replace("http://", "http://devbot:s3cret-Pass@") + f"/{remote.path.name}"
        service = start(settings.model_copy(update={"devbot_repo_url": url}))
        watcher.start()
        try:
            assert "✅ Backend plan complete for PawGroom" in run_job(service, slack)
        finally:
            stop.set()
            watcher.join(5)
            service.queue.shutdown(5)
    assert seen == []


def test_authentication_failure_never_shows_the_token(
    settings: Settings, slack: SlackStub, caplog: pytest.LogCaptureFixture
) -> None:
    """Refused credentials: a message that says so, and the token in no message and no log line."""
    caplog.set_level(logging.DEBUG)
    refusing = ThreadingHTTPServer(("127.0.0.1", 0), _Refuse)
    threading.Thread(target=refusing.serve_forever, daemon=True).start()
    url = f"http://x-access-token:ghp_TOPSECRET123@127.0.0.1:{refusing.server_address[1]}/acme/mvps.git"
    service = start(settings.model_copy(update={"devbot_repo_url": url}))
    try:
        text = run_job(service, slack)
        assert "refused devbot's credentials" in text
        everything = "".join(str(c.params) for c in slack.calls)
        everything += "".join(r.getMessage() for r in caplog.records)
        assert "TOPSECRET" not in everything
    finally:
        service.queue.shutdown(5)
        refusing.shutdown()
        refusing.server_close()


def test_stale_locks_and_a_corrupt_cache_recover(
    service: Service, settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """Lock files left by a crash, then a broken cache: the next runs still work."""
    run_job(service, slack)
    cache = next(settings.devbot_cache_dir.glob("*.git"))
    (cache / "refs/remotes/origin/main.lock").write_text("stale")
    (cache / "packed-refs.lock").write_text("stale")
    prd = remote.show("main", "workspaces/pawgroom/product/prd/prd.md")
    remote.commit_file(
        "main", "workspaces/pawgroom/product/prd/prd.md", prd + "\nAs an admin, I want to ban a user.\n"
    )
    assert "📝 Committed" in run_job(service, slack)
    for pack in (cache / "objects").rglob("*"):
        if pack.is_file():
            pack.write_bytes(b"garbage")
    remote.commit_file(
        "main", "workspaces/pawgroom/product/prd/prd.md", prd + "\nAs an admin, I want to mute a user.\n"
    )
    assert "📝 Committed" in run_job(service, slack)
    assert "POST /users/:id/mute" in remote.show(BRANCH, "workspaces/pawgroom/code/backend/backend-plan.md")


def test_disk_full_is_said_plainly() -> None:
    """git's 'No space left on device' becomes a message that says which disk to free."""
    kind, message = _explain("error: unable to write file: No space left on device\nfatal: index-pack failed")
    assert kind == "disk"
    assert "DEVBOT_CACHE_DIR" in message


# Slack API --------------------------------------------------------------------------------------


def test_invalid_auth_still_reaches_the_user(service: Service, slack: SlackStub, remote: Remote) -> None:
    """A revoked bot token: the conversation goes to the response URL and the branch is pushed."""
    slack.fail("chat.postMessage", "invalid_auth", times=5)
    dispatch(service, "pawgroom", slack, response_name="fallback")
    assert service.queue.wait_idle(60)
    posted = slack.posted_to("fallback")
    assert "✅ Backend plan complete for PawGroom" in posted[-1]["text"]
    assert remote.head(BRANCH) is not None


def test_slow_slack_never_fails_the_job(faulty: Settings, slack: SlackStub, remote: Remote) -> None:
    """chat.update answering after the client's timeout: progress is skipped, the job completes."""
    service = start(faulty)
    try:
        slack.delay("chat.update", 2.5, times=2)
        dispatch(service, "pawgroom", slack)
        assert service.queue.wait_idle(60)
        assert remote.head(BRANCH) is not None
        assert len(slack.messages[0].thread) == 1
    finally:
        service.queue.shutdown(5)


def test_a_thread_reply_that_times_out_is_not_posted_twice(
    faulty: Settings, slack: SlackStub, remote: Remote
) -> None:
    """The result reply answered after the client's timeout (Slack posted it): it is not posted again,
    neither in the thread nor to the response URL."""
    service = start(faulty)
    try:
        slack.delay("chat.postMessage", 0.0)  # the channel message, at once
        slack.delay("chat.postMessage", 2.5)  # the result, after the 1 s timeout
        dispatch(service, "pawgroom", slack, response_name="once")
        assert service.queue.wait_idle(60)
        assert remote.head(BRANCH) is not None
        time.sleep(2.5)  # the stand-in records the slow reply once it has answered it
        replies = [c for c in slack.called("chat.postMessage") if c.params.get("thread_ts")]
        assert len(replies) == 1
        assert not [m for m in slack.posted_to("once") if "Backend plan complete" in str(m["text"])]
    finally:
        service.queue.shutdown(5)


# The process ------------------------------------------------------------------------------------


def test_killed_mid_push_then_the_next_run_leaves_one_clean_commit(tmp_path: Path, remote: Remote) -> None:
    """devbot killed (with its children) while pushing: a re-run works and the branch holds one commit."""
    remote.hook("pre-receive", "sleep 3\n")
    env = {
        **os.environ,
        "DEVBOT_REPO_URL": remote.path.as_uri(),
        "DEVBOT_CACHE_DIR": str(tmp_path / "cache"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "run", "pawgroom"],
        env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:
        if "pushing" in line:
            break
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)
    process.stderr.close()
    remote.hook("pre-receive", "exit 0\n")
    again = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "run", "pawgroom"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    assert remote.git("rev-list", "--count", f"main..{BRANCH}") == "1"


def test_overall_job_timeout_stops_before_anything_is_pushed(
    settings: Settings, slack: SlackStub, remote: Remote
) -> None:
    """A job past DEVBOT_JOB_TIMEOUT stops at the next step (or, on a slow machine, is ended in its
    first stage a second later), says so in its thread, and pushes nothing."""
    service = start(settings.model_copy(update={"devbot_job_timeout": 0.001}))
    try:
        told = run_job(service, slack)
        assert "the job took longer than 0.001 s and was stopped" in told, told
        assert "nothing was pushed" in told.lower()
        assert remote.head(BRANCH) is None
    finally:
        service.queue.shutdown(5)


def _sign(body: bytes, stamp: str | None = None) -> dict[str, str]:
    """Headers of ``body`` signed with the test secret over its raw bytes (any bytes at all)."""
    stamp = stamp or str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def test_a_body_over_the_cap_is_refused_while_it_is_read(http: str, service: Service) -> None:
    """A chunked upload with no length is cut off by the server's limit: 413, nothing parsed."""
    host, port = http.removeprefix("http://").split(":")
    connection = http_client.HTTPConnection(host, int(port), timeout=10)
    chunks = (b"x" * 65536 for _ in range(40))  # 2.5 MB, more than the 1 MB cap
    connection.request("POST", "/slack/events", body=chunks, headers=_sign(b"", None), encode_chunked=True)
    assert connection.getresponse().status == 413
    connection.close()
    status, _ = post(
        http + "/slack/events", b"x" * 16, {**_sign(b"x" * 16), "Content-Length": str(2 * 2**20)}
    )
    assert status == 413
    assert service.queue.running() == []


@pytest.mark.parametrize(
    ("body", "signed", "expected"),
    [
        (b"\xff\xfe not utf-8 \x80", False, 401),
        (b"\xff\xfe not utf-8 \x80", True, 400),
        (b'{"broken": ', True, 400),
        (b"payload=", True, 400),
        (b"payload=%7Bnot-json", True, 400),
        (b"command=/dev-backend&text=&&=&", False, 401),
    ],
)
def test_malformed_requests_are_answered_in_one_log_line(
    http: str, service: Service, caplog: pytest.LogCaptureFixture, body: bytes, signed: bool, expected: int
) -> None:
    """Unsigned or malformed bodies get 401/400 and one log line each: no traceback, no 500."""
    caplog.set_level(logging.DEBUG)
    headers = _sign(body) if signed else {**_sign(body), "X-Slack-Signature": "v0=" + "0" * 64}
    if body.startswith(b"{"):
        headers["Content-Type"] = "application/json"
    for _ in range(5):
        assert post(http + "/slack/events", body, headers)[0] == expected
    ours = [r for r in caplog.records if r.name.startswith("devbot") or r.name.startswith("slack_bolt")]
    assert len(ours) == 5
    assert not any(record.exc_info for record in caplog.records)
    assert service.queue.running() == []


def test_a_push_that_arrived_but_whose_answer_was_lost_is_a_success(
    faulty: Settings, slack: SlackStub, remote: Remote
) -> None:
    """The remote takes the push, then goes quiet past the git timeout (a post-receive hook that
    hangs): devbot asks the remote, finds its commit on the branch, and says done, not "nothing
    was pushed"."""
    remote.hook("post-receive", "sleep 6\n")
    service = start(faulty)
    try:
        text = run_job(service, slack)
    finally:
        service.queue.shutdown(5)
    assert "Backend plan complete" in text, text
    assert remote.head(BRANCH) is not None


def test_a_push_whose_fate_cannot_be_known_says_so(
    faulty: Settings, slack: SlackStub, remote: Remote
) -> None:
    """The remote goes away after taking the push: the thread says the push may have arrived, not
    that nothing was pushed."""
    remote.hook("post-receive", f"mv '{remote.path}' '{remote.path}.gone'\nsleep 6\n")
    service = start(faulty)
    try:
        text = run_job(service, slack)
    finally:
        service.queue.shutdown(5)
    assert "whether the push arrived is unknown" in text, text
    assert "nothing was pushed" not in text.lower()
    assert "a re-run is safe" in text
