"""Files and folders → articles and chunks in an index folder, incrementally and atomically."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from qa.index.writer import IndexWriter
from qa.ingest.chunking import Chunker
from qa.ingest.continuations import link_across_files
from qa.ingest.formats import SUFFIXES, FileLoader, UnreadableFile
from qa.models import Article, Chunk


@dataclass
class IngestReport:
    files: int = 0  # files read this run
    unchanged: int = 0  # files whose exact content was ingested before
    articles_added: int = 0
    articles_existing: int = 0  # same content already in the index
    articles_replaced: int = 0  # removed because their file was edited
    chunks_added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    added_ids: list[str] = field(default_factory=list)
    links: int = 0  # continued articles linked across files (（下转…）/（上接…）)

    def summary(self) -> str:
        lines = [
            f"{self.files} file(s) read, {self.unchanged} unchanged; "
            f"{self.articles_added} article(s) added ({self.articles_existing} already indexed, {self.articles_replaced} replaced), "
            f"{self.chunks_added} chunk(s); {len(self.skipped)} skipped; {self.seconds:.1f} s"
        ]
        if self.links:
            lines.append(f"  {self.links} continued article(s) linked to their other part in another file")
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped]
        lines += [f"  warning: {w}" for w in self.warnings[:20]]
        if len(self.warnings) > 20:
            lines.append(f"  … and {len(self.warnings) - 20} more warnings")
        return "\n".join(lines)


def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders (recursively) into the files to read, in a stable order.
    Returns the files and the paths that were skipped with the reason."""
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            skipped.append((str(p), "no such file or folder"))
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.name.endswith(".meta.json"):
                        continue  # sidecar metadata, read with its page
                    if f.suffix.lower() in SUFFIXES:
                        found.append(f)
        elif p.name.endswith(".meta.json"):
            skipped.append((str(p), "a sidecar metadata file; ingest the page file beside it"))
        else:
            found.append(p)
    return list(dict.fromkeys(found)), skipped


def file_hash(path: Path) -> str:
    h = hashlib.sha1(path.read_bytes())
    side = path.with_name(path.stem + ".meta.json")
    if side.exists():  # editing the sidecar re-reads the page
        h.update(side.read_bytes())
    return h.hexdigest()


# Called to delete an article (and its vectors) when the file it came from was edited.
DeleteHook = Callable[[IndexWriter, str], bool]

# Called with the writer, the new articles and their chunks and vector ids, before each commit,
# so the retrieval layer can embed and index them in the same generation.
BatchHook = Callable[[IndexWriter, list[tuple[Article, list[Chunk], list[int]]]], None]


class Ingestor:
    """Reads files into an index. ``commit_every`` chunks are published at a time, so a killed
    ingest keeps what was committed and the index is never half written."""

    def __init__(
        self,
        reader: FileLoader | None = None,
        chunker: Chunker | None = None,
        commit_every: int = 5000,
        progress: bool | None = None,
        added_by: str | None = None,
    ) -> None:
        self.reader = reader or FileLoader()
        self.added_by = added_by  # web-chat uploads: the editor, stamped with the time on each article
        self.chunker = chunker or Chunker()
        self.commit_every = commit_every
        self.progress = progress

    def ingest(
        self,
        paths: Iterable[str | os.PathLike],
        writer: IndexWriter,
        on_batch: BatchHook | None = None,
        display_root: Path | None = None,
        on_delete: DeleteHook | None = None,
    ) -> IngestReport:
        """Read every file under ``paths`` into ``writer``; ``on_batch`` builds the search
        structures of each batch before it is committed, ``on_delete`` removes an article's."""
        from tqdm import tqdm

        started = time.perf_counter()
        report = IngestReport()
        files, report.skipped = find_files(paths)
        batch = _Batch(writer, on_batch)
        bar = tqdm(files, desc="ingest", unit="file", disable=self._bar_disabled(len(files)))
        for path in bar:
            name = str(path.relative_to(display_root)) if display_root and path.is_relative_to(display_root) else path.name
            self._ingest_file(path, name, writer, report, batch, on_delete)
            bar.set_postfix(articles=report.articles_added, chunks=report.chunks_added)
            if batch.chunks >= self.commit_every:
                batch.flush()
        batch.flush(final=True)
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_file(self, path: Path, name: str, writer: IndexWriter, report: IngestReport, batch: "_Batch",
                     on_delete: DeleteHook | None) -> None:
        """One file: skipped with its reason, counted as unchanged, or read; an edited file's
        earlier articles are replaced."""
        try:
            digest = file_hash(path)
        except OSError as exc:
            report.skipped.append((name, f"cannot be read ({exc.strerror})"))
            return
        if writer.has_file(digest):
            report.unchanged += 1
            return
        try:
            result = self.reader.read(path, display_name=name)
        except UnreadableFile as exc:
            report.skipped.append((name, str(exc).removeprefix(f"{name}: ")))
            return
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, MemoryError) as exc:
            # a file no reader anticipated must not end the ingest of the others: it is skipped, named
            report.skipped.append((name, f"could not be read ({type(exc).__name__}: {exc}); please report this file"))
            return
        report.files += 1
        report.warnings.extend(result.warnings)
        location = str(path.resolve())
        for old in writer.previous_versions(location, digest):  # the file was edited: replace
            for article_id in writer.articles_of_file(old):
                (on_delete or (lambda w, a: bool(w.delete_article(a))))(writer, article_id)
                report.articles_replaced += 1
            writer.forget_file(old)
        added, new = 0, []
        stamp = time.strftime("%Y-%m-%d %H:%M") if self.added_by else None
        for article in result.articles:
            if self.added_by:
                article.added_by, article.added_at = self.added_by, stamp
            chunks = self.chunker.chunk(article)
            vids = writer.add_article(article, chunks, file_hash=digest)
            if not vids and writer.has_article(article.id) and chunks:
                report.articles_existing += 1
                continue
            added += 1
            report.articles_added += 1
            report.chunks_added += len(chunks)
            report.added_ids.append(article.id)
            batch.add(article, chunks, vids)
            new.append(article)
        if new and path.suffix.lower() == ".pdf":
            report.links += link_across_files(writer, new)
        if added and path.suffix.lower() == ".pdf":
            writer.keep_original(path, digest)  # the page view draws answers on its pages
        writer.record_file(digest, name, added, path=location)

    def _bar_disabled(self, n_files: int) -> bool | None:
        if self.progress is None:
            return None if n_files > 1 else True  # tqdm: None = only on a terminal
        return not self.progress


class _Batch:
    """Articles added since the last commit, handed to ``on_batch`` before each commit."""

    def __init__(self, writer: IndexWriter, on_batch: BatchHook | None) -> None:
        self.writer = writer
        self.on_batch = on_batch
        self.items: list[tuple[Article, list[Chunk], list[int]]] = []
        self.chunks = 0

    def add(self, article: Article, chunks: list[Chunk], vids: list[int]) -> None:
        self.items.append((article, chunks, vids))
        self.chunks += len(chunks)

    def flush(self, final: bool = False) -> None:
        """Build the batch's search structures; commit unless ``final`` (the writer's exit commits)."""
        if self.items and self.on_batch is not None:
            self.on_batch(self.writer, self.items)
        if not final and self.items:
            self.writer.commit()
        self.items, self.chunks = [], 0
