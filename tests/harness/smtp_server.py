#!/usr/bin/python3
"""rapport's test SMTP server: aiosmtpd on 127.0.0.1, delivering into the
Maildirs of the Dovecot users started by mailservers.sh, so a test can send
over SMTP and read the message back over IMAP.

Listeners (each optional):
  --port P             STARTTLS offered, AUTH optional (also without TLS)
  --submission-port P  STARTTLS and AUTH required
  --smtps-port P       implicit TLS, AUTH required

AUTH PLAIN and LOGIN check the users file; XOAUTH2 accepts the bearer token
"token-<user>" for tests of the OAuth2 path.

Fault injection for tests (a real server will not produce these on demand):
  --tempfail N         answer the first N messages' DATA with 451 4.3.0
  --control FILE       re-read on every message: lines "tempfail N",
                       "permfail N" (554 5.7.1 for the next N messages)

Run with Debian's /usr/bin/python3 (it has python3-aiosmtpd).
"""
import argparse
import asyncio
import base64
import logging
import os
import signal
import socket
import ssl
import sys
import time
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def read_users(path):
    users = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(":")
            if len(fields) < 6 or line.startswith("#"):
                continue
            pw = fields[1][len("{PLAIN}"):] if fields[1].startswith("{PLAIN}") else fields[1]
            users[fields[0].lower()] = {
                "pw": pw,
                "uid": int(fields[2]) if fields[2] else None,
                "gid": int(fields[3]) if fields[3] else None,
                "home": fields[5],
            }
    return users


class Faults:
    def __init__(self, tempfail, control):
        self.tempfail = tempfail
        self.permfail = 0
        self.control = control

    def next_verdict(self):
        if self.control and os.path.exists(self.control):
            with open(self.control) as f:
                for line in f:
                    words = line.split()
                    if len(words) == 2 and words[0] in ("tempfail", "permfail"):
                        setattr(self, words[0], int(words[1]))
            os.unlink(self.control)
        if self.tempfail > 0:
            self.tempfail -= 1
            return "451 4.3.0 Temporary failure, try again later (test fault)"
        if self.permfail > 0:
            self.permfail -= 1
            return "554 5.7.1 Message refused (test fault)"
        return None


class Deliver:
    def __init__(self, users, log, faults):
        self.users = users
        self.log = log
        self.faults = faults
        self.count = 0
        self.root = os.geteuid() == 0
        self.host = socket.gethostname().replace("/", "_").replace(":", "_")

    def user_of(self, address):
        local = address.rsplit("@", 1)[0].lower()
        return local.split("+", 1)[0]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.user_of(address) not in self.users:
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        verdict = self.faults.next_verdict()
        if verdict:
            self.note(session, server, envelope, 0, verdict.split()[0])
            return verdict
        data = envelope.original_content.replace(b"\r\n", b"\n")
        now = time.time()
        self.count += 1
        qid = "%d.%d" % (os.getpid(), self.count)
        paths = []
        for rcpt in envelope.rcpt_tos:
            trace = ("Return-Path: <%s>\nDelivered-To: %s\nReceived: from %s ([%s])\n"
                     "\tby localhost (rapport-test) with %s id %s\n\tfor <%s>; %s\n") % (
                envelope.mail_from, rcpt, session.host_name or "unknown", session.peer[0],
                "ESMTPSA" if session.authenticated else "ESMTP", qid, rcpt,
                time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(now)))
            paths.append(self.store(self.users[self.user_of(rcpt)],
                                    trace.encode("utf-8", "surrogateescape") + data, now))
        self.note(session, server, envelope, len(data), "250", paths)
        return "250 2.0.0 OK queued as %s" % qid

    def store(self, user, data, now):
        md = os.path.join(user["home"], "Maildir")
        self.count += 1
        name = "%d.M%06dP%dQ%d.%s" % (int(now), int((now % 1) * 1e6), os.getpid(), self.count, self.host)
        tmp = os.path.join(md, "tmp", name)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
            if self.root and user["uid"] is not None:
                os.fchown(fd, user["uid"], user["gid"] if user["gid"] is not None else -1)
        finally:
            os.close(fd)
        final = os.path.join(md, "new", "%s,S=%d" % (name, len(data)))
        os.rename(tmp, final)
        return final

    def note(self, session, server, envelope, size, code, paths=()):
        if not self.log:
            return
        tls = "yes" if server.transport.get_extra_info("ssl_object") else "no"
        self.log.write("%.3f %s from=<%s> to=%s size=%d auth=%s tls=%s %s\n" % (
            time.time(), code, envelope.mail_from, ",".join(envelope.rcpt_tos), size,
            session.auth_data if session.authenticated else "-", tls, " ".join(paths)))
        self.log.flush()


