"""The bulletin-qa command line, run as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})), timeout=300,
    )


def test_ingest_and_list_articles(tmp_path, seed_pages):
    index = tmp_path / "i"
    out = run("ingest", *map(str, seed_pages), "--index", str(index), "--model", "hashing", "--quiet")
    assert out.returncode == 0, out.stderr
    assert "11 article(s) added" in out.stdout
    listed = run("articles", "--index", str(index), "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 11
    assert all({"id", "title", "text", "byline", "kind", "date", "city", "source", "page"} <= set(r) for r in rows)
    assert sum(r["kind"] == "continuation" for r in rows) == 1
    hits = run("search", "西宁锂电产业集群", "--index", str(index), "--json", "--k", "2")
    assert hits.returncode == 0, hits.stderr
    first = json.loads(hits.stdout.splitlines()[0])
    assert first["rank"] == 1 and "锂电" in first["passage"]


def test_bad_input_gets_a_message_not_a_traceback(tmp_path):
    empty = run("search", "  ", "--index", str(tmp_path / "missing"))
    assert empty.returncode == 1 and "question is empty" in empty.stderr and "Traceback" not in empty.stderr
    missing = run("search", "问题", "--index", str(tmp_path / "missing"))
    assert missing.returncode == 1 and "no index at" in missing.stderr
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("本报讯（记者 张三）3月1日，全市春耕生产全面展开，已完成播种面积2万亩。\n\n春耕生产全面展开\n".encode("gbk"))
    out = run("ingest", str(binary), str(gbk), "--index", str(tmp_path / "i"), "--model", "hashing", "--quiet")
    assert out.returncode == 0, out.stderr
    assert "skipped blob.txt: looks like a binary file" in out.stdout
    assert "1 article(s) added" in out.stdout
