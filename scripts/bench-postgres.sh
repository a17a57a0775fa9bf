#!/usr/bin/env bash
# PostgreSQL beside SQLite on the same documents: `syncd --once` docs/s and pairwise F1 on the
# labelled near-duplicate corpus (neardup-gen --bases 1500 --seed 1), with one PostgreSQL node
# and with two nodes splitting the folder; `syncctl migrate` of the SQLite store; then the cost of the change log's commit
# serialization point (pgbench: a head-counter row updated last vs. a plain sequence).
#
# Usage: scripts/bench-postgres.sh [BIN_DIR]   (default .build/debug; build first)
# Starts its own PostgreSQL (Debian's postgresql) in a temporary folder on a unix socket, as the
# postgres user when run as root, and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/debug}
SHARED=${SHARED:-../shared}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
WORK=$(mktemp -d /tmp/syncd-pgbench-XXXXXX)
RUNAS=()
if [ "$(id -u)" = 0 ]; then chown postgres "$WORK"; RUNAS=(runuser -u postgres --); fi
PGUSER=$([ "$(id -u)" = 0 ] && echo postgres || id -un)
"${RUNAS[@]}" "$PGBIN/initdb" -D "$WORK/data" -U "$PGUSER" --auth=trust -E UTF8 --no-sync --locale=C >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o "-k $WORK -c listen_addresses= -c max_connections=200" start >/dev/null
trap '"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m fast stop >/dev/null; rm -rf "$WORK"' EXIT
psql() { "$PGBIN/psql" -X -q -A -t -h "$WORK" -U "$PGUSER" "$@"; }
url() { echo "postgresql://$PGUSER@localhost:5432/$1?host=$WORK"; }

python3 "$SHARED/tools/neardup-gen" --corpus "$SHARED/corpora/arabic-news/jawharafm.jsonl" --out "$WORK/nd" \
    --bases 1500 --seed 1 --profile dev --html-fraction 0.2 >/dev/null
DOCS=$(ls "$WORK/nd/docs" | wc -l)
mkdir -p "$WORK/half-a" "$WORK/half-b"
i=0; for f in "$WORK/nd/docs"/*; do if [ $((i % 2)) = 0 ]; then cp "$f" "$WORK/half-a/"; else cp "$f" "$WORK/half-b/"; fi; i=$((i + 1)); done

config() { # FILE STORE-LINE NODE SOURCE FOLDER
    printf '[store]\n%s\n\n[daemon]\nnode = "%s"\nsocket = "%s.sock"\n\n[[source]]\nname = "%s"\ntype = "folder"\npath = "%s"\n' \
        "$2" "$3" "$1" "$4" "$5" > "$1"
}
score() { # CONFIG
    "$BIN/syncctl" dupes --json --config "$1" > "$WORK/dupes.json"
    python3 "$SHARED/tools/neardup-score" "$WORK/nd/truth.json" "$WORK/dupes.json" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("F1 %.4f, hard negatives merged %d of %d" % (s["f1"], s["hard_negatives_merged"], s["hard_negatives"]))'
}
seconds() { python3 -c "import time; print(time.time())"; }
rate() { python3 -c "print('%.0f docs/s (%.1f s)' % ($DOCS / ($2 - $1), $2 - $1))"; }

echo "corpus: $DOCS documents (neardup-gen --bases 1500 --seed 1), binaries: $BIN"
config "$WORK/sqlite.toml" "path = \"$WORK/store.db\"" one nd "$WORK/nd/docs"
t0=$(seconds); "$BIN/syncd" --once --config "$WORK/sqlite.toml" >/dev/null 2>&1; t1=$(seconds)
echo "SQLite, one process:          $(rate "$t0" "$t1"); $(score "$WORK/sqlite.toml")"

# The SQLite store just made, copied by syncctl migrate (its own timing and verified counts).
psql -d postgres -c "CREATE DATABASE migrated"
"$BIN/syncctl" migrate --config "$WORK/sqlite.toml" --to "$(url migrated)" 2>/dev/null | sed 's/^/  migrate: /' | grep -E "document|version|change |blob|in [0-9]"

psql -d postgres -c "CREATE DATABASE one"
config "$WORK/pg1.toml" "url = \"$(url one)\"" one nd "$WORK/nd/docs"
t0=$(seconds); "$BIN/syncd" --once --config "$WORK/pg1.toml" >/dev/null 2>&1; t1=$(seconds)
echo "PostgreSQL, one node:         $(rate "$t0" "$t1"); $(score "$WORK/pg1.toml")"

psql -d postgres -c "CREATE DATABASE two"
config "$WORK/pg-a.toml" "url = \"$(url two)\"" a a "$WORK/half-a"
config "$WORK/pg-b.toml" "url = \"$(url two)\"" b b "$WORK/half-b"
t0=$(seconds)
"$BIN/syncd" --once --config "$WORK/pg-a.toml" >/dev/null 2>&1 & A=$!
"$BIN/syncd" --once --config "$WORK/pg-b.toml" >/dev/null 2>&1 & B=$!
wait $A; wait $B; t1=$(seconds)
echo "PostgreSQL, two nodes (halves): $(rate "$t0" "$t1"); $(score "$WORK/pg-a.toml")"
echo "  change log: $(psql -d two -c "SELECT COUNT(*) || ' changes, seq 1..' || MAX(seq) || ', by node: ' || string_agg(DISTINCT node, ',') FROM change")"

# The commit serialization point alone: 4 clients, 10 s each, one short transaction appending
# one change row, numbered by a plain sequence vs. by the head row updated last.
psql -d postgres -c "CREATE DATABASE point"
psql -d point -c "CREATE TABLE log(seq BIGINT PRIMARY KEY, at DOUBLE PRECISION); CREATE SEQUENCE s; CREATE TABLE head(id INT PRIMARY KEY, seq BIGINT); INSERT INTO head VALUES (1, 0)"
printf 'BEGIN;\nINSERT INTO log VALUES (nextval(%s), 0);\nCOMMIT;\n' "'s'" > "$WORK/sequence.sql"
printf 'BEGIN;\nWITH h AS (UPDATE head SET seq = seq + 1 WHERE id = 1 RETURNING seq) INSERT INTO log SELECT seq, 0 FROM h;\nCOMMIT;\n' > "$WORK/head.sql"
for clients in 1 4; do
    psql -d point -c "TRUNCATE log"
    seq_tps=$("${RUNAS[@]}" "$PGBIN/pgbench" -h "$WORK" -U "$PGUSER" -n -c $clients -T 10 -f "$WORK/sequence.sql" point 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    psql -d point -c "TRUNCATE log"
    head_tps=$("${RUNAS[@]}" "$PGBIN/pgbench" -h "$WORK" -U "$PGUSER" -n -c $clients -T 10 -f "$WORK/head.sql" point 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    echo "commit point, $clients client(s): sequence $seq_tps tx/s, head row $head_tps tx/s"
done
