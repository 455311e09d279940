#!/usr/bin/env python3
"""Seed 003's CRM stream for the export end-to-end test, with its own expectation.

  export_users.py post PORT EXPECTED.json   post user.created / user.updated webhooks to the
                                            receiver and write the expected users.csv rows
  export_users.py check EXPECTED.json USERS.csv USERS.json
                                            compare what `hookscope export` wrote

The expectation is computed here, independently of Hookscope: the latest version of every
user (by arrival), kept when exportConsent.given is true, flattened by the rules in the
README (dotted objects, arrays of scalars joined with ';', arrays of objects indexed, null
empty, booleans true/false, the formula guard on text).
"""
import csv
import json
import random
import sys
import urllib.request

FIRST = ["Ann", "Bob", "Chidi", "Dana", "Émile", "Fatima", "Goran", "Hana", "Jun", "Zoë"]
TAGS = ["vip", "new", "beta", "churn-risk"]


def user(uid, version, rnd):
    first = rnd.choice(FIRST)
    u = {
        "id": uid,
        "manychatId": str(rnd.randrange(10**9, 10**10)),
        "firstName": first,
        "lastName": rnd.choice(["Doe", "Lee", "O'Brien", "Smith, Jr.", 'the "Rock"']),
        "email": f"{first.lower()}.{uid}.v{version}@example.com",
        "phone": rnd.choice(["+1234567890", "+44 20 7946 0958", None]),
        "locale": "en_US",
        "optIns": {"messenger": rnd.random() < 0.5, "whatsapp": rnd.random() < 0.5},
        "exportConsent": {"given": rnd.random() < 0.7, "at": "2025-11-06T10:00:00.000Z"},
        "tags": [{"id": f"t{i}", "name": t} for i, t in enumerate(rnd.sample(TAGS, rnd.randrange(0, 3)))],
        "customFields": {"favorite_drink": rnd.choice(["Cappuccino", "Tea", "=1+1"]),
                         "visit_count": str(rnd.randrange(0, 50))},
        "stats": {"bookingsCount": rnd.randrange(0, 9), "score": rnd.randrange(0, 1000) / 10},
        "notes": rnd.choice(["", "multi\nline note", "plain"]),
        "timestamps": {"createdAt": "2025-10-01T10:00:00.000Z", "updatedAt": f"2025-11-{1 + version:02d}T10:30:00.000Z"},
    }
    return u


def post(port, out_path):
    rnd = random.Random(3)
    latest = {}
    order = []  # (uid) per arrival of its latest version
    for n in range(240):
        uid = f"usr_{rnd.randrange(60):03d}"
        version = latest.get(uid, (None, -1))[1] + 1
        u = user(uid, version, rnd)
        event = "user.created" if version == 0 else "user.updated"
        body = {"event": event, "timestamp": "2025-11-06T10:30:00.000Z",
                "data": {"user": u, **({"changes": {"email": "old@example.com"}} if version else {})},
                "metadata": {"source": "manychat_sync", "action": event.split(".")[1]}}
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/webhook", method="POST",
                                     data=json.dumps(body, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as reply:
            assert reply.status == 200, reply.status
        latest[uid] = (u, version)
        if uid in order:
            order.remove(uid)
        order.append(uid)
        # Something that is no user: must not become a row.
        if n % 40 == 0:
            urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/api/webhook", method="POST",
                data=b'{"event":"booking.created","data":{"booking":{"id":"b1"}}}',
                headers={"Content-Type": "application/json"}), timeout=10).read()
    users = [latest[uid][0] for uid in order if latest[uid][0]["exportConsent"]["given"]]
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(users, f, ensure_ascii=False)


def cell(value):
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return "bool", "true" if value else "false"
    if isinstance(value, (int, float)):
        return "number", json.dumps(value)
    return "string", value


def flatten(value, prefix, row):
    if isinstance(value, dict):
        if not value:
            row.append((prefix, ""))
        for k, v in value.items():
            flatten(v, f"{prefix}.{k}" if prefix else k, row)
    elif isinstance(value, list):
        if not value:
            row.append((prefix, ""))
        elif all(not isinstance(v, (dict, list)) for v in value):
            row.append((prefix, ";".join(cell(v)[1] for v in value)))
        else:
            for i, v in enumerate(value):
                flatten(v, f"{prefix}.{i}", row)
    else:
        kind, text = cell(value)
        if kind == "string" and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
            text = "'" + text
        row.append((prefix, text))


def check(expected_path, csv_path, json_path):
    with open(expected_path, encoding="utf-8") as f:
        users = json.load(f)
    rows = []
    columns = []
    for u in users:
        row = []
        flatten(u, "", row)
        rows.append(dict(row))
        for name, _ in row:
            if name not in columns:
                columns.append(name)
    with open(csv_path, newline="", encoding="utf-8") as f:
        got = list(csv.reader(f, strict=True))
    problems = []
    if got[0] != columns:
        problems.append(f"header\n  got      {got[0]}\n  expected {columns}")
    if len(got) - 1 != len(rows):
        problems.append(f"{len(got) - 1} rows, expected {len(rows)}")
    for i, (line, want) in enumerate(zip(got[1:], rows)):
        expected_line = [want.get(c, "") for c in columns]
        if line != expected_line:
            problems.append(f"row {i + 1}\n  got      {line}\n  expected {expected_line}")
    with open(json_path, encoding="utf-8") as f:
        exported = json.load(f)
    if exported != users:
        problems.append("users.json differs from the expected users")
    if problems:
        print("\n".join(problems[:10]), file=sys.stderr)
        return 1
    print(f"{len(rows)} users, {len(columns)} columns match")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "post":
        post(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4]))
