"""The index folder: idempotent and incremental ingest, replacement of edited files, atomic
writes (a killed ingest leaves the old index readable), corrupt and mismatched indexes."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from qa import Retriever
from qa.index.store import IndexStore, IndexStoreError
from qa.index.writer import IndexWriter
from qa.pipeline import build_ingest, delete_articles

ROOT = Path(__file__).resolve().parents[1]


def items_file(path: Path, n: int, start: int = 0) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"title": f"第{i}号新闻", "text": f"这是第{i}篇新闻的正文，报道了编号为{i}的项目进展。"}, ensure_ascii=False) + "\n")
    return path


def test_reingest_adds_nothing_and_new_files_are_incremental(tmp_path, seed_pages):
    index = tmp_path / "idx"
    first = build_ingest(seed_pages, index, model="hashing", progress=False)
    assert first.articles_added == 11
    generation = json.loads((index / "manifest.json").read_text())["generation"]
    again = build_ingest(seed_pages, index, model="hashing", progress=False)
    assert (again.articles_added, again.unchanged) == (0, 2)
    extra = build_ingest([items_file(tmp_path / "more.jsonl", 3)], index, model="hashing", progress=False)
    assert extra.articles_added == 3
    store = IndexStore.open(index)
    assert store.count_articles() == 14
    assert store.manifest["counts"]["articles"] == 14
    assert store.manifest["generation"] != generation
    # the same article content inside another file is not added twice
    dup_file = items_file(tmp_path / "dup.jsonl", 3)
    dup_file.write_text(dup_file.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # other bytes, same articles
    dup = build_ingest([dup_file], index, model="hashing", progress=False)
    assert (dup.articles_added, dup.articles_existing) == (0, 3)


def test_edited_file_replaces_its_articles(tmp_path):
    index = tmp_path / "idx"
    f = items_file(tmp_path / "news.jsonl", 2)
    build_ingest([f], index, model="hashing", progress=False)
    items_file(f, 2, start=100)  # the same file, new content
    report = build_ingest([f], index, model="hashing", progress=False)
    assert (report.articles_added, report.articles_replaced) == (2, 2)
    retriever = Retriever.open(index)
    titles = {a.title for a in retriever.store.articles()}
    assert titles == {"第100号新闻", "第101号新闻"}
    assert len(retriever.dense) == retriever.store.count_chunks()
    assert retriever.search("编号为0的项目", k=5)[0].article.title.startswith("第10")


def test_delete_removes_chunks_vectors_and_bm25(hashing_index, tmp_path):
    index = tmp_path / "copy"
    shutil.copytree(hashing_index, index)
    retriever = Retriever.open(index)
    target = retriever.search("铁路民航项目全面复工", k=1)[0].article
    retriever.close()
    assert delete_articles(index, [target.id, "no-such-id"]) == [target.id]
    retriever = Retriever.open(index)
    assert retriever.store.article(target.id) is None
    assert all(h.article.id != target.id for h in retriever.search("铁路民航项目全面复工", k=10))
    assert len(retriever.dense) == retriever.store.count_chunks() == len(retriever.bm25)


KILLED_INGEST = textwrap.dedent(
    """
    import sys, time
    from qa.pipeline import build_ingest
    from qa.ingest.ingestor import Ingestor
    original = Ingestor.ingest
    def slow(self, paths, writer, on_batch=None, **kw):
        def hook(w, batch):
            on_batch(w, batch)
            print("batch", flush=True)
            time.sleep(0.3)
        return original(self, paths, writer, on_batch=hook, **kw)
    Ingestor.ingest = slow
    build_ingest(sys.argv[2:], sys.argv[1], model="hashing", progress=False, commit_every=1)
    """
)


def test_killed_ingest_leaves_previous_index_usable_and_resumes(tmp_path):
    index = tmp_path / "idx"
    build_ingest([items_file(tmp_path / "base.jsonl", 5)], index, model="hashing", progress=False)
    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(20):
        items_file(folder / f"f{k:02d}.jsonl", 2, start=1000 + 10 * k)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", KILLED_INGEST, str(index), str(folder)], stdout=subprocess.PIPE, text=True, env=env)
    seen = 0
    for _line in proc.stdout:
        seen += 1
        if seen == 4:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert any(p.name.startswith(".staging-") for p in index.iterdir())  # killed half way
    store = IndexStore.open(index)  # the last published generation opens and is consistent
    n = store.count_articles()
    assert 5 <= n < 45
    retriever = Retriever.open(index)
    assert len(retriever.dense) == retriever.store.count_chunks() == len(retriever.bm25)
    assert retriever.search("第1000号新闻", k=1)
    report = build_ingest([folder], index, model="hashing", progress=False)  # resume
    assert IndexStore.open(index).count_articles() == 45
    assert report.unchanged > 0  # what was committed before the kill is not redone
    assert not any(p.name.startswith(".staging-") for p in index.iterdir())


def test_corrupt_and_mismatched_indexes_say_what_to_do(hashing_index, tmp_path):
    index = tmp_path / "copy"
    shutil.copytree(hashing_index, index)
    with pytest.raises(IndexStoreError, match="embedding model hashing-256"):
        build_ingest([], index, model="hashing-64", progress=False)
    from embeddings.hashing import HashingEmbedder

    with pytest.raises(IndexStoreError, match="built with the embedding model"):
        Retriever.open(index, embedder=HashingEmbedder(64))
    generation = json.loads((index / "manifest.json").read_text())["generation"]
    (index / generation / "dense" / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(Exception, match="rebuild"):
        Retriever.open(index)
    (index / "manifest.json").write_text("{broken")
    with pytest.raises(IndexStoreError, match="corrupt"):
        IndexStore.open(index)
    with pytest.raises(IndexStoreError, match="no index"):
        IndexStore.open(tmp_path / "nothing-here")
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "notes.txt").write_text("x")
    with pytest.raises(IndexStoreError, match="not a bulletin-qa index"):
        IndexWriter(stray).begin()


def test_an_ingest_that_skips_every_file_leaves_a_usable_empty_index(tmp_path):
    from qa.pipeline import build_ingest
    from qa.search import Retriever

    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"x\x00\xff\xfe" * 64)
    report = build_ingest([binary], tmp_path / "idx", model="hashing", progress=False)
    assert "binary" in report.summary()
    retriever = Retriever.open(tmp_path / "idx")
    assert retriever.search("任何问题", k=3) == []
    retriever.close()


def test_sample_index_is_built_aside_and_a_concurrent_first_build_wins(hashing_index, monkeypatch, tmp_path):
    """The web chat and a terminal ask started together both build the sample index on first use:
    neither may see a half-built folder or fail because the other finished first."""
    import qa.pipeline as pipeline
    from qa.ingest.ingestor import IngestReport

    target = tmp_path / "sample-index"  # the session's home may hold one built by other tests
    monkeypatch.setattr("qa.paths.default_index_dir", lambda: target)
    built_into = []

    def racing_build(paths, index, **kwargs):
        built_into.append(Path(index))
        assert not IndexStore.exists(target)  # nothing half-built is visible meanwhile
        shutil.copytree(hashing_index, index)
        shutil.copytree(hashing_index, target)  # the other process finishes first
        return IngestReport()

    monkeypatch.setattr(pipeline, "build_ingest", racing_build)
    monkeypatch.setattr(pipeline, "embedder_for", lambda *args, **kwargs: None)
    index, _ = pipeline.default_sample_index()
    assert index == target and built_into[0] != target and not built_into[0].exists()
    assert Retriever.open(index).search("热线", k=1)
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(target.name)] == [target.name]


def test_the_sample_index_is_rebuilt_when_the_pages_or_their_reading_changed(tmp_path, monkeypatch, hashing_index):
    """An upgrade that reads pages differently must reach the sample a user already has: the
    index records what it was built from and is built again when that differs, else reused."""
    import qa.pipeline as pipeline
    from qa.ingest.ingestor import IngestReport

    target = tmp_path / "sample-index"
    monkeypatch.setattr("qa.paths.default_index_dir", lambda: target)
    monkeypatch.setattr(pipeline, "embedder_for", lambda *args, **kwargs: None)
    builds = []

    def build(paths, index, **kwargs):
        builds.append(index)
        shutil.copytree(hashing_index, index)
        return IngestReport()

    monkeypatch.setattr(pipeline, "build_ingest", build)
    shutil.copytree(hashing_index, target)  # built by an older version: no record of what from
    (target / "stale-marker").write_text("old")
    assert pipeline.default_sample_index()[0] == target and len(builds) == 1
    assert not (target / "stale-marker").exists()
    assert (target / pipeline.SAMPLE_BUILT_FROM).read_text() == pipeline.sample_fingerprint()
    assert pipeline.default_sample_index() == (target, None) and len(builds) == 1  # unchanged: reused
    monkeypatch.setattr(pipeline, "sample_fingerprint", lambda: "another-reading")
    pipeline.default_sample_index()
    assert len(builds) == 2 and Retriever.open(target).search("热线", k=1)
    assert [p.name for p in tmp_path.iterdir()] == ["sample-index"]  # nothing left aside


def test_a_killed_first_ingest_is_run_again_cleanly(tmp_path):
    """Killed before its first commit, an ingest into a new folder leaves no manifest: reading it
    says so, and the next ingest starts it again instead of refusing the folder."""
    index = tmp_path / "new"
    folder = tmp_path / "items"
    folder.mkdir()
    for k in range(3):
        items_file(folder / f"f{k}.jsonl", 2, start=100 * k)
    script = KILLED_INGEST.replace("commit_every=1", "commit_every=10**9").replace("time.sleep(0.3)", "time.sleep(30)")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", script, str(index), str(folder)], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "batch"  # inside the only batch, before any commit
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert index.exists() and not (index / "manifest.json").exists()
    with pytest.raises(IndexStoreError, match="never completed"):
        IndexStore.open(index)
    report = build_ingest([folder], index, model="hashing", progress=False)
    assert report.articles_added == 6 and IndexStore.open(index).count_articles() == 6
    assert not any(p.name.startswith(".staging-") for p in index.iterdir())


def test_a_second_ingest_into_an_index_being_written_is_refused_and_nothing_is_lost(tmp_path):
    index = tmp_path / "idx"
    build_ingest([items_file(tmp_path / "a.jsonl", 3)], index, model="hashing", progress=False)
    with IndexWriter(index):  # an ingest in progress holds the index
        with pytest.raises(IndexStoreError, match="another process is writing .* wait for it to finish"):
            build_ingest([items_file(tmp_path / "b.jsonl", 2, start=10)], index, model="hashing", progress=False)
        assert IndexStore.open(index).count_articles() == 3  # readers still see the published generation
    build_ingest([tmp_path / "b.jsonl"], index, model="hashing", progress=False)  # once it is done, the next one runs
    assert IndexStore.open(index).count_articles() == 5
