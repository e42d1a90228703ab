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


@dataclass
class EvalReport:
    mode: str
    questions: int = 0
    em: float = 0.0
    f1: float = 0.0
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"mode": self.mode, "questions": self.questions, "EM": round(100 * self.em, 2), "F1": round(100 * self.f1, 2), **self.extra}


def evaluate_reader(path: Path, reader=None, limit: int = 0) -> EvalReport:
    """The reader alone, given the gold paragraph."""
    from .reader import Reader

    reader = reader or Reader()
    em = f1 = 0.0
    n = 0
    started = time.perf_counter()
    for q in squad_questions(path):
        spans = reader.read(q.question, [q.context], top=1)
        prediction = spans[0].text if spans else None
        em += exact_match(prediction, q.answers)
        f1 += f1_score(prediction, q.answers)
        n += 1
        if limit and n >= limit:
            break
    report = EvalReport("reader", n, em / max(1, n), f1 / max(1, n))
    report.extra["ms_per_question"] = round(1000 * (time.perf_counter() - started) / max(1, n), 1)
    return report
