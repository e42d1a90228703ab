"""Files → articles, one reader per format: newspaper page text, PDF pages (``qa.ingest.pdf``),
JSON Lines, SQuAD JSON, Markdown and HTML. Every reader decodes strictly and raises ``UnreadableFile`` with a message that names
the file and says what to do; the ingester reports those and goes on with the next file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from qa.errors import UnreadableFile
from qa.ingest.decoding import UndecodableFile, decode_bytes
from qa.ingest.pagemeta import PageMetaInferrer, date_in_text, read_sidecar
from qa.ingest.pdf.loader import PdfLoader
from qa.ingest.segment import PageSegmenter
from qa.models import Article, OffsetMap
from qa.text.clean import without_lone_surrogates

PAGE_CHARS = 60_000  # a newspaper page holds ~10k characters; a longer .txt file is read in parts this long


def page_parts(text: str, limit: int = PAGE_CHARS) -> list[tuple[int, str]]:
    """``text`` cut at line breaks into parts of at most ``limit`` characters (a part is cut
    mid-line only where a line is longer), each with its offset: a file of many pages is laid out
    page by page, so the time it takes grows with its length, not its square."""
    parts, start = [], 0
    while len(text) - start > limit:
        cut = text.rfind("\n\n", start, start + limit)
        cut = cut if cut > start else text.rfind("\n", start, start + limit)
        cut = cut + 1 if cut > start else start + limit
        parts.append((start, text[start:cut]))
        start = cut
    parts.append((start, text[start:]))
    return parts


SUFFIXES = (".txt", ".pdf", ".jsonl", ".json", ".md", ".markdown", ".html", ".htm")
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class ReadResult:
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)  # e.g. a bad line of a JSON Lines file


def _identity_map(text: str) -> OffsetMap:
    return OffsetMap(((0, 0, len(text)),)) if text else OffsetMap()


class FileLoader:
    """Reads any supported file. Holds the page segmenter and metadata reader (and their jieba
    tokenizers), so build one and reuse it for a whole ingest."""

    def __init__(self, segmenter: PageSegmenter | None = None, meta_reader: PageMetaInferrer | None = None,
                 pdf_loader: PdfLoader | None = None) -> None:
        self.segmenter = segmenter or PageSegmenter()
        self.meta_reader = meta_reader or PageMetaInferrer()
        self.pdf_loader = pdf_loader or PdfLoader()
        self._by_suffix: dict[str, Callable[[str, Path], ReadResult]] = {
            ".txt": self.read_page,
            ".jsonl": self.read_jsonl,
            ".json": self.read_squad,
            ".md": self.read_markdown,
            ".markdown": self.read_markdown,
            ".html": self.read_html,
            ".htm": self.read_html,
        }

    def read(self, path: Path, display_name: str | None = None) -> ReadResult:
        name = display_name or path.name
        suffix = path.suffix.lower()
        if suffix not in self._by_suffix and suffix != ".pdf":
            raise UnreadableFile(f"{name}: unsupported file type '{suffix}'; use one of {', '.join(SUFFIXES)}")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise UnreadableFile(f"{name}: cannot be read ({exc.strerror})") from exc
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"{name}: {size // 2**20} MiB is larger than the {MAX_FILE_BYTES // 2**20} MiB limit; split it")
        if suffix == ".pdf":
            return self.read_pdf(path, name)
        try:
            text, _encoding = decode_bytes(path.read_bytes(), name)
        except UndecodableFile as exc:
            raise UnreadableFile(str(exc)) from exc
        result = self._by_suffix[suffix](text, path)
        for a in result.articles:
            a.source = a.source or name
        return result

    # ---- newspaper page text -----------------------------------------------------------
    def read_page(self, text: str, path: Path) -> ReadResult:
        try:
            side = read_sidecar(path)
        except ValueError as exc:
            raise UnreadableFile(str(exc)) from exc
        articles = [a for offset, part in page_parts(text) for a in self._shifted(self.segmenter.segment(part, source=path.name), offset)]
        inferred = self.meta_reader.infer("\n".join(a.text for a in articles), path.name)
        for a in articles:
            a.paper = side.get("paper") or inferred.paper
            a.page = side.get("page") or inferred.page
            a.city = side.get("city") or inferred.city
            a.date = side.get("date") or inferred.date
            if a.date is None and a.kind == "notice":
                a.date = date_in_text(a.text.rsplit("\n", 1)[-1])  # the date it was signed
            a.id = ""  # recompute: the id covers the metadata the text was read with
            a.__post_init__()
        return ReadResult([a for a in articles if a.text.strip()])

    # ---- PDF pages with a text layer ---------------------------------------------------
    def read_pdf(self, path: Path, name: str) -> ReadResult:
        try:
            side = read_sidecar(path)
        except ValueError as exc:
            raise UnreadableFile(str(exc)) from exc
        articles, warnings = self.pdf_loader.read(path, name)
        city = self.meta_reader.city("\n".join(a.text for a in articles))
        for a in articles:
            for key in ("paper", "date", "page", "city"):
                if side.get(key):
                    setattr(a, key, side[key])
            a.city = a.city or city
        return ReadResult([a for a in articles if a.text.strip()], warnings)

    @staticmethod
    def _shifted(articles: list[Article], offset: int) -> list[Article]:
        """Articles of a part of the file, their offsets moved to the whole file's."""
        if offset:
            for a in articles:
                a.source_map = OffsetMap(tuple((d, s + offset, n) for d, s, n in a.source_map.runs))
        return articles

    # ---- JSON Lines: one article per line ----------------------------------------------
    def read_jsonl(self, text: str, path: Path) -> ReadResult:
        articles: list[Article] = []
        warnings: list[str] = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = without_lone_surrogates(json.loads(line))
            except (ValueError, RecursionError) as exc:
                why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                warnings.append(f"{path.name}:{number}: not valid JSON ({why}); line skipped")
                continue
            body = item.get("text") if isinstance(item, dict) else None
            if not isinstance(body, str) or not body.strip():
                warnings.append(f"{path.name}:{number}: no \"text\" field; line skipped")
                continue
            def opt(key: str, item: dict = item) -> str | None:
                value = item.get(key)
                return None if value is None or value == "" else str(value)

            articles.append(
                Article(
                    text=body,
                    title=opt("title"),
                    date=opt("date"),
                    source=opt("source"),
                    page=opt("page"),
                    paper=opt("paper"),
                    url=opt("url"),
                    city=opt("city"),
                    byline=opt("byline"),
                    external_id=opt("id"),
                    source_map=_identity_map(body),
                )
            )
        if not articles and warnings:
            raise UnreadableFile(f"{path.name}: no line held an article ({warnings[0]})")
        return ReadResult(articles, warnings)

    # ---- SQuAD JSON: every paragraph an article ----------------------------------------
    def read_squad(self, text: str, path: Path) -> ReadResult:
        try:
            data = without_lone_surrogates(json.loads(text))
        except RecursionError as exc:
            raise UnreadableFile(f"{path.name}: JSON nested too deeply to be an article file") from exc
        except ValueError as exc:
            raise UnreadableFile(f"{path.name}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise UnreadableFile(f"{path.name}: JSON files must be SQuAD format ({{\"data\": [{{\"paragraphs\": [{{\"context\": …}}]}}]}}); use .jsonl for one article per line")
        articles = []
        for d, doc in enumerate(data["data"]):
            paragraphs = doc.get("paragraphs") if isinstance(doc, dict) else None
            for p, para in enumerate(paragraphs if isinstance(paragraphs, list) else []):
                context = para.get("context") if isinstance(para, dict) else None
                if not isinstance(context, str) or not context.strip():
                    continue
                title = doc.get("title")
                articles.append(
                    Article(
                        text=context,
                        title=str(title) if title not in (None, "") else None,
                        external_id=str(para.get("id") or f"{doc.get('id') or d}#{p}"),
                        kind="news",
                        source_map=_identity_map(context),
                    )
                )
        return ReadResult(articles)

    # ---- Markdown and HTML --------------------------------------------------------------
    def read_markdown(self, text: str, path: Path) -> ReadResult:
        title = None
        start = 0
        m = re.search(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)
        if m and not text[: m.start()].strip():
            title = m.group(1).strip()
            start = m.end()
        body = text[start:]
        lead = len(body) - len(body.lstrip())
        body = body.strip()
        if not body:
            raise UnreadableFile(f"{path.name}: has a heading but no text")
        return ReadResult([Article(text=body, title=title, source_map=OffsetMap(((0, start + lead, len(body)),)))])

    def read_html(self, text: str, path: Path) -> ReadResult:
        parser = _HtmlText()
        parser.feed(text)
        parser.close()
        body = "\n".join(p for p in (re.sub(r"\s+", " ", x).strip() for x in parser.paragraphs) if p)
        if not body:
            raise UnreadableFile(f"{path.name}: no text found in the HTML body")
        title = re.sub(r"\s+", " ", parser.title).strip() or parser.first_heading or None
        # offsets refer to the extracted text: HTML markup has no one-to-one character map
        return ReadResult([Article(text=body, title=title, source_map=_identity_map(body))])


class _HtmlText(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.first_heading: str | None = None
        self.paragraphs: list[str] = [""]
        self._skip = 0
        self._in_title = False
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        elif tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.paragraphs.append("")
        if tag in ("h1", "h2") and self.first_heading is None:
            self._heading = ""

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in self.SKIP and self._skip:
            self._skip -= 1
        elif tag in self.BLOCK:
            self.paragraphs.append("")
        if tag in ("h1", "h2") and self._heading is not None:
            self.first_heading = self._heading.strip() or None
            self._heading = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.paragraphs[-1] += data
            if self._heading is not None:
                self._heading += data

