#!/usr/bin/env python3
"""Benchmark syncd against the peers on one labelled near-duplicate corpus, in one run.

usage: scripts/bench.py [--corpus JSONL] [--bases 1500] [--seed 1] [--profile dev]
                        [--text-page-fraction 0.5] [--summary-fraction 0.3]
                        [--out /tmp/syncd-bench] [--skip-peers]

1. builds the corpus with ../shared/tools/neardup-gen (unless it is already there): by default
   with page dumps (web pages saved as text with their site chrome) and feed summaries, as
   archives hold them (`--text-page-fraction 0 --summary-fraction 0` for the older set);
2. `swift build -c release`; end-to-end `syncd --once` into a fresh store, three times (the
   median wall time is reported; peak RSS from /usr/bin/time), scores `syncctl dupes --json` with neardup-score, and
   measures the store's bytes per document;
3. `syncd-bench` for the fingerprint + LSH core (one thread, like rensa's timing);
4. ../shared/tools/peer-dedup with datasketch (threshold 0.3) and rensa on the same folder;
5. prints every figure and the two ratios the product promises (>= 20x datasketch end to
   end, >= 2x rensa for the core).
"""
import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BIN = os.path.join(ROOT, ".build", "release")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpora/arabic-news/jawharafm.jsonl"))
    ap.add_argument("--bases", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--profile", default="dev")
    ap.add_argument("--text-page-fraction", type=float, default=0.5)
    ap.add_argument("--summary-fraction", type=float, default=0.3)
    ap.add_argument("--out", default="/tmp/syncd-bench")
    ap.add_argument("--skip-peers", action="store_true")
    a = ap.parse_args()

    corpus = os.path.join(a.out, f"nd-{a.profile}-{a.seed}-{a.bases}-tp{a.text_page_fraction}-s{a.summary_fraction}")
    if not os.path.exists(os.path.join(corpus, "truth.json")):
        extra = []
        if a.text_page_fraction:
            extra += ["--text-page-fraction", str(a.text_page_fraction)]
        if a.summary_fraction:
            extra += ["--summary-fraction", str(a.summary_fraction)]
        sh([os.path.join(SHARED, "tools/neardup-gen"), "--corpus", a.corpus, "--out", corpus,
            "--bases", str(a.bases), "--seed", str(a.seed), "--profile", a.profile] + extra)
    docs = os.path.join(corpus, "docs")
    ndocs = len(os.listdir(docs))

    subprocess.run(["swift", "build", "-c", "release", "--product", "syncd"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "syncctl"], cwd=ROOT, check=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "syncd-bench"], cwd=ROOT, check=True)

    # End to end, three times into a fresh store each time; the median run is reported.
    runs = []
    for attempt in range(3):
        run = os.path.join(a.out, "run")
        shutil.rmtree(run, ignore_errors=True)
        os.makedirs(run)
        config = os.path.join(run, "syncd.toml")
        with open(config, "w") as fh:
            fh.write(f'[store]\npath = "{run}/store.db"\n\n[[source]]\nname = "nd"\ntype = "folder"\npath = "{docs}"\n')
        t0 = time.perf_counter()
        timed = subprocess.run(["/usr/bin/time", "-f", "%M", os.path.join(BIN, "syncd"), "--config", config, "--once"],
                               text=True, capture_output=True)
        wall = time.perf_counter() - t0
        if timed.returncode != 0:
            sys.exit(f"syncd failed: {timed.stderr[-2000:]}")
        runs.append((wall, int(timed.stderr.strip().splitlines()[-1])))
    walls = sorted(w for w, _ in runs)
    wall = walls[1]
    peak_kb = max(kb for _, kb in runs)
    dupes = os.path.join(run, "dupes.json")
    with open(dupes, "w") as fh:
        fh.write(sh([os.path.join(BIN, "syncctl"), "dupes", "--config", config, "--json"]).stdout)
    score = json.loads(sh([os.path.join(SHARED, "tools/neardup-score"), os.path.join(corpus, "truth.json"), dupes,
                           "--docs", docs]).stdout)
    db = sqlite3.connect(os.path.join(run, "store.db"))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    store_bytes = sum(os.path.getsize(os.path.join(run, f)) for f in os.listdir(run) if f.startswith("store.db"))
    ours = {"docs": ndocs, "seconds": round(wall, 3), "runs_seconds": [round(w, 3) for w in walls],
            "docs_per_s": round(ndocs / wall, 1),
            "peak_rss_mb": round(peak_kb / 1024, 1), "store_bytes_per_doc": round(store_bytes / ndocs), **score}
    core = json.loads(sh([os.path.join(BIN, "syncd-bench"), docs]).stdout)
    print("syncd --once (end to end):", json.dumps(ours))
    print("syncd fingerprint+LSH core:", json.dumps(core))
    if a.skip_peers:
        return
    peers = {}
    for engine in ("datasketch", "rensa"):
        out = os.path.join(a.out, f"{engine}.json")
        res = sh([os.path.join(SHARED, "tools/peer-dedup"), docs, "--engine", engine, "--threshold", "0.3", "--out", out])
        peers[engine] = json.loads(res.stdout.strip().splitlines()[-1])
        peers[engine]["score"] = json.loads(sh([os.path.join(SHARED, "tools/neardup-score"),
                                                os.path.join(corpus, "truth.json"), out]).stdout)
        print(f"peer {engine}:", json.dumps(peers[engine]))
    print()
    print(f"end to end: syncd {ours['docs_per_s']} docs/s vs datasketch pipeline "
          f"{peers['datasketch']['docs_per_s_pipeline']} docs/s = "
          f"{ours['docs_per_s'] / peers['datasketch']['docs_per_s_pipeline']:.1f}x (target >= 20x)")
    print(f"core: syncd {core['docs_per_second']:.0f} docs/s vs rensa MinHash+LSH "
          f"{peers['rensa']['docs_per_s_minhash_lsh']} docs/s = "
          f"{core['docs_per_second'] / peers['rensa']['docs_per_s_minhash_lsh']:.1f}x (target >= 2x)")
    print(f"accuracy: syncd F1 {score['f1']} ({score['hard_negatives_merged']} hard negatives merged); "
          f"datasketch F1 {peers['datasketch']['score']['f1']}; rensa F1 {peers['rensa']['score']['f1']}")
    print(f"peak RSS {ours['peak_rss_mb']} MiB; store {ours['store_bytes_per_doc']} bytes/doc")
    kinds = ", ".join(f"{kind} {v['docs']} docs at {v['microseconds_per_doc']:.0f} us"
                      for kind, v in sorted(core.get("extraction", {}).items()))
    print(f"reading + extraction per document (one thread): {kinds}")


if __name__ == "__main__":
    main()
