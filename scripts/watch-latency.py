#!/usr/bin/env python3
"""Time from writing a file under a watched folder to the answer of a waiting long poll.

usage: scripts/watch-latency.py [--bin .build/release] [--runs 5]
Starts syncd on a temporary folder, writes one file per run while a long poll waits on
/v1/changes (over the unix socket, with curl), and prints each latency and the median.
"""
import argparse, json, os, shutil, statistics, subprocess, tempfile, threading, time

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".build", "release"))
ap.add_argument("--runs", type=int, default=5)
args = ap.parse_args()

root = tempfile.mkdtemp(prefix="syncd-latency-")
os.makedirs(os.path.join(root, "docs"))
with open(os.path.join(root, "syncd.toml"), "w") as f:
    f.write('[store]\npath = "state/store.db"\n[daemon]\nsocket = "run/syncd.sock"\n[[source]]\nname = "docs"\ntype = "folder"\npath = "docs"\n')
with open(os.path.join(root, "docs", "seed.txt"), "w") as f:
    f.write("Seed\n\nSeed text to start with.\n")
socket = os.path.join(root, "run", "syncd.sock")
daemon = subprocess.Popen([os.path.join(args.bin, "syncd"), "--config", os.path.join(root, "syncd.toml")], stderr=subprocess.DEVNULL)

def get(path):
    return json.loads(subprocess.run(["curl", "-s", "--unix-socket", socket, "http://syncd" + path], capture_output=True, text=True).stdout)

try:
    for _ in range(100):
        if os.path.exists(socket):
            try:
                if get("/v1/changes?since=0")["last_seq"] >= 1: break
            except Exception: pass
        time.sleep(0.1)
    latencies = []
    for run in range(args.runs):
        head = get("/v1/changes?since=0&limit=10000")["last_seq"]
        written = {}
        def write():
            time.sleep(0.3)
            written["t"] = time.time()
            with open(os.path.join(root, "docs", f"f{run}.txt"), "w") as f:
                f.write(f"Story {run}\n\nA different story number {run} with words {run * 7919} and more.\n")
        writer = threading.Thread(target=write); writer.start()
        answer = get(f"/v1/changes?since={head}&feed=longpoll&timeout=10000")
        latencies.append((time.time() - written["t"]) * 1000); writer.join()
        print(f"run {run + 1}: {latencies[-1]:.0f} ms ({len(answer['results'])} change)")
    print(f"median {statistics.median(latencies):.0f} ms over {args.runs} runs")
finally:
    daemon.terminate(); daemon.wait(timeout=30)
    shutil.rmtree(root, ignore_errors=True)
