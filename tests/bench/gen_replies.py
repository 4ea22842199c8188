#!/usr/bin/python3
"""gen_replies.py MAILDIR N [--uid U --gid G]: N realistic check-in replies
(2-20 KB; 40% multipart/alternative with an HTML part, the rest plain text;
half quoted-printable, half 8-bit UTF-8; 1-8 levels of quoted history;
Received, DKIM, References and Cc headers) written straight into MAILDIR/new,
the way a delivery agent would, for the ingestion benchmark. Deterministic.
"""
import os
import random
import sys

WORDS = ("the report client invoices shared drive onboarding calendar meeting "
         "review follow up numbers summary draft deadline vendor contract budget "
         "slides agenda update thanks week progress blocked waiting export CRM "
         "cleanup offsite venue deposit schedule call notes figures team").split()
NAMES = ["Anna Lee", "Ben Ortiz", "Chloé Martin", "Dmitri Ivanov", "Eva Müller", "Farah Khan"]


def sentence(rnd, n=None):
    n = n or rnd.randint(6, 16)
    s = " ".join(rnd.choice(WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + rnd.choice([".", ".", "!", "?"])


def qp(text):
    out = []
    for line in text.split("\n"):
        enc = "".join(c if (32 <= ord(c) < 127 and c != "=") else "".join("=%02X" % b for b in c.encode()) for c in line)
        while len(enc) > 75:
            cut = 75
            while enc[cut - 3:cut].find("=") >= 0 and cut > 70:
                cut -= 1
            out.append(enc[:cut] + "=")
            enc = enc[cut:]
        out.append(enc)
    return "\n".join(out)


def message(i, rnd):
    who = rnd.choice(NAMES)
    addr = who.split()[0].lower().replace("é", "e").replace("ü", "u") + "@example.com"
    target = rnd.randint(2000, 20000)
    answers = "\n".join("%d. %s" % (k, sentence(rnd)) for k in range(1, 8))
    body = answers + "\n\n#%d %d%%\n\nThanks,\n%s\n" % (rnd.randint(1, 99), rnd.choice([25, 50, 75]), who.split()[0])
    quoted = ""
    depth = rnd.randint(1, 8)
    while len(body) + len(quoted) < target:
        block = "On Fri, Nov %d, 2026 at 3:00 PM Maria Rossi <agent@example.com> wrote:\n" % rnd.randint(1, 27)
        block += "\n".join(sentence(rnd) for _ in range(rnd.randint(3, 12)))
        quoted = block + "\n" + quoted
        quoted = "\n".join(">" * min(depth, 1 + i % depth) + " " + l for l in quoted.split("\n"))
    text = body + "\n" + quoted + "\n"
    hdr = []
    for k in range(rnd.randint(2, 4)):
        hdr.append("Received: from mx%d.example.com (mx%d.example.com [192.0.2.%d])\n\tby mail.example.org with ESMTPS id %08x\n\tfor <agent@example.org>; Fri, 27 Nov 2026 1%d:0%d:00 +0000" % (k, k, k + 1, rnd.getrandbits(32), k, k))
    hdr.append("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to:subject; bh=%032x; b=%064x" % (rnd.getrandbits(128), rnd.getrandbits(256)))
    hdr += ["From: %s <%s>" % (who, addr), "To: Maria Rossi <agent@example.org>",
            "Cc: team@example.com", "Subject: Re: Weekly check-in",
            "Date: Fri, 27 Nov 2026 16:%02d:00 +0800" % (i % 60),
            "Message-ID: <bench.%d.%x@example.com>" % (i, rnd.getrandbits(32)),
            "In-Reply-To: <rapport.checkin.%d.%016x@example.org>" % (i, rnd.getrandbits(64)),
            "References: " + " ".join("<ref.%d.%d@example.org>" % (i, k) for k in range(rnd.randint(1, 5))),
            "MIME-Version: 1.0"]
    enc_qp = i % 2 == 0
    cte = "quoted-printable" if enc_qp else "8bit"
    payload = qp(text) if enc_qp else text
    if rnd.random() < 0.4:
        html = "<html><body><div>" + "<br>".join(body.split("\n")) + "</div><blockquote type=\"cite\">" + \
               "<br>".join(quoted.split("\n")) + "</blockquote></body></html>"
        hpay = qp(html) if enc_qp else html
        b = "b%x" % rnd.getrandbits(32)
        hdr.append('Content-Type: multipart/alternative; boundary="%s"' % b)
        parts = "--%s\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: %s\n\n%s\n--%s\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: %s\n\n%s\n--%s--\n" % (b, cte, payload, b, cte, hpay, b)
        return "\n".join(hdr) + "\n\n" + parts
    hdr += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: " + cte]
    return "\n".join(hdr) + "\n\n" + payload


def main():
    md, n = sys.argv[1], int(sys.argv[2])
    uid = int(sys.argv[sys.argv.index("--uid") + 1]) if "--uid" in sys.argv else -1
    gid = int(sys.argv[sys.argv.index("--gid") + 1]) if "--gid" in sys.argv else -1
    rnd = random.Random(48)
    total = 0
    for d in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(md, d), exist_ok=True)
    for i in range(n):
        data = message(i, rnd).encode("utf-8")
        total += len(data)
        path = os.path.join(md, "new", "%d.bench%06d.host,S=%d" % (1795748400 + i, i, len(data)))
        with open(path, "wb") as f:
            f.write(data)
        if uid >= 0:
            os.chown(path, uid, gid)
    print("%d messages, %.1f MB" % (n, total / 1e6))


if __name__ == "__main__":
    main()
