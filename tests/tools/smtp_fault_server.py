#!/usr/bin/python3
"""smtp_fault_server.py: a tiny scripted SMTP server, only for the faults a
real server will not produce on demand (tests/integration/smtp_send.sh):

  --tempfail N      answer the first N transactions with 451 (at --tempfail-at
                    mail, rcpt or data: the end of DATA), then accept
  --no-auth         do not advertise AUTH
  --password P      AUTH PLAIN/LOGIN accept any user with this password
  --token T         AUTH XOAUTH2 accepts this bearer token
  (STARTTLS is never offered: this server speaks clear text only)

Every command line it receives goes to --log (AUTH payloads as <redacted>),
and every accepted message to --log as "ACCEPTED <bytes>".  Listens on
127.0.0.1 --port; writes --pidfile once listening.  Plain Python, no
dependencies beyond the standard library.
"""
import argparse
import base64
import os
import socketserver
import sys
import threading


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, addr, cfg):
        super().__init__(addr, Handler)
        self.cfg = cfg
        self.lock = threading.Lock()
        self.transactions = 0
        self.logf = open(cfg.log, "a", buffering=1) if cfg.log else None

    def log(self, line):
        if self.logf:
            with self.lock:
                self.logf.write(line + "\n")


class Handler(socketserver.StreamRequestHandler):
    def send(self, line):
        self.wfile.write((line + "\r\n").encode("utf-8"))
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(65536)
        if not line:
            raise EOFError
        return line.decode("utf-8", "replace").rstrip("\r\n")

    def faulty(self, stage):
        cfg = self.server.cfg
        if cfg.tempfail_at != stage:
            return False
        with self.server.lock:
            n = self.server.transactions
            self.server.transactions += 1
        if n < cfg.tempfail:
            self.send("451 4.3.0 Temporary failure (%d of %d), please try again" % (n + 1, cfg.tempfail))
            return True
        return False

    def auth(self, args):
        cfg = self.server.cfg
        mech = args[0].upper() if args else ""
        initial = args[1] if len(args) > 1 else None
        ok = False
        if mech == "PLAIN":
            if initial is None:
                self.send("334 ")
                initial = self.readline()
            parts = base64.b64decode(initial + "==").split(b"\0")
            ok = len(parts) == 3 and parts[2].decode("utf-8", "replace") == cfg.password
        elif mech == "LOGIN":
            if initial is None:
                self.send("334 VXNlcm5hbWU6")
                self.readline()
            self.send("334 UGFzc3dvcmQ6")
            pw = base64.b64decode(self.readline() + "==").decode("utf-8", "replace")
            ok = pw == cfg.password
        elif mech == "XOAUTH2":
            if initial is None:
                self.send("334 ")
                initial = self.readline()
            fields = base64.b64decode(initial + "==").decode("utf-8", "replace").split("\x01")
            ok = any(f == "auth=Bearer " + (cfg.token or "") for f in fields) and cfg.token
            if not ok:
                self.send("334 " + base64.b64encode(b'{"status":"401"}').decode())
                self.readline()
        else:
            self.send("504 5.5.4 Unrecognized authentication type")
            return
        self.server.log("AUTH %s %s" % (mech, "ok" if ok else "failed"))
        self.send("235 2.7.0 Authentication successful" if ok else
                  "535 5.7.8 Authentication credentials invalid")

    def data(self):
        self.send("354 End data with <CR><LF>.<CR><LF>")
        size = 0
        while True:
            line = self.rfile.readline(1 << 20)
            if not line:
                raise EOFError
            if line == b".\r\n":
                break
            size += len(line)
        if self.faulty("data"):
            return
        self.server.log("ACCEPTED %d" % size)
        self.send("250 2.0.0 Ok: queued")

    def handle(self):
        cfg = self.server.cfg
        self.send("220 localhost fault-server ESMTP")
        try:
            while True:
                cmd = self.readline()
                verb = cmd.split(" ", 1)[0].upper()
                self.server.log("AUTH <redacted>" if verb == "AUTH" else cmd)
                if verb in ("EHLO", "HELO"):
                    ext = ["localhost", "PIPELINING", "SIZE 52428800", "8BITMIME"]
                    if not cfg.no_auth:
                        ext.append("AUTH PLAIN LOGIN XOAUTH2")
                    for i, e in enumerate(ext):
                        self.send(("250 " if i == len(ext) - 1 else "250-") + e)
                elif verb == "AUTH":
                    self.auth(cmd.split()[1:])
                elif verb == "MAIL":
                    if not self.faulty("mail"):
                        self.send("250 2.1.0 Ok")
                elif verb == "RCPT":
                    if not self.faulty("rcpt"):
                        self.send("250 2.1.5 Ok")
                elif verb == "DATA":
                    self.data()
                elif verb in ("RSET", "NOOP"):
                    self.send("250 2.0.0 Ok")
                elif verb == "QUIT":
                    self.send("221 2.0.0 Bye")
                    return
                else:
                    self.send("502 5.5.2 Command not recognized")
        except (EOFError, ConnectionError):
            return


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--tempfail", type=int, default=0)
    ap.add_argument("--tempfail-at", choices=("mail", "rcpt", "data"), default="data")
    ap.add_argument("--no-auth", action="store_true")
    ap.add_argument("--password", default="")
    ap.add_argument("--token")
    ap.add_argument("--log")
    ap.add_argument("--pidfile")
    cfg = ap.parse_args()
    srv = Server(("127.0.0.1", cfg.port), cfg)
    if cfg.pidfile:
        with open(cfg.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
