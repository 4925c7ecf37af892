"""git's smart HTTP on loopback, as a forge serves it: ``git http-backend`` behind a WSGI server.

Used by the scenario tests (devbot against an HTTP remote with credentials) and by the bench
(``python -m tests.githttp ROOT``, in its own process so it does not share a GIL with the
Slack stand-in). Every repository under ``ROOT`` is served at ``/<name>.git``; a password, if
given, is required (HTTP Basic) for everything, as a private repository on a forge.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from waitress.server import create_server

_PASSED = ("CONTENT_TYPE", "QUERY_STRING", "REQUEST_METHOD", "PATH_INFO", "REMOTE_ADDR")
App = Callable[[dict[str, Any], Any], Iterable[bytes]]


def app(root: Path, password: str = "") -> App:
    """The WSGI application serving the repositories under ``root``."""

    def serve(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if password:
            expected = "Basic " + base64.b64encode(f"devbot:{password}".encode()).decode()
            if environ.get("HTTP_AUTHORIZATION") != expected:
                start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="git"')])
                return [b"authentication required\n"]
        length = environ.get("CONTENT_LENGTH")
        body = environ["wsgi.input"].read(int(length)) if length else environ["wsgi.input"].read()
        env = {name: environ[name] for name in _PASSED if environ.get(name)}
        env.update(
            PATH=os.environ["PATH"],
            GIT_PROJECT_ROOT=str(root),
            GIT_HTTP_EXPORT_ALL="1",
            REMOTE_USER="devbot",  # an authenticated user may push, as on a forge
            CONTENT_LENGTH=str(len(body)),
        )
        if environ.get("HTTP_CONTENT_ENCODING"):
            env["HTTP_CONTENT_ENCODING"] = environ["HTTP_CONTENT_ENCODING"]
        if environ.get("HTTP_GIT_PROTOCOL"):
            env["GIT_PROTOCOL"] = environ["HTTP_GIT_PROTOCOL"]
        done = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True, check=False)
        head, _, rest = done.stdout.partition(b"\r\n\r\n")
        status, headers = "200 OK", []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = value.strip()
            elif name:
                headers.append((name, value.strip()))
        start_response(status, headers)
        return [rest]

    return serve


@contextmanager
def serving(root: Path, password: str = "") -> Iterator[str]:
    """Serve ``root`` on a free loopback port in this process; yields the base URL."""
    server = create_server(app(root, password), host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="githttp", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"  # type: ignore[union-attr]
    finally:
        server.close()


def main(argv: list[str]) -> int:
    """``python -m tests.githttp ROOT``: serve ROOT; prints the base URL, runs until killed."""
    server = create_server(app(Path(argv[0])), host="127.0.0.1", port=0, threads=8)
    print(f"http://127.0.0.1:{server.effective_port}", flush=True)  # type: ignore[union-attr]
    server.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
