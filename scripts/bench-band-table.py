#!/usr/bin/env python3
# Alternative measured: band keys as rows of a SQLite table (WITHOUT ROWID, primary key (key, doc)),
# written in the merge transaction: cost per document of 41 inserts at N docs, and of 41 lookups.
import os, random, sqlite3, sys, time
n = int(sys.argv[1]); path = sys.argv[2] if len(sys.argv) > 2 else "/tmp/syncd-band-table.db"
for s in ("", "-wal", "-shm"):
    if os.path.exists(path + s): os.remove(path + s)
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE band(key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID")
rng = random.Random(1)
batch = 64
t0 = time.process_time(); marks = []
for start in range(0, n, batch):
    db.execute("BEGIN")
    rows = [(rng.getrandbits(63), d) for d in range(start, min(n, start + batch)) for _ in range(41)]
    db.executemany("INSERT INTO band(key, doc) VALUES (?, ?)", rows)
    db.execute("COMMIT")
    if (start + batch) % (n // 4) < batch:
        marks.append((start + batch, time.process_time() - t0))
print("CPU insert: total %.1f s for %d docs, %.1f us/doc; marks %s" % (time.process_time() - t0, n, (time.process_time() - t0) / n * 1e6, marks))
keys = [rng.getrandbits(63) for _ in range(41 * 2000)]
t0 = time.process_time()
for k in keys: db.execute("SELECT doc FROM band WHERE key = ?", (k,)).fetchall()
print("CPU lookup: %.1f us/doc (41 keys)" % ((time.process_time() - t0) / 2000 * 1e6))
print("file: %.0f MB" % (os.path.getsize(path) / 1e6 + os.path.getsize(path + "-wal") / 1e6))
