"""SIGKILL at random moments of first and later ingests, then the checks a user relies on.

    python -m benchmarks.kills --trials 25 [--articles 1200 --seed 7]

Each trial starts an ingest in a child process (``build_ingest``, the CLI's path, with the
hashing embedder so that the time goes to reading, chunking, BM25, SQLite and commits rather than
to a model, and a commit every 300 chunks so that kills land before, between and inside commits),
kills it with SIGKILL at a uniformly random moment of a clean run's duration, and checks:

1. the folder either opens as a consistent index (as many vectors and BM25 rows as chunks; a
   search answers; a later ingest never has fewer articles than before it started) or, only
   for a first ingest that published nothing, says "never completed … run ingest again";
2. running the same ingest again completes, ends with exactly the articles of a clean run, and
   leaves no staging folder behind.

Files: news articles from ../shared/corpora in JSON Lines files of 25 (invented items where
that folder is missing) and the two seed pages as PDFs (their originals are copied too).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "crud_rag_news.jsonl.gz"
CHILD = "from qa.pipeline import build_ingest; import sys; build_ingest(sys.argv[2:], sys.argv[1], model='hashing', progress=False, commit_every=300)"


def write_files(folder: Path, articles: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = []
    if CORPUS.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
            for line in f:
                texts.append(json.loads(line)["text"][:3000])
                if len(texts) >= articles * 3:
                    break
        texts = rng.sample(texts, articles)
    else:
        texts = [f"这是第{i}篇新闻的正文，报道了编号为{i}的项目进展。" * 20 for i in range(articles)]
    paths = []
    for n in range(0, articles, 25):
        path = folder / f"news{n // 25:03d}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i, text in enumerate(texts[n : n + 25]):
                f.write(json.dumps({"title": f"新闻{n + i}", "text": text}, ensure_ascii=False) + "\n")
        paths.append(path)
    try:
        from benchmarks.pdfpages.seeds import write_seed_pdfs

        paths += write_seed_pdfs(folder / "pdf")
    except ImportError:  # reportlab (the bench extra) typesets them
        pass
    return paths


def run_ingest(index: Path, paths: list[Path], kill_after: float | None) -> tuple[float, bool]:
    """(seconds, killed) of one ingest in a child process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(index), *map(str, paths)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        proc.wait(timeout=kill_after)
        if proc.returncode:
            raise RuntimeError(f"ingest failed: {proc.stderr.read().decode()[-2000:]}")
        return time.perf_counter() - started, False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return time.perf_counter() - started, True


def inspect(index: Path) -> dict:
    """What a user finds in the folder: an index (consistent?), or the never-completed message."""
    from qa.errors import IndexStoreError
    from qa.search import Retriever

    try:
        retriever = Retriever.open(index)
    except IndexStoreError as exc:
        return {"state": "never completed" if "never completed" in str(exc) else f"refused: {exc}"}
    try:
        n = retriever.store.count_articles()
        consistent = len(retriever.dense) == retriever.store.count_chunks() == len(retriever.bm25)
        searchable = bool(retriever.search("新闻", k=1)) if n else True
        return {"state": "index", "articles": n, "consistent": consistent and searchable}
    finally:
        retriever.close()


def trial(kind: str, paths_a: list[Path], paths_b: list[Path], template: Path | None, expected: dict, duration: float,
          rng: random.Random, work: Path) -> dict:
    index = work / f"{kind}-{rng.randrange(10**9)}"
    if kind == "later":
        shutil.copytree(template, index)
        paths = paths_a + paths_b
    else:
        paths = paths_a
    kill_at = rng.uniform(0.02, 1.0) * duration
    took, killed = run_ingest(index, paths, kill_at)
    after_kill = inspect(index) if index.exists() else {"state": "no folder"}
    ok = after_kill["state"] in ("index", "no folder") or (kind == "first" and after_kill["state"] == "never completed")
    if after_kill["state"] == "index":
        floor = expected["a"] if kind == "later" else 0
        ok = ok and after_kill["consistent"] and after_kill["articles"] >= floor
    run_ingest(index, paths, None)  # the user runs it again
    final = inspect(index)
    leftovers = [p.name for p in index.iterdir() if p.name.startswith(".staging-")]
    target = expected["ab"] if kind == "later" else expected["a"]
    resumed = final["state"] == "index" and final["consistent"] and final["articles"] == target and not leftovers
    shutil.rmtree(index, ignore_errors=True)
    return {"kind": kind, "kill_at_s": round(kill_at, 2), "killed": killed, "after_kill": after_kill, "ok_after_kill": ok,
            "resumed": resumed, "final_articles": final.get("articles"), "expected": target}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=25, help="kills of each kind (first and later ingests)")
    ap.add_argument("--articles", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bq-kills-"))
    files = write_files(work / "files", args.articles, args.seed)
    half = len(files) // 2
    paths_a, paths_b = files[:half], files[half:]
    clean_a, clean_ab = work / "clean-a", work / "clean-ab"
    t_first, _ = run_ingest(clean_a, paths_a, None)
    shutil.copytree(clean_a, clean_ab)
    t_later, _ = run_ingest(clean_ab, paths_a + paths_b, None)
    expected = {"a": inspect(clean_a)["articles"], "ab": inspect(clean_ab)["articles"]}
    print(json.dumps({"files": len(files), "articles": expected, "clean_first_s": round(t_first, 1), "clean_later_s": round(t_later, 1)}),
          flush=True)
    results = []
    for i in range(args.trials * 2):
        kind = "first" if i % 2 == 0 else "later"
        r = trial(kind, paths_a, paths_b, clean_a, expected, t_first if kind == "first" else t_later, rng, work)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    summary = {}
    for kind in ("first", "later"):
        rs = [r for r in results if r["kind"] == kind]
        states: dict[str, int] = {}
        for r in rs:
            states[r["after_kill"]["state"]] = states.get(r["after_kill"]["state"], 0) + 1
        summary[kind] = {"trials": len(rs), "killed": sum(r["killed"] for r in rs), "ok_after_kill": sum(r["ok_after_kill"] for r in rs),
                         "resumed_to_clean_count": sum(r["resumed"] for r in rs), "states_after_kill": states}
    print(json.dumps({"summary": summary}, ensure_ascii=False), flush=True)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
