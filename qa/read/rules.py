"""The reader: question + passages → ranked answer spans, each a slice of a passage.

No language model writes anything. Candidates are spans of the passage: numbers with their
units, dates, times, names and noun phrases (jieba part-of-speech), titles in 《》 and quotes,
and the span that sits where the question word sits when a sentence restates the question
("贡献率是多少？" ↔ "贡献率为85.7%"). Each candidate is described by a handful of explainable
features and scored by a logistic model; the score is the answer's confidence. The weights are
hand-set unless ``reader_weights.json`` exists (``training/train_rule_reader.py`` fits it on DRCD dev
and XQuAD zh; a fit reached only 0.17 held-out EM, so none ships).

This rule-based reader is the explainable fallback (``bulletin-qa eval --reader rules``); the
default is the fine-tuned span model in ``qa/read/neural.py``; nothing else imports this module.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from qa.models import Span
from qa.read.kinds import ENTITY_TAGS
from qa.read.question import LINKERS, Question, QuestionAnalyzer
from qa.text.clean import SearchNormalizer
from qa.text.patterns import DATE_RE, HAS_NUMERAL, NUMBER_RE, QUOTED_RE, TIME_RE, sentence_spans, soft_overlap
from qa.text.tokenize import ChineseTokenizer

WEIGHTS_FILE = Path(__file__).with_name("reader_weights.json")

NOUNISH = ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "vn", "an", "eng", "j", "l", "i", "m", "q", "x", "f", "s")
# which candidate kinds can answer which question types
COMPATIBLE = {
    "number": {"number"},
    "percent": {"number"},
    "code": {"number"},
    "date": {"date"},
    "time": {"time", "date"},
    "person": {"person", "phrase", "quoted"},
    "place": {"place", "phrase", "org"},
    "org": {"org", "phrase", "quoted", "place"},
    "entity": {"phrase", "quoted", "person", "place", "org", "number", "date"},
    "reason": {"clause"},
    "method": {"clause"},
}
FEATURES = (
    "bias", "type_match", "kind_number", "kind_date", "kind_phrase", "kind_entity", "kind_quoted", "kind_clause",
    "sentence_overlap", "window_overlap", "align_left", "align_right", "slot", "in_question", "unit_match",
    "passage_rank_inv", "passage_best", "log_length", "near_focus", "percent_match", "contains_qword_ctx",
    "best_sentence", "clause_overlap", "left_sim", "right_sim", "context_sim", "type_x_left", "type_x_best",
    "type_x_context", "short_phrase", "long_span",
)


class RuleReader:
    """Finds answer spans in passages. ``weights`` default to the shipped fitted weights."""

    def __init__(self, analyzer: QuestionAnalyzer | None = None, weights: dict[str, float] | None = None) -> None:
        self.analyzer = analyzer or QuestionAnalyzer()
        self.normalizer: SearchNormalizer = self.analyzer.normalizer
        self.tokenizer: ChineseTokenizer = self.analyzer.tokenizer
        self.weights = weights if weights is not None else self._load_weights()

    @staticmethod
    def _load_weights() -> dict[str, float]:
        if WEIGHTS_FILE.exists():
            return json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]
        # hand-set fallback, used only to bootstrap training
        return {"bias": -3.0, "type_match": 2.0, "sentence_overlap": 2.0, "window_overlap": 1.5, "align_left": 2.0,
                "align_right": 1.5, "slot": 1.0, "in_question": -3.0, "unit_match": 1.5, "passage_best": 0.5, "near_focus": 1.0}

    @property
    def pos(self):
        return self.tokenizer.pos

    # ---- candidates ---------------------------------------------------------------------
    def candidates(self, question: Question, norm: str) -> list[Span]:
        """Candidate spans over the normalised passage (offsets in ``norm``)."""
        spans: dict[tuple[int, int], Span] = {}

        def add(s: int, e: int, kind: str) -> None:
            while s < e and (norm[s] in " ，,、。：:；（）()“”\"'" or (norm[s] == "的" and e - s > 1)):
                s += 1
            while e > s and norm[e - 1] in " ，,、。：:；（(“\"'":
                e -= 1
            if e - s < 1 or e - s > 60:
                return
            key = (s, e)
            if key not in spans or kind in ("number", "date", "time", "person", "place", "org"):
                spans[key] = Span(s, e, norm[s:e], kind)

        for m in DATE_RE.finditer(norm):
            add(*m.span(), "date")
        for m in TIME_RE.finditer(norm):
            add(*m.span(), "time")
        for m in NUMBER_RE.finditer(norm):
            if HAS_NUMERAL.search(m.group()) and (s := m.span()) not in spans:
                add(*s, "number")
        for m in QUOTED_RE.finditer(norm):
            add(*m.span(), "quoted")
            add(m.start() + 1, m.end() - 1, "quoted")
        # noun phrases and named entities from part-of-speech tags
        pos = 0
        run: list[tuple[int, int, str]] = []
        for w in self.pos.cut(norm):
            start, end = pos, pos + len(w.word)
            pos = end
            if w.flag in ENTITY_TAGS:
                add(start, end, ENTITY_TAGS[w.flag])
            if w.flag.startswith(NOUNISH) or (w.flag == "uj" and run and len(run) < 6):
                run.append((start, end, w.flag))
            else:
                self._phrases(run, add)
                run = []
        self._phrases(run, add)
        if question.answer_type in ("reason", "method"):
            for s, e in sentence_spans(norm):
                for m in re.finditer(r"[^，,；;。]+", norm[s:e]):
                    add(s + m.start(), s + m.end(), "clause")
        return list(spans.values())

    @staticmethod
    def _phrases(run: list[tuple[int, int, str]], add) -> None:
        while run and run[-1][2] == "uj":  # a phrase does not end in 的
            run = run[:-1]
        if not run:
            return
        # the whole run, its head (last words) and every single noun in it
        add(run[0][0], run[-1][1], "phrase")
        for k in range(1, min(len(run), 4)):
            add(run[-k - 1][0], run[-1][1], "phrase")
        for s, e, flag in run:
            if e - s >= 2 and flag != "uj":
                add(s, e, "phrase")

    # ---- features -----------------------------------------------------------------------
    def _anchor_left(self, left: str, sentence: str) -> tuple[int, int]:
        """End offset in ``sentence`` of the longest tail of the question's left context, and its length."""
        left = re.sub(f"(?:{'|'.join(LINKERS)})+$", "", left)
        for k in range(min(len(left), 12), 1, -1):
            tail = left[-k:]
            i = sentence.rfind(tail)
            if i >= 0:
                return i + k, k
        return -1, 0

    def _anchor_right(self, right: str, sentence: str, after: int) -> tuple[int, int]:
        right = re.sub(r"^(?:的|了|是|为|个|在)+", "", right)
        for k in range(min(len(right), 12), 1, -1):
            head = right[:k]
            i = sentence.find(head, max(0, after))
            if i >= 0:
                return i, k
        return -1, 0

    def score_passages(self, question: Question, passages: list[str], passage_scores: list[float] | None = None) -> list[Span]:
        """All candidates of all passages, scored, best first. Offsets are in the original passages."""
        focus = [f for f in dict.fromkeys(question.focus) if len(f) > 1 or f.isdigit()] or list(dict.fromkeys(question.focus))
        q_chars = set(question.normalized)
        results: list[Span] = []
        best_overlap_per_passage = []
        for pi, passage in enumerate(passages):
            norm, positions = self.normalizer.normalize_with_offsets(passage)
            sentences = sentence_spans(norm)
            overlaps = {}
            for s, e in sentences:
                sent = norm[s:e]
                overlaps[(s, e)] = sum(len(f) for f in focus if f in sent) / max(1, sum(len(f) for f in focus))
            best_overlap_per_passage.append(max(overlaps.values(), default=0.0))
            best_sentence = max(overlaps.values(), default=0.0)
            for span in self.candidates(question, norm):
                sent = next(((s, e) for s, e in sentences if s <= span.start < e), (0, len(norm)))
                span.passage_index = pi
                span.sentence = sent
                span.features = self._features(question, span, norm, sent, overlaps.get(sent, 0.0), focus, q_chars, pi, passage_scores)
                span.features["best_sentence"] = float(overlaps.get(sent, 0.0) >= best_sentence - 1e-9 and best_sentence > 0)
                span.features["type_x_best"] = span.features["type_match"] * span.features["best_sentence"]
                # back to the original passage's offsets
                start = positions[span.start]
                end = positions[span.end - 1] + 1
                span.start, span.end, span.text = start, end, passage[start:end]
                results.append(span)
        top_overlap = max(best_overlap_per_passage, default=0.0)
        for span in results:
            span.features["passage_best"] = 1.0 if best_overlap_per_passage[span.passage_index] >= top_overlap - 1e-9 else 0.0
            z = sum(self.weights.get(k, 0.0) * v for k, v in span.features.items())
            span.score = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        results.sort(key=lambda s: -s.score)
        return results

    def _slot(self, q: Question, sentence: str, rel_start: int, rel_end: int) -> tuple[float, float, float]:
        """How the span sits where the question word sits: the question's text before it ends
        right before the span (``align_left``), its text after it starts right after
        (``align_right``), and both (``slot``)."""
        left_end, left_len = self._anchor_left(q.left, sentence)
        right_start, right_len = self._anchor_right(q.right, sentence, rel_end)
        gap_left = sentence[left_end:rel_start] if 0 <= left_end <= rel_start else None
        align_left = 0.0
        if gap_left is not None and len(gap_left) <= 4 and (not gap_left or re.fullmatch(f"(?:{'|'.join(LINKERS)}|[，,：:\\s])*", gap_left)):
            align_left = min(1.0, left_len / 4)
        align_right = 0.0
        if right_start >= 0 and 0 <= right_start - rel_end <= 2:
            align_right = min(1.0, right_len / 4)
        slot = 1.0 if left_end >= 0 and right_start >= 0 and abs(left_end - rel_start) <= 2 and abs(right_start - rel_end) <= 2 else 0.0
        return align_left, align_right, slot

    def _features(self, q: Question, span: Span, norm: str, sent: tuple[int, int], overlap: float, focus, q_chars, pi, passage_scores) -> dict[str, float]:
        s0, s1 = sent
        sentence = norm[s0:s1]
        rel_start, rel_end = span.start - s0, span.end - s0
        align_left, align_right, slot = self._slot(q, sentence, rel_start, rel_end)
        window = norm[max(s0, span.start - 25) : min(s1, span.end + 25)]
        window_overlap = sum(len(f) for f in focus if f in window) / max(1, sum(len(f) for f in focus))
        in_question = sum(1 for ch in span.text if ch in q_chars) / max(1, len(span.text))
        near = 0.0
        for f in focus:
            i = sentence.find(f)
            if i >= 0:
                d = min(abs(i - rel_end), abs(rel_start - (i + len(f))))
                near = max(near, 1.0 / (1.0 + d / 5))
        kind = span.kind
        compatible = COMPATIBLE.get(q.answer_type, set())
        type_match = 1.0 if kind in compatible else 0.0
        unit_match = 1.0 if q.unit and kind == "number" and span.text.endswith(q.unit) else 0.0
        percent_match = 1.0 if q.answer_type == "percent" and re.search(r"%|百分点|倍|成$", span.text) else 0.0
        rank = pi + 1
        clause_start = max(norm.rfind(c, s0, span.start) for c in "，,；;：:") + 1
        clause_start = max(clause_start, s0)
        clause_end = min([i for i in (norm.find(c, span.end, s1) for c in "，,；;：:") if i >= 0] or [s1])
        clause = norm[clause_start:clause_end]
        clause_overlap = sum(len(f) for f in focus if f in clause) / max(1, sum(len(f) for f in focus))
        left_sim = soft_overlap(q.left[-10:], norm[max(s0, span.start - 15) : span.start])
        right_sim = soft_overlap(q.right[:10], norm[span.end : min(s1, span.end + 15)])
        context_sim = soft_overlap(q.left + q.right, sentence)
        return {
            "clause_overlap": clause_overlap,
            "left_sim": left_sim,
            "right_sim": right_sim,
            "context_sim": context_sim,
            "type_x_left": type_match * max(align_left, left_sim),
            "type_x_context": type_match * context_sim,
            "short_phrase": float(len(span.text) <= 2),
            "long_span": float(len(span.text) >= 15),
            "bias": 1.0,
            "type_match": type_match,
            "kind_number": float(kind == "number"),
            "kind_date": float(kind in ("date", "time")),
            "kind_phrase": float(kind == "phrase"),
            "kind_entity": float(kind in ("person", "place", "org")),
            "kind_quoted": float(kind == "quoted"),
            "kind_clause": float(kind == "clause"),
            "sentence_overlap": overlap,
            "window_overlap": window_overlap,
            "align_left": align_left,
            "align_right": align_right,
            "slot": slot,
            "in_question": in_question,
            "unit_match": unit_match,
            "passage_rank_inv": 1.0 / rank,
            "log_length": math.log(1 + len(span.text)),
            "near_focus": near,
            "percent_match": percent_match,
            "contains_qword_ctx": float(bool(q.left) and q.left[-2:] in span.text),
        }

    # ---- public -------------------------------------------------------------------------
    def read(self, question: str | Question, passages: list[str], passage_scores: list[float] | None = None, top: int = 5,
             headlines: list[str] | None = None) -> list[Span]:
        q = question if isinstance(question, Question) else self.analyzer.analyze(question)
        ranked = self.score_passages(q, passages, passage_scores)
        out: list[Span] = []
        for span in ranked:  # no two answers that overlap in the same passage
            if any(o.passage_index == span.passage_index and o.start < span.end and span.start < o.end for o in out):
                continue
            out.append(span)
            if len(out) >= top:
                break
        return out
