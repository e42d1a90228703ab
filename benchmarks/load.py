"""Concurrent chat users against a real ``bulletin-qa serve`` (loopback only): errors, latency
percentiles and the server's memory over the run.

    python -m benchmarks.load --users 30 --seconds 180 [--index DIR] [--port 7870]

Each simulated user is a Gradio client with its own session (as a browser tab is): it holds a
conversation from benchmarks/data/seed_conversations.jsonl, asking its turns in order through the
web chat's own event (the chat history and the follow-up state carried by the session), then
starts the next conversation, until the time is up. The server runs with its real models. Its
resident memory (RSS, with its children) is read every 5 s; "flat" means the last third of the run
holds no more than the first third after warm-up plus 5 %.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONVERSATIONS = ROOT / "benchmarks" / "data" / "seed_conversations.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    import psutil

    try:
        proc = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20
    except psutil.Error:
        return float("nan")


def start_server(index: str | None, port: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "qa.cli", "serve", "--port", str(port), "--no-uploads"] + (["--index", index] if index else [])
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:
        if line.startswith("ready:"):
            return proc
    raise RuntimeError(f"the server did not start (exit {proc.wait()})")


def user(url: str, conversations: list[list[str]], until: float, rng: random.Random, out: list, errors: list) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False)
    while time.time() < until:
        chat: list = []
        for question in rng.choice(conversations):
            if time.time() >= until:
                break
            started = time.perf_counter()
            try:
                result = client.predict(question, chat, "", "", "全部", "全部", api_name="/chat")
                chat = result[0]
                if not chat or chat[-1].get("role") != "assistant":
                    raise RuntimeError(f"no reply in {str(result)[:200]}")
                out.append(time.perf_counter() - started)
            except Exception as exc:  # noqa: BLE001 - counting failures is the point
                errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                break


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--index", help="index folder (default: the bundled sample bulletins)")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    conversations = [[t["q"] for t in json.loads(line)["turns"]] for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    port = args.port or free_port()
    began = time.perf_counter()
    server = start_server(args.index, port)
    ready_s = time.perf_counter() - began
    memory: list[tuple[float, float]] = []
    latencies: list[float] = []
    errors: list[str] = []
    try:
        memory.append((0.0, rss_mb(server.pid)))
        until = time.time() + args.seconds
        threads = [threading.Thread(target=user, args=(f"http://127.0.0.1:{port}/", conversations, until, random.Random(args.seed + i),
                                                       latencies, errors), daemon=True) for i in range(args.users)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            memory.append((round(time.perf_counter() - t0), rss_mb(server.pid)))
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(30)
    lat = sorted(latencies)
    third = max(1, len(memory) // 3)
    first, last = memory[1 : third + 1] or memory[:1], memory[-third:]
    summary = {
        "users": args.users, "seconds": round(wall), "server_ready_s": round(ready_s, 1), "turns": len(lat), "errors": len(errors),
        "error_examples": sorted(set(errors))[:5], "turns_per_s": round(len(lat) / wall, 2),
        "p50_s": round(statistics.median(lat), 2) if lat else None, "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 2) if lat else None,
        "max_s": round(lat[-1], 2) if lat else None, "rss_mb_start": round(memory[0][1]), "rss_mb_max": round(max(m for _, m in memory)),
        "rss_mb_first_third": round(max(m for _, m in first)), "rss_mb_last_third": round(max(m for _, m in last)),
        "memory_flat": max(m for _, m in last) <= 1.05 * max(m for _, m in first), "cpus": os.cpu_count(),
        "load_before": os.getloadavg()[0],
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
