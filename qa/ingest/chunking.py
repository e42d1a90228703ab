"""Articles → chunks on Chinese sentence boundaries, with offsets into the article text."""

from __future__ import annotations

from qa.models import Article, Chunk
from qa.text.patterns import sentence_spans


def _split_long(start: int, end: int, text: str, limit: int) -> list[tuple[int, int]]:
    """Cut a sentence longer than ``limit`` at commas where possible, else at the limit."""
    out = []
    while end - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("，"), window.rfind(","), window.rfind("、"))
        cut = start + cut + 1 if cut > limit // 3 else start + limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def context_header(article: Article) -> str:
    """Title · paper/city · date: searched with each chunk, so a question naming 格尔木 finds an
    article that only says 我市. Never displayed as passage text."""
    place = " ".join(x for x in (article.paper, article.city) if x)
    return " · ".join(x for x in (article.title, place, article.date) if x)


class Chunker:
    """Packs sentences into chunks of about ``min_chars``–``max_chars`` characters, repeating
    ``overlap_sentences`` sentences at the start of the next chunk."""

    def __init__(self, min_chars: int = 150, max_chars: int = 350, overlap_sentences: int = 1) -> None:
        if not 0 < min_chars <= max_chars:
            raise ValueError("chunk sizes must satisfy 0 < min_chars <= max_chars")
        self.min_chars = min_chars
        self.max_chars = max_chars
        self.overlap_sentences = max(0, overlap_sentences)

    def pieces(self, text: str) -> list[tuple[int, int]]:
        """The sentences chunks are built from, a sentence longer than a chunk cut at commas."""
        out: list[tuple[int, int]] = []
        for s, e in sentence_spans(text):
            out.extend(_split_long(s, e, text, self.max_chars))
        return out

    def chunk(self, article: Article) -> list[Chunk]:
        text = article.text
        sentences = self.pieces(text)
        if not sentences:
            return []
        header = context_header(article)
        groups: list[list[tuple[int, int]]] = []
        current: list[tuple[int, int]] = []
        for sent in sentences:
            if current and sent[1] - current[0][0] > self.max_chars and current[-1][1] - current[0][0] >= self.min_chars // 2:
                groups.append(current)
                keep = current[-self.overlap_sentences :] if self.overlap_sentences else []
                # the overlap must leave room for the new sentence
                while keep and sent[1] - keep[0][0] > self.max_chars:
                    keep = keep[1:]
                current = list(keep)
            current.append(sent)
        if current:
            # a short tail joins the previous chunk when that still fits
            if groups and current[-1][1] - current[0][0] < self.min_chars // 2 and current[-1][1] - groups[-1][0][0] <= self.max_chars * 1.2:
                groups[-1].extend(s for s in current if s[0] >= groups[-1][-1][1])
            else:
                groups.append(current)
        chunks = []
        for i, group in enumerate(groups):
            start, end = group[0][0], group[-1][1]
            chunks.append(Chunk(article_id=article.id, start=start, end=end, text=text[start:end], header=header, index=i))
        return chunks
