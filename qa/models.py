"""The domain dataclasses used everywhere: Article, Chunk, Hit, Span, Citation, Answer.

Spans are half-open character offsets ``[start, end)`` into ``Article.text``; an article
also carries a compressed offset map back into the file it came from.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets of a derived text back to offsets of the text it was derived from.

    Stored as runs ``(derived_start, source_start, length)`` of characters copied one to one, so
    a page of a few thousand characters needs a few hundred integers rather than one per char.
    """

    runs: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def from_positions(cls, positions: list[int]) -> "OffsetMap":
        """Build from one source position per derived character."""
        runs: list[tuple[int, int, int]] = []
        for i, pos in enumerate(positions):
            if runs:
                d, s, n = runs[-1]
                if d + n == i and s + n == pos:
                    runs[-1] = (d, s, n + 1)
                    continue
            runs.append((i, pos, 1))
        return cls(tuple(runs))

    def to_source(self, offset: int) -> int:
        """Source offset of the derived character at ``offset`` (clamped to the last run)."""
        if not self.runs:
            return offset
        starts = [r[0] for r in self.runs]
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        d, s, n = self.runs[i]
        return s + min(offset - d, n - 1) if offset >= d else s

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span covering the derived span ``[start, end)``."""
        if end <= start:
            pos = self.to_source(start)
            return pos, pos
        return self.to_source(start), self.to_source(end - 1) + 1

    def to_list(self) -> list[list[int]]:
        return [list(r) for r in self.runs]

    @classmethod
    def from_list(cls, runs: list[list[int]] | None) -> "OffsetMap":
        return cls(tuple((int(a), int(b), int(c)) for a, b, c in (runs or [])))


Box = tuple[int, float, float, float, float]  # (page, x0, top, x1, bottom): PDF points, y from the page's top


@dataclass(frozen=True)
class PageBoxes:
    """Where an article from a PDF is printed, character by character.

    ``lines`` are runs of text characters printed on one line: ``(start, page, top, bottom, xs)``
    where character ``start + i`` spans ``xs[2i]``..``xs[2i+1]`` horizontally; characters the
    text adds (line joins) have no box. ``regions`` outline the article's blocks (headline,
    body columns, photo and caption). Pages are 1-based pages of the PDF.
    """

    lines: tuple[tuple[int, int, float, float, tuple[float, ...]], ...] = ()
    regions: tuple[Box, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.lines or self.regions)

    def boxes(self, start: int, end: int) -> list[Box]:
        """The boxes covering ``text[start:end]``: one per printed line it touches."""
        out: list[Box] = []
        for first, page, top, bottom, xs in self.lines:
            n = len(xs) // 2
            lo, hi = max(start, first), min(end, first + n)
            if lo < hi:
                out.append((page, xs[2 * (lo - first)], top, xs[2 * (hi - first) - 1], bottom))
        return out

    def pages(self) -> list[int]:
        return sorted({r[0] for r in self.regions} | {line[1] for line in self.lines})

    def to_list(self) -> dict[str, list]:
        return {"lines": [[s, p, t, b, list(xs)] for s, p, t, b, xs in self.lines], "regions": [list(r) for r in self.regions]}

    @classmethod
    def from_list(cls, d: dict | None) -> "PageBoxes":
        if not d:
            return cls()
        lines = tuple((int(s), int(p), float(t), float(b), tuple(float(x) for x in xs)) for s, p, t, b, xs in d.get("lines", []))
        regions = tuple((int(p), float(a), float(b), float(c), float(e)) for p, a, b, c, e in d.get("regions", []))
        return cls(lines, regions)


def box_dict(box: Box) -> dict[str, float]:
    page, x0, top, x1, bottom = box
    return {"page": page, "x0": round(x0, 1), "top": round(top, 1), "x1": round(x1, 1), "bottom": round(bottom, 1)}


def content_id(*parts: str) -> str:
    """A stable id from content, so re-ingesting the same text adds nothing."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass
