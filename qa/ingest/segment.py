"""Layout units of one page → articles.

Bodies are runs of paragraphs, split where a new article visibly starts (``本报讯``, ``新华社…电``,
``（上接一版）``) or where a headline stands between them. Headlines are printed apart from their
bodies (before, after, or in a block elsewhere), so each is assigned to the body it describes by
lexical similarity with a small bonus for being printed next to it. When a page has more
headlines than bodies, a body is split where a new article's lead sentence starts, if that split
lets the spare headline find a body that matches it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from qa.ingest.layout import SOFT_LEAD, PageLayout, Unit
from qa.models import Article, OffsetMap

NOTICE_TITLE = re.compile(r"(?:通告|公告|通知|启事|声明|公示|通报|倡议书|告知书|决定|命令)$")
REPORT_TITLE = re.compile(r"(?:日报|周报|月报|快报|简报|一览)$")
BYLINE = re.compile(
    r"^\s*(?:本\s*报\s*(?:[^\s（(，。]{0,8})?\s*[讯电]|新华社[^（(，。]{0,20}电|[^\s（(，。]{1,8}(?:讯|电))\s*[（(]([^）)]{1,60})[）)]"
)
ROLE_WORDS = re.compile(r"\s*(见习记者|特约记者|实习记者|记者|通讯员|实习生|摄影)\s*")
CONTINUED_FROM = re.compile(r"^\s*[（(]\s*上接\s*([^）)]{1,8}?)\s*[）)]")
CONTINUES_TO = re.compile(r"[（(]\s*下转\s*([^）)]{1,8}?)\s*[）)]\s*$")


@dataclass
class Segment:
    """A candidate article body: consecutive body units, with what was found around it."""

    units: list[Unit]
    order: float  # position on the page, for adjacency
    title: str | None = None
    title_units: list[Unit] = field(default_factory=list)
    prefix: list[Unit] = field(default_factory=list)  # document number printed before a notice
    signature: list[Unit] = field(default_factory=list)  # signing body and date after a notice
    notice: bool = False

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)


@dataclass
class Headline:
    units: list[Unit]
    order: float
    used: bool = False  # assigned to a body (or taken as a notice's title)

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)


def _features(text: str) -> Counter:
    """Character bigrams and single characters of the Chinese runs, plus whole numbers: what a
    headline repeats of its body. Headlines paraphrase (有诉必应 ↔ 诉求), so characters count too,
    at a lower weight (see ``UNIGRAM_WEIGHT``)."""
    grams: Counter = Counter()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
        grams.update(run)
    grams.update(re.findall(r"\d+(?:\.\d+)?", text))
    return grams


UNIGRAM_WEIGHT = 0.35
MAX_SPLIT_HEADLINES = 40  # headlines on one page past which no body is split to fit them
MAX_SPLIT_UNITS = 400


class PageSegmenter:
    """Splits one page into articles. Parameters are the weights of the decision, exposed so the
    generated-page benchmark can show what they do."""

    def __init__(
        self,
        layout: PageLayout | None = None,
        adjacency_bonus: float = 0.12,
        min_similarity: float = 0.12,
        lead_split_penalty: float = 0.04,
        plain_split_penalty: float = 0.30,
        embedder=None,
        dense_weight: float = 0.5,
    ) -> None:
        """``embedder`` (optional, an ``embeddings.base.Embedder``) adds meaning to the lexical
        match: headlines often paraphrase their body (有诉必应 ↔ 来电诉求·直接办理)."""
        self.layout = layout or PageLayout()
        self.embedder = embedder
        self.dense_weight = dense_weight
        self._vectors: dict[int, np.ndarray] = {}
        self.adjacency_bonus = adjacency_bonus
        self.min_similarity = min_similarity
        self.lead_split_penalty = lead_split_penalty
        self.plain_split_penalty = plain_split_penalty

    # ---- public -------------------------------------------------------------------------
    def segment(self, page: str, source: str | None = None) -> list[Article]:
        units = self._merge_headline_lines(self.layout.read(page))
        segments, headlines = self._collect(units)
        self._vectors = self._embed_units(segments, headlines)
        self._assign_headlines(segments, headlines)
        articles = [self._to_article(s, page, source) for s in segments if s.units]
        for h in headlines:  # a headline with no body is kept, not lost
            if not h.used:
                articles.append(self._fragment(h, page, source))
        return articles

    # ---- steps --------------------------------------------------------------------------
    @staticmethod
    def _merge_headline_lines(units: list[Unit]) -> list[Unit]:
        """Headline lines printed with no blank line between them are one headline."""
        merged: list[Unit] = []
        for u in units:
            prev = merged[-1] if merged else None
            if prev is not None and prev.role == u.role == "headline" and not u.lines[0].blank_before:
                merged[-1] = Unit(prev.lines + u.lines, "headline", prev.text + u.text, prev.positions + u.positions)
            else:
                merged.append(u)
        return merged

    def _collect(self, units: list[Unit]) -> tuple[list[Segment], list[Headline]]:
        segments: list[Segment] = []
        headlines: list[Headline] = []
        pending_prefix: list[Unit] = []
        pending_notice: Headline | None = None
        current: Segment | None = None
        i = 0
        while i < len(units):
            u = units[i]
            if u.role in ("credit", "furniture"):
                i += 1
                continue
            if u.role == "body":
                if current is None or u.hard_start:
                    current = Segment(units=[], order=i)
                    segments.append(current)
                    if pending_notice is not None:
                        current.title, current.title_units, current.notice = pending_notice.text, pending_notice.units, True
                        pending_notice.used = True
                        pending_notice = None
                    current.prefix, pending_prefix = pending_prefix, []
                current.units.append(u)
                i += 1
                continue
            if u.role == "docno":
                pending_prefix.append(u)
                i += 1
                continue
            # a run of standalone lines: a signature if it ends in a date after a body
            j = i
            while j < len(units) and units[j].role in ("headline", "date", "credit", "furniture"):
                if units[j].role == "date":
                    break
                j += 1
            if j < len(units) and units[j].role == "date" and segments and current is not None and j - i <= 3:
                current.signature.extend(x for x in units[i : j + 1] if x.role in ("headline", "date"))
                i = j + 1
                current = None
                continue
            if u.role == "date":
                i += 1
                continue
            h = Headline([u], order=i)
            if NOTICE_TITLE.search(u.text) and not (i + 1 < len(units) and units[i + 1].role == "headline"):
                pending_notice = h  # a notice's title is always printed above it
            headlines.append(h)
            current = None  # a headline ends the body before it
            i += 1
        return segments, headlines

    def _embed_units(self, segments: list[Segment], headlines: list[Headline]) -> dict[int, np.ndarray]:
        """One vector per paragraph and per headline; a body's vector is its paragraphs' mean
        weighted by length, so trying a split needs no new encoding."""
        if self.embedder is None or not segments or not headlines:
            return {}
        body = [u for s in segments for u in s.units]
        vectors: dict[int, np.ndarray] = {}
        for u, v in zip(body, self.embedder.encode_passages([u.text[:400] for u in body])):
            vectors[id(u)] = v * max(1, len(u.text))
        for h, v in zip(headlines, self.embedder.encode_queries([h.text for h in headlines])):
            vectors[id(h)] = v
        return vectors

    def _dense_similarity(self, segments: list[Segment], headlines: list[Headline]) -> np.ndarray | None:
        if not self._vectors:
            return None
        seg = np.stack([sum(self._vectors[id(u)] for u in s.units) for s in segments])
        seg /= np.maximum(np.linalg.norm(seg, axis=1, keepdims=True), 1e-12)
        head = np.stack([self._vectors[id(h)] for h in headlines])
        cos = head @ seg.T
        # cosines of unrelated Chinese texts sit high (about 0.8 for e5): measure above the
        # page's own median, so the scale does not depend on the model
        base = float(np.median(cos))
        return np.clip((cos - base) / max(1e-6, 1.0 - base), 0.0, 1.0)

    def _similarity(self, segments: list[Segment], headlines: list[Headline]) -> np.ndarray:
        lexical = self._lexical_similarity(segments, headlines)
        dense = self._dense_similarity(segments, headlines)
        if dense is None:
            return lexical
        return (1 - self.dense_weight) * lexical + self.dense_weight * dense

    def _lexical_similarity(self, segments: list[Segment], headlines: list[Headline]) -> np.ndarray:
        docs = [_features(s.text) for s in segments]
        df: Counter = Counter()
        for d in docs:
            df.update(d.keys())
        n = max(1, len(docs))
        def weight(g: str) -> float:
            base = math.log(1 + n / (1 + df.get(g, 0))) + 0.2
            return base * (UNIGRAM_WEIGHT if len(g) == 1 and not g.isdigit() else 1.0)

        idf = {g: weight(g) for g in df}
        vocab = {g: i for i, g in enumerate(idf)}
        # sim[a, b] = the idf weight of headline a's features that body b prints, over all of a's:
        # one sparse product instead of a loop over every pair (a file of thousands of lines)
        from scipy.sparse import csr_matrix

        rows = [b for b, d in enumerate(docs) for g in d]
        present = csr_matrix((np.ones(len(rows)), (rows, [vocab[g] for d in docs for g in d])), shape=(len(docs), len(vocab)))
        h_rows, h_cols, h_vals, totals = [], [], [], []
        for a, h in enumerate(headlines):
            hf = list(_features(h.text))
            totals.append(sum(weight(g) for g in hf))
            for g in hf:
                if g in vocab:
                    h_rows.append(a)
                    h_cols.append(vocab[g])
                    h_vals.append(idf[g])
        weights = csr_matrix((h_vals, (h_rows, h_cols)), shape=(len(headlines), len(vocab)))
        shared = np.asarray((weights @ present.T).todense()).reshape(len(headlines), len(docs))
        totals = np.array(totals)
        sim = np.zeros((len(headlines), len(segments)))
        nonzero = totals > 0
        sim[nonzero] = shared[nonzero] / totals[nonzero, None]
        return sim

    def _adjacency(self, segments: list[Segment], headlines: list[Headline]) -> np.ndarray:
        bonus = np.zeros((len(headlines), len(segments)))
        for a, h in enumerate(headlines):
            before = [b for b, s in enumerate(segments) if s.order < h.order]
            after = [b for b, s in enumerate(segments) if s.order > h.order]
            others_between = lambda lo, hi: any(lo < g.order < hi for g in headlines)  # noqa: E731
            if before and not others_between(segments[before[-1]].order, h.order):
                bonus[a, before[-1]] += self.adjacency_bonus
            if after and not others_between(h.order, segments[after[0]].order):
                bonus[a, after[0]] += self.adjacency_bonus
        return bonus

    def _match(self, segments: list[Segment], headlines: list[Headline]) -> tuple[float, list[tuple[int, int]]]:
        from scipy.optimize import linear_sum_assignment

        if not segments or not headlines:
            return 0.0, []
        sim = self._similarity(segments, headlines)
        score = sim + self._adjacency(segments, headlines)
        score[sim < self.min_similarity] = 0.0
        rows, cols = linear_sum_assignment(-score)
        pairs = [(int(r), int(c)) for r, c in zip(rows, cols) if score[r, c] > 0]
        return float(sum(score[r, c] for r, c in pairs)), pairs

    def _assign_headlines(self, segments: list[Segment], headlines: list[Headline]) -> None:
        free = [h for h in headlines if not h.used]
        open_segments = [s for s in segments if s.title is None]
        best, pairs = self._match(open_segments, free)
        # More headlines than bodies: look for a body that holds two articles. A page holds tens of
        # headlines; past that (a file that is no page) the search would take minutes, so it is skipped.
        searchable = len(free) <= MAX_SPLIT_HEADLINES and sum(len(s.units) for s in open_segments) <= MAX_SPLIT_UNITS
        while searchable and len(pairs) < len(free):
            candidate = None
            for s in open_segments:
                for k in range(1, len(s.units)):
                    lead = bool(SOFT_LEAD.match(s.units[k].text))
                    penalty = self.lead_split_penalty if lead else self.plain_split_penalty
                    first = Segment(s.units[:k], s.order, prefix=s.prefix)
                    second = Segment(s.units[k:], s.order + k / (len(s.units) + 1))
                    trial = [x for x in open_segments if x is not s] + [first, second]
                    trial.sort(key=lambda x: x.order)
                    score, trial_pairs = self._match(trial, free)
                    gain = score - best - penalty
                    if len(trial_pairs) > len(pairs) and gain > 0 and (candidate is None or gain > candidate[0]):
                        candidate = (gain, s, first, second, score, trial_pairs, trial)
            if candidate is None:
                break
            _, s, first, second, best, pairs, open_segments = candidate
            at = segments.index(s)
            segments[at : at + 1] = [first, second]
        for r, c in pairs:
            seg = open_segments[c]
            seg.title, seg.title_units = free[r].text, free[r].units
            free[r].used = True

    # ---- output -------------------------------------------------------------------------
    def _to_article(self, seg: Segment, page: str, source: str | None) -> Article:
        parts = seg.prefix + seg.units + seg.signature
        chars: list[str] = []
        positions: list[int] = []
        for k, u in enumerate(parts):
            if k:
                chars.append("\n")
                positions.append(u.positions[0] if u.positions else 0)
            chars.extend(u.text)
            positions.extend(u.positions)
        text = "".join(chars)
        body_start = seg.units[0].text
        byline = None
        m = BYLINE.match(body_start)
        if m:
            byline = re.sub(r"\s+", " ", ROLE_WORDS.sub(r" \1 ", m.group(1))).strip()
        cont_from = CONTINUED_FROM.match(body_start)
        cont_to = CONTINUES_TO.search(seg.units[-1].text)
        if seg.notice:
            kind = "notice"
        elif cont_from:
            kind = "continuation"
        elif seg.title and REPORT_TITLE.search(seg.title):
            kind = "report"
        else:
            kind = "news"
        return Article(
            text=text,
            title=seg.title,
            byline=byline,
            kind=kind,
            source=source,
            continued_from=cont_from.group(1) if cont_from else None,
            continues_to=cont_to.group(1) if cont_to else None,
            source_map=OffsetMap.from_positions(positions),
        )

    @staticmethod
    def _fragment(h: Headline, page: str, source: str | None) -> Article:
        positions = [p for u in h.units for p in u.positions]
        return Article(text=h.text, title=None, kind="fragment", source=source, source_map=OffsetMap.from_positions(positions))


