#!/usr/bin/env python3
"""Stampede: N concurrent identical GraphQL queries, released together.

Opens N connections first, waits until every thread is connected (a barrier), then all send the
same request at once, so they truly overlap within the upstream's latency. Prints one JSON object:
statuses, GraphQL errors, latency spread, and how long the sends took to go out.

usage: stampede.py <port> <token> <body-file> [n]
"""
import http.client
import json
import sys
import threading
import time

port, token, body_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
n = int(sys.argv[4]) if len(sys.argv) > 4 else 100
body = open(body_file, "rb").read()
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}

barrier = threading.Barrier(n)
results = [None] * n


def one(i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.connect()
        barrier.wait(timeout=30)
        sent = time.monotonic()
        conn.request("POST", "/graphql", body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        done = time.monotonic()
        errors = False
        try:
            errors = "errors" in json.loads(data)
        except ValueError:
            errors = True
        results[i] = {"status": resp.status, "errors": errors, "sent": sent, "done": done, "body": data}
    except Exception as e:  # recorded, not raised: the harness reports it
        results[i] = {"status": 0, "errors": True, "exception": repr(e)}
    finally:
        conn.close()


threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()

ok = [r for r in results if r and r["status"] == 200]
timed = [r for r in results if r and "sent" in r]
lat = sorted((r["done"] - r["sent"]) * 1000 for r in timed)
bodies = {r["body"] for r in ok}
out = {
    "requests": n,
    "status_200": len(ok),
    "non_200": n - len(ok),
    "graphql_errors": sum(1 for r in results if r and r["errors"]),
    "distinct_bodies": len(bodies),
    "send_spread_ms": round((max(r["sent"] for r in timed) - min(r["sent"] for r in timed)) * 1000, 1) if timed else None,
    "latency_ms": {
        "min": round(lat[0], 1) if lat else None,
        "p50": round(lat[len(lat) // 2], 1) if lat else None,
        "max": round(lat[-1], 1) if lat else None,
    },
    "exceptions": sorted({r["exception"] for r in results if r and "exception" in r})[:3],
}
print(json.dumps(out))