class Article:
    """One article: a clean body text plus what is known of where it was printed."""

    text: str
    title: str | None = None
    id: str = ""
    byline: str | None = None
    kind: str = "news"  # news | notice | report | continuation | fragment
    date: str | None = None  # ISO yyyy-mm-dd, never invented
    city: str | None = None
    paper: str | None = None
    source: str | None = None  # file name it came from
    page: str | None = None
    url: str | None = None
    external_id: str | None = None  # id given by the input (jsonl ``id``, SQuAD paragraph id)
    continued_from: str | None = None
    continues_to: str | None = None
    source_map: OffsetMap = field(default_factory=OffsetMap)
    caption: str | None = None  # a photo caption printed with the article (PDFs), kept out of its text
    page_boxes: PageBoxes = field(default_factory=PageBoxes)  # PDFs only: where each character is printed
    added_by: str | None = None  # uploads through the web chat: who added the file, and when (ISO, local time)
    added_at: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.title or "", self.text)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` lies in the original file's text."""
        return self.source_map.span_to_source(start, end)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source_map"] = self.source_map.to_list()
        d["page_boxes"] = self.page_boxes.to_list() if self.page_boxes else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        d = dict(d)
        d["source_map"] = OffsetMap.from_list(d.get("source_map"))
        d["page_boxes"] = PageBoxes.from_list(d.get("page_boxes"))
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})


@dataclass
class Chunk:
    """A passage of an article: ``article.text[start:end] == text``."""

    article_id: str
    start: int
    end: int
    text: str
    header: str = ""  # title · paper/city · date, used for search, never displayed
    index: int = 0  # position within the article
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = f"{self.article_id}:{self.index}"

    @property
    def search_text(self) -> str:
        """What the retrievers see: the contextual header, then the passage."""
        return f"{self.header}\n{self.text}" if self.header else self.text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


@dataclass
class Hit:
    """A retrieved chunk with its article and the scores that ranked it."""

    chunk: Chunk
    article: Article
    score: float
    rank: int = 0
    scores: dict[str, float] = field(default_factory=dict)  # per retriever: bm25, dense, fused

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``search --json``: the passage, its span in the article, the article's metadata."""
        a, c = self.article, self.chunk
        return {
            "rank": self.rank, "score": round(self.score, 6), "scores": {k: round(v, 6) for k, v in self.scores.items()},
            "article_id": a.id, "chunk_id": c.id, "title": a.title, "source": a.source, "paper": a.paper,
            "date": a.date, "page": a.page, "city": a.city, "byline": a.byline,
            "passage": c.text, "span": [c.start, c.end],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Hit":
        article = Article(text="", id=d["article_id"], **{k: d.get(k) for k in ("title", "source", "paper", "date", "page", "city", "byline")})
        start, end = d["span"]
        chunk = Chunk(article_id=d["article_id"], start=start, end=end, text=d["passage"], id=d.get("chunk_id", ""))
        return cls(chunk=chunk, article=article, score=d["score"], rank=d.get("rank", 0), scores=dict(d.get("scores", {})))


@dataclass
class Span:
    """A candidate answer read from one of the passages given to a reader:
    ``passages[passage_index][start:end] == text``."""

    start: int
    end: int
    text: str
    kind: str
    passage_index: int = 0
    sentence: tuple[int, int] = (0, 0)
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0  # the reader's confidence that the span answers the question

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sentence"] = list(self.sentence)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Span":
        d = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        d["sentence"] = tuple(d.get("sentence", (0, 0)))
        return cls(**d)


@dataclass
class Citation:
    """Where an answer was printed, and the answer's span in the passage and the article."""

    rank: int
    article_id: str
    title: str | None
    source: str | None
    paper: str | None
    date: str | None
    page: str | None
    byline: str | None
    passage: str
    span: tuple[int, int]  # in passage
    article_span: tuple[int, int]  # in article.text
    city: str | None = None  # the city the page calls 我市
    page_boxes: list[Box] = field(default_factory=list)  # PDFs: the answer's boxes on the printed page(s)
    added_by: str | None = None  # an uploaded file's article: who added it, and when
    added_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The citation of ``ask --json``: ``passage[span[0]:span[1]]`` is the answer."""
        return {"rank": self.rank, "article_id": self.article_id, "title": self.title, "source": self.source, "paper": self.paper,
                "date": self.date, "page": self.page, "city": self.city, "byline": self.byline, "passage": self.passage,
                "span": list(self.span), "article_span": list(self.article_span),
                "page_boxes": [box_dict(b) for b in self.page_boxes], "added_by": self.added_by, "added_at": self.added_at}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Citation":
        return cls(rank=d["rank"], article_id=d["article_id"], title=d.get("title"), source=d.get("source"), paper=d.get("paper"),
                   date=d.get("date"), page=d.get("page"), byline=d.get("byline"), passage=d["passage"],
                   span=tuple(d["span"]), article_span=tuple(d["article_span"]), city=d.get("city"),
                   page_boxes=[(b["page"], b["x0"], b["top"], b["x1"], b["bottom"]) for b in d.get("page_boxes") or []],
                   added_by=d.get("added_by"), added_at=d.get("added_at"))


@dataclass
class Answer:
    """The reply to one question: a span of a source, or an honest 'not found'."""

    question: str
    text: str | None
    score: float
    no_answer: bool
    citations: list[Citation] = field(default_factory=list)
    related: list[Hit] = field(default_factory=list)
    message: str | None = None  # plain-language note (e.g. why nothing was found)
    asked_as: str | None = None  # the standalone question searched (a follow-up, rewritten)
    hits: list[Hit] = field(default_factory=list)  # every passage retrieved, in rank order, with scores
    carried: list[str] = field(default_factory=list)  # what was taken from earlier turns (empty: read as asked)
    verdict: str | None = None  # 是 or 否 for a yes/no question, only where the cited sentence states it
    kind: str | None = None  # what the question asks for: number, date, person, reason, yesno…

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``bulletin-qa ask --json`` and the web API."""
        return {
            "question": self.question,
            "answer": self.text,
            "score": self.score,
            "no_answer": self.no_answer,
            "citations": [c.to_dict() for c in self.citations],
            "related": [{"article_id": h.article.id, "title": h.article.title, "source": h.article.source, "passage": h.chunk.text}
                        for h in self.related],
            "message": self.message,
            "asked_as": self.asked_as,
            "carried": list(self.carried),
            "verdict": self.verdict,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Answer":
        """An answer read back from its JSON (related passages keep their text and article only)."""
        related = [Hit(chunk=Chunk(article_id=r["article_id"], start=0, end=len(r["passage"]), text=r["passage"]),
                       article=Article(text="", id=r["article_id"], title=r.get("title"), source=r.get("source")), score=0.0)
                   for r in d.get("related", [])]
        return cls(question=d["question"], text=d.get("answer"), score=d.get("score", 0.0), no_answer=d.get("no_answer", True),
                   citations=[Citation.from_dict(c) for c in d.get("citations", [])], related=related, message=d.get("message"),
                   asked_as=d.get("asked_as"), carried=list(d.get("carried") or []), verdict=d.get("verdict"), kind=d.get("kind"))
