"""Answer quality on SQuAD-format files, with EM and F1 as the CMRC 2018 official script defines
them: Chinese characters one token each, runs of Latin letters and digits one token, punctuation
and spaces removed; F1 from the longest common substring of the token lists; best over the gold
answers.

``reader`` mode gives the reader the gold paragraph. ``open`` mode ingests every paragraph of the
file as the corpus and asks each question of the whole index.
"""

from __future__ import annotations

import json
import re
import string
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

PUNCTUATION = set(string.punctuation) | set(
    "－‐‑‒–—―‖‗‘’‚‛“”„‟•‣․‥…‧※‼‽⁇⁈⁉、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟〰〾〿︰︱︲︳︴︵︶︷︸︹︺︻︼︽︾︿﹀﹁﹂﹃﹄﹏﹐﹑﹒﹔﹕﹖﹗﹘﹙﹚﹛﹜﹝﹞﹟！＂＃＄％＆＇（）＊＋，－／：；＜＝＞＠［＼］＾＿｀｛｜｝～｟｠｡｢｣､　·"
)


def mixed_segmentation(text: str) -> list[str]:
    """CMRC 2018: each Chinese character and punctuation mark a token, other runs split on spaces."""
    tokens: list[str] = []
    buffer = ""
    for ch in text.lower().strip():
        if re.search(r"[\u4e00-\u9fa5]", ch) or ch in PUNCTUATION:
            if buffer:
                tokens.extend(buffer.split())
                buffer = ""
            tokens.append(ch)
        else:
            buffer += ch
    if buffer:
        tokens.extend(buffer.split())
    return tokens


def remove_punctuation(text: str) -> str:
    return "".join(ch for ch in text.lower().strip() if ch not in PUNCTUATION and not ch.isspace())


def _lcs_length(a: list[str], b: list[str]) -> int:
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def f1_score(prediction: str | None, answers: list[str]) -> float:
    if not prediction:
        return 0.0
    pred = [t for t in mixed_segmentation(prediction) if t not in PUNCTUATION]
    best = 0.0
    for answer in answers:
        gold = [t for t in mixed_segmentation(answer) if t not in PUNCTUATION]
        lcs = _lcs_length(gold, pred)
        if lcs == 0:
            continue
        p, r = lcs / len(pred), lcs / len(gold)
        best = max(best, 2 * p * r / (p + r))
    return best


def exact_match(prediction: str | None, answers: list[str]) -> float:
    if not prediction:
        return 0.0
    return float(any(remove_punctuation(prediction) == remove_punctuation(a) for a in answers))


@dataclass
class SquadQuestion:
    id: str
    question: str
    answers: list[str]
    context: str
    paragraph_id: str


def squad_questions(path: Path) -> Iterator[SquadQuestion]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for d, doc in enumerate(data["data"]):
        for p, para in enumerate(doc["paragraphs"]):
            pid = str(para.get("id") or f"{doc.get('id') or d}#{p}")
            for qa in para["qas"]:
                answers = [a["text"] for a in qa.get("answers", []) if a.get("text")]
                if answers:
                    yield SquadQuestion(str(qa.get("id", "")), qa["question"], answers, para["context"], pid)


# confidence bins of the reliability tables
CONFIDENCE_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def reliability(rows: list[tuple[float, bool]]) -> tuple[list[dict], float]:
    """Per confidence bin: answers, mean confidence, share right; and the expected calibration error."""
    table, ece = [], 0.0
    for lo, hi in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        inside = [(c, ok) for c, ok in rows if lo <= c < hi]
        if not inside:
            continue
        conf = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(rows) * abs(conf - acc)
        table.append({"bin": f"{lo:.2f}–{min(hi, 1.0):.2f}", "answers": len(inside), "confidence": round(conf, 3), "right": round(acc, 3)})
    return table, round(ece, 4)


LONG_ANSWER = 15  # characters: the gold answers of why/how questions are clauses this long or more


@dataclass
class EvalReport:
    mode: str
    questions: int = 0
    em: float = 0.0
    f1: float = 0.0
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"mode": self.mode, "questions": self.questions, "EM": round(100 * self.em, 2), "F1": round(100 * self.f1, 2), **self.extra}


