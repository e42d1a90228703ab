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
    # a mistyped login or uploads opened to the network without logins: a message before any model loads
    login = run("serve", "--auth", "wang")
    assert login.returncode == 1 and "--auth takes user:password" in login.stderr and "Traceback" not in login.stderr
    exposed = run("serve", "--host", "0.0.0.0", "--uploads", "--port", "1")
    assert exposed.returncode == 1 and "need logins" in exposed.stderr and "Traceback" not in exposed.stderr


def test_search_without_index_uses_the_bundled_sample(tmp_path):
    """A new user's first command: no index, no model download; the sample is built on first use."""
    home = Path(os.environ["BULLETIN_QA_HOME"])  # the session's home: the e5 model is materialised once
    out = run("search", "3月25日12345热线直接办理了多少件诉求？", "--k", "1", env={"BULLETIN_QA_HOME": str(home)})
    assert out.returncode == 0, out.stderr
    assert "12345" in out.stdout and "Loading weights" not in out.stderr + out.stdout
    assert (home / "sample-index" / "manifest.json").exists()
    again = run("search", "西成铁路什么时候复工", "--k", "1", "--json", env={"BULLETIN_QA_HOME": str(home)})
    assert "building the sample index" not in again.stderr
    assert "西成铁路" in json.loads(again.stdout)["passage"]


def test_ask_json_contract_and_bad_questions(tmp_path):
    out = run("ask", "3月25日12345热线转交责任单位办理了多少件？", "--json")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["answer"] in ("443件", "443") and not answer["no_answer"]
    c = answer["citations"][0]
    assert c["passage"][c["span"][0] : c["span"][1]] == answer["answer"] and c["source"].startswith("003_")
    empty = json.loads(run("ask", "   ", "--json").stdout)
    assert empty["no_answer"] and "问题是空的" in empty["message"]
    questions = tmp_path / "q.txt"  # a 100k-character question is too long for one argv entry
    questions.write_text("问" * 100_000 + "\n西宁锂电池隔膜年产能是多少\n", encoding="utf-8")
    lines = [json.loads(x) for x in run("ask", "--file", str(questions), "--json").stdout.splitlines()]
    missing = json.loads(run("ask", "青海湖的面积有多大？", "--json").stdout)
    assert missing["no_answer"] and missing["answer"] is None and missing["citations"] == [] and missing["related"]
    assert len(lines) == 2 and lines[0]["no_answer"] and "问题太长" in lines[0]["message"]
    assert lines[1]["answer"] and "锂电" in lines[1]["citations"][0]["passage"]
