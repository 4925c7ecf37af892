"""A TCP proxy that delays every chunk by a fixed one-way latency, in both directions.

Kernel netem is not available on these machines; this stands in for a forge across a network:
``python bench/latency_proxy.py TARGET_PORT ONE_WAY_MS`` listens on a free loopback port, prints
its URL base (``http://127.0.0.1:PORT``), and forwards to ``127.0.0.1:TARGET_PORT``. A chunk read
at time t is written at t + latency, in order, so a round trip costs twice the one-way latency
while bandwidth is not limited (loopback's).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay`` seconds after it was read."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, chunk = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not chunk:
                writer.close()
                return
            writer.write(chunk)
            await writer.drain()

    sending = asyncio.create_task(deliver())
    try:
        while chunk := await reader.read(65536):
            queue.put_nowait((time.monotonic() + delay, chunk))
    except ConnectionError:
        pass
    queue.put_nowait((time.monotonic() + delay, b""))
    with contextlib.suppress(ConnectionError):
        await sending


async def _serve(target: int, delay: float) -> None:
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(
            _pump(client_reader, upstream_writer, delay), _pump(upstream_reader, client_writer, delay)
        )

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"http://127.0.0.1:{port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> int:
    """Run the proxy until killed."""
    target, one_way_ms = int(sys.argv[1]), float(sys.argv[2])
    asyncio.run(_serve(target, one_way_ms / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main())
