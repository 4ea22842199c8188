#!/usr/bin/python3
"""faultproxy.py: a TCP proxy on 127.0.0.1 that misbehaves on demand, for
the tests of rapport's network error handling (real servers do not fail
when asked to).

usage: faultproxy.py LISTEN_PORT TARGET_PORT CONTROL_FILE [PIDFILE]

The control file is read at each new connection; its one line is the mode:
  pass               forward both ways
  refuse             accept, then close at once
  drop N             forward, then close both sides once the server has sent
                     N bytes (a connection dropped mid-command)
  stall N            forward until the server has sent N bytes, then forward
                     nothing more and keep the connection open (a stall past
                     any timeout)
  truncate N         as drop, but send the client only the first N bytes and
                     half a line more of the next chunk (a truncated response)
A missing control file means pass.
"""
import asyncio
import os
import signal
import sys


def mode(path):
    try:
        with open(path) as f:
            words = f.read().split()
    except OSError:
        return ("pass", 0)
    if not words:
        return ("pass", 0)
    return (words[0], int(words[1]) if len(words) > 1 else 0)


async def pipe(reader, writer, limit=None, kind="pass", counter=None):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if limit is not None:
                left = limit - counter[0]
                if len(data) >= left:
                    if kind == "truncate":
                        writer.write(data[:left] + data[left:left + 10].split(b"\n")[0][:5])
                    elif kind != "stall":
                        writer.write(data[:left])
                    else:
                        writer.write(data[:left])
                    await writer.drain()
                    counter[0] = limit
                    if kind == "stall":
                        await asyncio.sleep(3600)
                    return "cut"
                counter[0] += len(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    return "eof"


async def handle(creader, cwriter, target, control):
    kind, n = mode(control)
    if kind == "refuse":
        cwriter.close()
        return
    try:
        sreader, swriter = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        cwriter.close()
        return
    counter = [0]
    limit = n if kind in ("drop", "stall", "truncate") else None
    up = asyncio.ensure_future(pipe(creader, swriter))
    down = asyncio.ensure_future(pipe(sreader, cwriter, limit, kind, counter))
    await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
    for t in (up, down):
        t.cancel()
    for w in (swriter, cwriter):
        try:
            w.close()
        except Exception:
            pass


def main():
    listen, target, control = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(asyncio.start_server(
        lambda r, w: handle(r, w, target, control), "127.0.0.1", listen, reuse_address=True))
    if len(sys.argv) > 4:
        with open(sys.argv[4], "w") as f:
            f.write("%d\n" % os.getpid())
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    server.close()


if __name__ == "__main__":
    main()
