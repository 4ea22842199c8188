#!/usr/bin/python3
"""idle_latency.py: how long a new message takes to be noticed (make bench).

  idle_latency.py dovecot PORT CAFILE MAILDIR OWNER N
      a bare IMAP client in IDLE (STARTTLS, user agent): the time from a
      message written into MAILDIR/new to Dovecot's "* n EXISTS", and the
      time Dovecot then takes to hand over the new message (UID FETCH of its
      size and body: the first access makes Dovecot look for the file, which
      it has moved to cur/, through the whole Maildir); prints both medians
  idle_latency.py rapport DB MAILDIR OWNER N
      a running `rapport run`: the time from a message written into
      MAILDIR/new to its row in DB, recorded (looked for every millisecond)

OWNER is "uid:gid" for the written files, or "-". Each mode delivers N
messages, one at a time, and prints the median in milliseconds.
"""
import imaplib
import os
import sqlite3
import ssl
import statistics
import sys
import time

SEQ = [0]
SYNC = []


def deliver(maildir, owner, msgid):
    SEQ[0] += 1
    name = "%d.%d_%d.bench" % (time.time(), os.getpid(), SEQ[0])
    tmp = os.path.join(maildir, "tmp", name)
    with open(tmp, "w") as f:
        f.write("From: Anna Lee <anna@example.com>\nTo: agent@localhost\nSubject: ping\n"
                "Message-ID: <%s>\n\nping\n" % msgid)
    if owner != "-":
        uid, gid = (int(x) for x in owner.split(":"))
        os.chown(tmp, uid, gid)
    t = time.time()
    os.rename(tmp, os.path.join(maildir, "new", name))
    return t


def dovecot(port, cafile, maildir, owner, n):
    m = imaplib.IMAP4("127.0.0.1", int(port))
    m.starttls(ssl.create_default_context(cafile=cafile))
    m.login("agent", "agentpw")
    m.select("INBOX")
    out = []
    sync = SYNC
    for i in range(n):
        tag = ("I%d" % i).encode()
        m.send(tag + b" IDLE\r\n")
        m.readline()                        # + idling
        t0 = deliver(maildir, owner, "dovecot.%d.%f@bench" % (i, time.time()))
        while b"EXISTS" not in m.readline():
            pass
        out.append((time.time() - t0) * 1000)
        m.send(b"DONE\r\n")
        while not m.readline().startswith(tag):
            pass
        t1 = time.time()
        m.uid("FETCH", "*", "(UID RFC822.SIZE BODY.PEEK[])")
        sync.append((time.time() - t1) * 1000)
    m.logout()
    return out


def rapport(db, maildir, owner, n):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    out = []
    for i in range(n):
        msgid = "rapport.%d.%f@bench" % (i, time.time())
        t0 = deliver(maildir, owner, msgid)
        end = t0 + 10
        while time.time() < end:
            if con.execute("SELECT count(*) FROM messages WHERE message_id = ? AND state != 'new'",
                           (msgid,)).fetchone()[0]:
                out.append((time.time() - t0) * 1000)
                break
            time.sleep(0.001)
        time.sleep(0.3)
    return out


def main():
    mode = sys.argv[1]
    if mode == "dovecot":
        got = dovecot(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
        n = int(sys.argv[6])
    elif mode == "rapport":
        got = rapport(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        n = int(sys.argv[5])
    else:
        sys.exit(__doc__)
    if len(got) < n:
        print("-")
        sys.exit(1)
    if SYNC:
        print("%.0f %.0f" % (statistics.median(got), statistics.median(SYNC)))
    else:
        print("%.0f" % statistics.median(got))


main()
