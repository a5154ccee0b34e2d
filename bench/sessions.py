#!/usr/bin/env python3
"""Bench sessions in the service's Redis format, as Redis protocol for `redis-cli --pipe`.

Reads user ids (one per line) on stdin. For each: a token of 32 random bytes in base64url without padding,
the key fc:session:<sha256 hex of the token>, a HASH {uid, role, exp = now + 12 h} with a TTL of 1800 s.
Writes the tokens, one per line in input order, to --out (atomically), and first deletes the sessions of the
tokens listed in --old (the previous run's), so bench sessions do not pile up. Standard library only.
"""
import argparse
import base64
import hashlib
import os
import secrets
import sys
import time


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


def key(token):
    return "fc:session:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--old")
    p.add_argument("--role", default="USER")
    p.add_argument("--ttl", type=int, default=1800)
    p.add_argument("--absolute", type=int, default=12 * 3600)
    a = p.parse_args()

    w = sys.stdout.buffer
    if a.old and os.path.exists(a.old):
        with open(a.old) as f:
            for line in f:
                if line.strip():
                    w.write(resp("DEL", key(line.strip())))
    exp = int(time.time()) + a.absolute
    tokens = []
    for line in sys.stdin:
        uid = line.strip()
        if not uid:
            continue
        token = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
        k = key(token)
        w.write(resp("HSET", k, "uid", uid, "role", a.role, "exp", exp))
        w.write(resp("EXPIRE", k, a.ttl))
        tokens.append(token)
    tmp = a.out + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(tokens) + ("\n" if tokens else ""))
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
