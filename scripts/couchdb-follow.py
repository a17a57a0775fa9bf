#!/usr/bin/env python3
"""Follows syncd's change feed with couchdb-python (PyPI `couchdb`), the way a CouchDB
indexer follows a database: `Database(URL).changes(feed="continuous", since=..., heartbeat=...)`
against http://syncd:TOKEN@127.0.0.1:PORT/v1 (the library asks for /v1/_changes). When the
connection ends (the daemon restarts) it connects again from the last seq it saw, re-reading
the port from PORT_FILE. Prints one JSON line per change: seq, id, rev, deleted.

usage: couchdb-follow.py PORT_FILE TOKEN SECONDS
"""
import json
import sys
import time

import couchdb

port_file, token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
deadline = time.time() + seconds
since = 0
while time.time() < deadline:
    try:
        with open(port_file) as f:
            port = f.read().strip()
        db = couchdb.Database("http://syncd:%s@127.0.0.1:%s/v1" % (token, port))
        for change in db.changes(feed="continuous", since=since, heartbeat=500):
            if "last_seq" in change:  # the feed ended cleanly (the daemon stopping)
                since = change["last_seq"]
                print("reconnecting after the feed ended at %s" % since, file=sys.stderr, flush=True)
                break
            print(json.dumps({"seq": change["seq"], "id": change["id"], "rev": change["changes"][0]["rev"],
                              "deleted": change.get("deleted", False)}), flush=True)
            since = change["seq"]
    except Exception as error:  # refused while the daemon restarts, or a cut stream: connect again
        print("reconnecting after %s: %s" % (type(error).__name__, error), file=sys.stderr, flush=True)
    time.sleep(0.1)