class TestSMTP(SMTP):
    """Adds XOAUTH2: the bearer token must be 'token-<user>'."""

    async def auth_XOAUTH2(self, server, args):
        try:
            if len(args) > 1:
                raw = base64.b64decode(args[1]).decode("utf-8", "replace")
            else:
                blob = await self.challenge_auth("")   # returns the decoded response
                if not isinstance(blob, bytes):
                    return AuthResult(success=False, handled=False)
                raw = blob.decode("utf-8", "replace")
        except Exception:
            return AuthResult(success=False, handled=False)
        fields = dict(kv.split("=", 1) for kv in raw.split("\x01") if "=" in kv)
        user = fields.get("user", "").lower()
        token = fields.get("auth", "")
        users = server_users
        if user.rsplit("@", 1)[0] in users and token == "Bearer token-" + user.rsplit("@", 1)[0]:
            return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)


server_users = {}


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword):
        login = auth_data.login.decode("utf-8", "replace").lower()
        user = server_users.get(login.rsplit("@", 1)[0])
        if user is not None and user["pw"] == auth_data.password.decode("utf-8", "replace"):
            return AuthResult(success=True, auth_data=login)
    return AuthResult(success=False, handled=False)


def main():
    global server_users
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--port", type=int)
    ap.add_argument("--submission-port", type=int)
    ap.add_argument("--smtps-port", type=int)
    ap.add_argument("--log")
    ap.add_argument("--pidfile")
    ap.add_argument("--tempfail", type=int, default=0)
    ap.add_argument("--control")
    a = ap.parse_args()

    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    server_users = read_users(a.users)
    log = open(a.log, "a", buffering=1) if a.log else None
    handler = Deliver(server_users, log, Faults(a.tempfail, a.control))
    tls = None
    if a.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(a.cert, a.key)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory(**kw):
        return lambda: TestSMTP(handler, hostname="localhost", ident="rapport-test ESMTP",
                                authenticator=authenticator, enable_SMTPUTF8=True, loop=loop, **kw)

    servers = []
    listen = [
        (a.port, dict(tls_context=tls, auth_required=False, auth_require_tls=False), None),
        (a.submission_port, dict(tls_context=tls, require_starttls=True, auth_required=True,
                                 auth_require_tls=True), None),
        (a.smtps_port, dict(auth_required=True, auth_require_tls=False), tls),
    ]
    for port, kw, implicit in listen:
        if not port:
            continue
        if (kw.get("require_starttls") or implicit is not None) and tls is None:
            sys.exit("smtp_server.py: TLS listeners need --cert and --key")
        servers.append(loop.run_until_complete(loop.create_server(
            factory(**kw), "127.0.0.1", port, ssl=implicit, reuse_address=True)))
    if not servers:
        sys.exit("smtp_server.py: no listener")
    if a.pidfile:
        with open(a.pidfile, "w") as f:
            f.write("%d\n" % os.getpid())
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    loop.run_until_complete(stop)
    for s in servers:
        s.close()


if __name__ == "__main__":
    main()
