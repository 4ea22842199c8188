#!/usr/bin/python3
"""gen_hostile.py OUTDIR [--big-mb N]: hostile messages for the ingestion tests.

Each is something the agent must survive through the real IMAP path: store
it, then parse it or mark it failed with a reason; never crash, hang or run
out of memory. Deterministic (a fixed seed), standard library only.
"""
import base64
import os
import random
import sys

HDR = (b"From: Hostile <hostile@example.test>\r\nTo: agent@localhost\r\n"
       b"Date: Fri, 27 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n")


def write(outdir, name, parts):
    with open(os.path.join(outdir, name), "wb") as f:
        for p in parts:
            f.write(p)


def big_attachment(mb, rnd):
    yield HDR + b"Subject: a %d MB attachment\r\nMessage-ID: <big.%d@hostile.test>\r\n" % (mb, mb)
    yield b"Content-Type: multipart/mixed; boundary=BIG\r\n\r\n--BIG\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
    yield b"--BIG\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    block = base64.encodebytes(bytes(rnd.getrandbits(8) for _ in range(57 * 1024))).replace(b"\n", b"\r\n")
    for _ in range(mb * 1024 * 1024 // len(block) + 1):
        yield block
    yield b"--BIG--\r\n"


def deep_multipart(depth):
    yield HDR + b"Subject: multipart nested %d deep\r\nMessage-ID: <deep.mp.%d@hostile.test>\r\n" % (depth, depth)
    for i in range(depth):
        yield b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
    yield b"Content-Type: text/plain\r\n\r\nthe bottom\r\n"
    for i in reversed(range(depth)):
        yield b"--b%d--\r\n" % i


def deep_rfc822(depth):
    yield HDR + b"Subject: message/rfc822 nested %d deep\r\nMessage-ID: <deep.822.%d@hostile.test>\r\n" % (depth, depth)
    for i in range(depth):
        yield b"Content-Type: message/rfc822\r\n\r\nSubject: level %d\r\n" % i
    yield b"Content-Type: text/plain\r\n\r\nthe bottom\r\n"


def main():
    out = sys.argv[1]
    big = int(sys.argv[sys.argv.index("--big-mb") + 1]) if "--big-mb" in sys.argv else 50
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    write(out, "big-attachment.eml", big_attachment(big, rnd))
    write(out, "deep-multipart-10000.eml", deep_multipart(10000))
    write(out, "deep-rfc822-60000.eml", deep_rfc822(60000))
    write(out, "header-line-1mb.eml",
          [HDR, b"Message-ID: <longhdr@hostile.test>\r\nSubject: ", b"x" * (1024 * 1024), b"\r\n\r\nbody\r\n"])
    write(out, "nul-bytes.eml",
          [HDR, b"Message-ID: <nul@hostile.test>\r\nSubject: NUL\x00bytes\r\n\r\n1. Wins\x00 this week\x00\r\n" * 3])
    write(out, "invalid-utf8.eml",
          [HDR, b"Message-ID: <badutf8@hostile.test>\r\nSubject: =?UTF-8?B?/////w==?= \xc3\x28 \xff\xfe\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc 1. Wins: \xed\xa0\x80 surrogate\r\n"])
    write(out, "encoded-word-flood.eml",
          [HDR, b"Message-ID: <ewflood@hostile.test>\r\nSubject:", b" =?UTF-8?Q?=E2=9C=93?=" * 50000,
           b"\r\nTo:", b" =?ISO-8859-1?B?QQ==?= <a@b.c>," * 20000, b" x@y.z\r\n\r\nbody\r\n"])
    write(out, "qp-equals-at-end.eml",
          [b"Content-Transfer-Encoding: quoted-printable\r\nMessage-ID: <qpend@hostile.test>\r\n\r\n=-"])
    write(out, "many-parts.eml",
          [HDR, b"Subject: 20000 parts\r\nMessage-ID: <parts@hostile.test>\r\n"
           b"Content-Type: multipart/mixed; boundary=P\r\n\r\n"]
          + [b"--P\r\nContent-Type: text/plain\r\n\r\npart\r\n"] * 20000 + [b"--P--\r\n"])
    write(out, "html-nesting.eml",
          [HDR, b"Subject: 100000 nested divs\r\nMessage-ID: <divs@hostile.test>\r\n"
           b"Content-Type: text/html; charset=utf-8\r\n\r\n", b"<div>" * 100000, b"deep", b"</div>" * 100000, b"\r\n"])
    write(out, "no-headers.eml", [b"\r\n\r\njust a body, no headers at all\r\n"])
    write(out, "cr-only.eml", [HDR.replace(b"\r\n", b"\r"), b"Subject: CR only\rMessage-ID: <cr@hostile.test>\r\rbody\r"])
    write(out, "calendar-bomb.eml",
          [HDR, b"Subject: Accepted: 1:1\r\nMessage-ID: <ics@hostile.test>\r\n"
           b"Content-Type: text/calendar; method=REPLY; charset=utf-8\r\n\r\n"]
          + [b"BEGIN:VCALENDAR\r\n"] * 20000 + [b"METHOD:REPLY\r\nBEGIN:VEVENT\r\nRRULE:FREQ=SECONDLY;COUNT=10000000\r\n"
                                                 b"END:VEVENT\r\n"] + [b"END:VCALENDAR\r\n"] * 20000)


if __name__ == "__main__":
    main()
