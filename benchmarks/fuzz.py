"""The long fuzz run: random questions through the assistant (the JSON contract included) and
random files through the file readers, counting tracebacks and slow files.

    python -m benchmarks.fuzz --questions 100000 --files 2000
    python -m benchmarks.fuzz --questions 0 --files 0 --reading 2000

Questions: random code points (lone surrogates, control and format characters, emoji, Chinese),
HTML, very long and empty strings, asked of the bundled sample (hashing embedder, test reader: what
is fuzzed is every layer but the span model's arithmetic). Files: random bytes, random Chinese
text, nested and malformed JSON, JSON Lines mixing good and bad lines, HTML and Markdown, written
under every supported suffix, and PDFs: the two seed pages typeset (benchmarks/pdfpages) then
truncated, overwritten at random bytes, or with random bytes spliced in — read by pdfium, native
code, in this process, so a crash there would end the run. A traceback is any exception other
than bulletin-qa's own errors. ``--workers`` splits the questions over processes (one seed each).

``--reading``: the real span reader (model and every snapping and feature rule) over the sample's
own sentences, with marks, spaces, brackets and clause words spliced in at random, asked questions
made from those sentences with each kind's question word. Besides tracebacks it counts spans whose
offsets do not slice their text, and questions that take longer than ``--hang`` seconds (a rule's
loop that does not move on hangs a server on one passage).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from qa.errors import BulletinQAError

SUFFIXES = (".txt", ".jsonl", ".json", ".md", ".html")
SPECIAL = ["\udc8a", "\ud800", "\x00", "\u202e", "\u200b", "\ufeff", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
           "多少", "？", "吗", "那西宁呢", "\n", "\t", " ", "😀", "\U0010ffff", "'", '"', "\\", "{", "}"]


def random_text(rng: random.Random, most: int) -> str:
    n = rng.choice([0, 1, 2, 5, 20, 80, most])
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.5:
            out.append(chr(rng.randint(0x4E00, 0x9FFF)))
        elif kind < 0.7:
            out.append(rng.choice(SPECIAL))
        elif kind < 0.85:
            out.append(chr(rng.randint(0, 0x2FFF)))
        else:
            out.append(chr(rng.randint(0, 0x10FFFF)))
    return "".join(out)


def random_file(rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    if kind == 0:
        return rng.randbytes(rng.choice([0, 10, 1000, 100_000]))
    if kind == 1:
        return random_text(rng, 5000).encode("utf-8", "surrogatepass")
    if kind == 2:
        depth = rng.choice([10, 1000, 100_000])
        return ("[" * depth + "]" * depth).encode()
    if kind == 3:
        rows = [json.dumps({"text": random_text(rng, 200), "title": random_text(rng, 10)}, ensure_ascii=False) if rng.random() < 0.5
                else random_text(rng, 50) for _ in range(rng.randint(1, 30))]
        return "\n".join(rows).encode("utf-8", "surrogatepass")
    if kind == 4:
        return json.dumps({"data": [{"paragraphs": [{"context": random_text(rng, 300)}] if rng.random() < 0.7 else rng.random()}]},
                          ensure_ascii=False).encode("utf-8", "surrogatepass")
    if kind == 5:
        lines = ["".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(1, 20))) + rng.choice(["", "。", "，"])
                 for _ in range(rng.choice([10, 500, 5000]))]
        return "\n".join(lines).encode("utf-8")
    return f"<html><title>{random_text(rng, 20)}</title><h1>{random_text(rng, 10)}</h1><p>{random_text(rng, 500)}</p>".encode(
        "utf-8", "surrogatepass")


def mutated_pdf(rng: random.Random, originals: list[bytes]) -> bytes:
    data = bytearray(rng.choice(originals))
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(data[: rng.randrange(len(data))])  # truncated
    if kind == 1:
        for _ in range(rng.choice([1, 10, 100, 1000])):  # bytes overwritten
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 2:
        at = rng.randrange(len(data))  # random bytes spliced in
        return bytes(data[:at]) + rng.randbytes(rng.choice([1, 100, 10_000])) + bytes(data[at:])
    return b"%PDF-1.4\n" + rng.randbytes(rng.choice([10, 1000, 100_000]))  # a header and noise


def seed_pdfs() -> list[bytes]:
    from benchmarks.pdfpages.seeds import write_seed_pdfs

    return [p.read_bytes() for p in write_seed_pdfs(Path(tempfile.mkdtemp()))]


def fuzz_questions(n: int, seed: int, workers: int = 1) -> dict:
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        shares = [n // workers + (i < n % workers) for i in range(workers)]
        # spawned, not forked: a fork of a process whose threads (faiss, tokenizers) hold locks hung
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            parts = list(pool.map(fuzz_questions, shares, [seed + i for i in range(workers)]))
        by_type: Counter = Counter()
        for p in parts:
            by_type.update(p["by_type"])
        return {"questions": n, "workers": workers, "tracebacks": sum(p["tracebacks"] for p in parts), "by_type": dict(by_type),
                "example": next((p["example"] for p in parts if p["example"]), None), "seconds": max(p["seconds"] for p in parts)}
    return _fuzz_questions(n, seed)


def _fuzz_questions(n: int, seed: int) -> dict:
    from benchmarks.fakes import FakeReader
    from qa.chat.assistant import Assistant
    from qa.paths import SAMPLE_DIR
    from qa.pipeline import build_ingest
    from qa.search import Retriever

    rng = random.Random(seed)
    index = Path(tempfile.mkdtemp()) / "index"
    build_ingest([SAMPLE_DIR], index, model="hashing", progress=False)
    assistant = Assistant(Retriever.open(index), reader=FakeReader())
    failures: Counter = Counter()
    example = None
    started = time.perf_counter()
    for _ in range(n):
        question = random_text(rng, 3000)
        try:
            answer = assistant.ask(question)
            json.dumps(answer.to_dict(), ensure_ascii=False).encode("utf-8")
        except BulletinQAError:
            pass
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            failures[type(exc).__name__] += 1
            example = example or (repr(question[:80]), traceback.format_exc(limit=3))
    return {"questions": n, "tracebacks": sum(failures.values()), "by_type": dict(failures), "example": example,
            "seconds": round(time.perf_counter() - started, 1)}


def fuzz_files(n: int, seed: int, slow: float, ocr: bool = False) -> dict:
    from qa.ingest.formats import FileLoader
    from qa.ingest.pdf.loader import PdfLoader

    rng = random.Random(seed)
    # the default install has no OCR; with the [ocr] extra a page without a usable text layer is
    # read by OCR, seconds a page, which is work rather than a hang (--ocr measures it)
    loader = FileLoader(pdf_loader=PdfLoader(ocr=ocr))
    folder = Path(tempfile.mkdtemp())
    failures: Counter = Counter()
    outcomes: Counter = Counter()
    slowest, example = 0.0, None
    originals = seed_pdfs()
    for i in range(n):
        suffix = rng.choice((*SUFFIXES, ".pdf", ".pdf"))
        path = folder / f"f{i}{suffix}"
        path.write_bytes(mutated_pdf(rng, originals) if suffix == ".pdf" else random_file(rng))
        started = time.perf_counter()
        try:
            loader.read(path)
            outcomes["read"] += 1
        except BulletinQAError:
            outcomes["skipped with a reason"] += 1
        except Exception as exc:  # noqa: BLE001
            failures[type(exc).__name__] += 1
            example = example or (path.suffix, traceback.format_exc(limit=3))
        took = time.perf_counter() - started
        slowest = max(slowest, took)
        outcomes["over %gs" % slow] += took > slow
        outcomes["pdf"] += suffix == ".pdf"
        path.unlink()
    return {"files": n, "ocr": ocr, "tracebacks": sum(failures.values()), "by_type": dict(failures), **outcomes,
            "slowest_s": round(slowest, 2), "example": example}


# what a page's text puts between words: the marks and words the structure rules walk over
SPLICED = [" ", "  ", "，", "，，", "、", "；", "：", "。", "\n", "（", "）", "(", ")", "1.", "2、", "其", "较", "对", "和", "等", "\u3000", "的"]
ASKED = ["多少", "多少个百分点", "哪天", "几点", "谁", "哪里", "哪些", "哪三大", "什么", "为什么", "怎么样", "如何", "了吗", "是否"]


def _spliced(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.choice([0, 1, 5, 20])):
        at = rng.randrange(len(chars) + 1)
        if rng.random() < 0.8:
            chars.insert(at, rng.choice(SPLICED))
        elif chars:
            del chars[min(at, len(chars) - 1)]
    return "".join(chars)


def fuzz_reading(n: int, seed: int, hang: float) -> dict:
    import re
    import signal

    from qa.chat.assistant import default_reader
    from qa.paths import SAMPLE_DIR

    rng = random.Random(seed)
    reader = default_reader(None)
    sentences = [s for p in sorted(SAMPLE_DIR.glob("*.txt")) for s in re.findall(r"[^。！？]+[。！？]", p.read_text(encoding="utf-8"))]
    failures: Counter = Counter()
    bad_offsets = hung = 0
    slowest, example = 0.0, None

    def too_long(*_):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, too_long)
    started = time.perf_counter()
    for _ in range(n):
        passages = [_spliced(rng, "".join(rng.sample(sentences, rng.randint(1, 6)))) for _ in range(rng.randint(1, 5))]
        words = rng.choice(sentences).strip("。！？\n ")
        at = rng.randrange(len(words) + 1)
        question = _spliced(rng, words[: at // 2] + rng.choice(ASKED) + words[at:])[:200] + rng.choice(["？", "", "呢？"])
        took = time.perf_counter()
        signal.alarm(max(1, int(hang)))
        try:
            spans = reader.read(question, passages, top=5)
            bad_offsets += sum(passages[s.passage_index][s.start : s.end] != s.text for s in spans)
        except TimeoutError:
            hung += 1
            example = example or ("hung", question, passages)
        except BulletinQAError:
            pass
        except Exception as exc:  # noqa: BLE001 - counting what escapes is the point
            failures[type(exc).__name__] += 1
            example = example or (question, traceback.format_exc(limit=3))
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.perf_counter() - took)
    signal.signal(signal.SIGALRM, previous)
    return {"reading": n, "tracebacks": sum(failures.values()), "by_type": dict(failures), "spans_off_their_text": bad_offsets,
            "over_%gs" % hang: hung, "slowest_s": round(slowest, 2), "example": example, "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", type=int, default=100_000)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=20261127)
    ap.add_argument("--slow", type=float, default=10.0, help="seconds a file may take")
    ap.add_argument("--workers", type=int, default=1, help="processes for the questions")
    ap.add_argument("--ocr", action="store_true", help="read PDFs without a usable text layer by OCR (the [ocr] extra)")
    ap.add_argument("--reading", type=int, default=0, help="questions read by the real span reader over spliced sample text")
    ap.add_argument("--hang", type=float, default=20.0, help="seconds a --reading question may take")
    args = ap.parse_args()
    if args.reading:
        print(json.dumps(fuzz_reading(args.reading, args.seed, args.hang), ensure_ascii=False), flush=True)
    if args.files:
        print(json.dumps(fuzz_files(args.files, args.seed, args.slow, args.ocr), ensure_ascii=False), flush=True)
    if args.questions:
        print(json.dumps(fuzz_questions(args.questions, args.seed, args.workers), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