def evaluate_reader(path: Path, reader=None, limit: int = 0, progress: bool = False) -> EvalReport:
    """The reader alone, given the gold paragraph."""
    if reader is None:
        from qa.chat.assistant import default_reader

        reader = default_reader(None)
    questions = list(squad_questions(path))[: limit or None]
    em = f1 = 0.0
    long_f1: list[float] = []  # questions whose gold answers are clauses or sentences
    started = time.perf_counter()
    for q in _progress(questions, progress, "reader"):
        spans = reader.read(q.question, [q.context], top=1)
        prediction = spans[0].text if spans else None
        em += exact_match(prediction, q.answers)
        f1 += f1_score(prediction, q.answers)
        if min(len(a) for a in q.answers) >= LONG_ANSWER:
            long_f1.append(f1_score(prediction, q.answers))
    n = max(1, len(questions))
    report = EvalReport("reader", len(questions), em / n, f1 / n)
    report.extra["ms_per_question"] = round(1000 * (time.perf_counter() - started) / n, 1)
    report.extra[f"long_answers_{LONG_ANSWER}+"] = len(long_f1)
    report.extra["F1_long"] = round(100 * sum(long_f1) / max(1, len(long_f1)), 2)
    return report


def evaluate_open(path: Path, assistant, limit: int = 0, depth: int = 20, threshold: float = 0.5, progress: bool = False) -> EvalReport:
    """Every question asked of the whole index built from the file (``assistant`` is open on it
    and should answer at confidence 0, so the top answer is always seen): recall@k of the gold
    paragraph, EM/F1 of the top answer, citation accuracy, latency; and, at ``threshold`` (the
    assistant's default no-answer cut), the share answered and EM/F1 counting "not found" as wrong."""
    store = assistant.retriever.store
    external = {a.id: a.external_id for a in store.articles()}
    questions = list(squad_questions(path))[: limit or None]
    ranks: list[int | None] = []
    em = f1 = cited = 0.0
    em_cut = f1_cut = answered = 0.0
    latencies = []
    for q in _progress(questions, progress, "open"):
        started = time.perf_counter()
        answer = assistant.ask(q.question)
        latencies.append(time.perf_counter() - started)
        deep = assistant.retriever.search(q.question, k=depth)
        ranks.append(next((h.rank for h in deep if external.get(h.article.id) == q.paragraph_id), None))
        prediction = answer.text
        em += exact_match(prediction, q.answers)
        f1 += f1_score(prediction, q.answers)
        if answer.citations and external.get(answer.citations[0].article_id) == q.paragraph_id:
            cited += 1
        if prediction is not None and answer.score >= threshold:
            answered += 1
            em_cut += exact_match(prediction, q.answers)
            f1_cut += f1_score(prediction, q.answers)
    n = max(1, len(questions))
    report = EvalReport("open", len(questions), em / n, f1 / n)
    for k in (1, 5, depth):
        report.extra[f"recall@{k}"] = round(sum(1 for r in ranks if r is not None and r <= k) / n, 4)
    report.extra["citation_accuracy"] = round(cited / n, 4)
    report.extra[f"answered@{threshold}"] = round(answered / n, 4)
    report.extra[f"EM@{threshold}"] = round(100 * em_cut / n, 2)
    report.extra[f"F1@{threshold}"] = round(100 * f1_cut / n, 2)
    lat = sorted(latencies) or [0.0]
    report.extra["ms_per_question_p50"] = round(1000 * lat[len(lat) // 2], 1)
    report.extra["ms_per_question_p95"] = round(1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))], 1)
    return report


def eval_index(path: Path, index: Path | None = None, progress: bool = False) -> Path:
    """The index of a SQuAD file's paragraphs for open mode: built once under the data folder
    (keyed by the file's content), or at ``index`` when given."""
    import hashlib
    import sys

    from qa.index.store import IndexStore
    from qa.paths import data_home
    from qa.pipeline import build_ingest

    path = Path(path)
    digest = hashlib.sha1(path.read_bytes()).hexdigest()[:10]
    index = Path(index) if index else data_home() / "eval-indexes" / f"{path.stem}-{digest}"
    if not IndexStore.exists(index):
        print(f"indexing the paragraphs of {path.name} into {index} (once)…", file=sys.stderr)
        started = time.perf_counter()
        build_ingest([path], index, progress=progress)
        print(f"indexed in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return index


def _progress(items, enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="q", disable=not enabled)
