"""What a page says about itself: its date and the city it calls 我市/本市, plus sidecar overrides.

Nothing here is invented: a date needs a year, month and day printed together (or in the file
name); a city needs the page to say 我市/本市/全市 and to name one city more than any other.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qa.errors import UnreadableFile
from qa.text.patterns import OWN_CITY
from qa.text.tokenize import ChineseTokenizer

FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
CITY_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}?)市")
MAX_CITY_MENTIONS = 300
SIDECAR_FIELDS = ("paper", "date", "page", "city")


@dataclass
class PageMeta:
    paper: str | None = None
    date: str | None = None
    page: str | None = None
    city: str | None = None


def iso_date(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def date_in_text(text: str) -> str | None:
    m = FULL_DATE.search(text)
    return iso_date(*m.groups()) if m else None


def date_in_filename(name: str) -> str | None:
    m = FILENAME_DATE.search(name)
    return iso_date(*m.groups()) if m else None


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + ".meta.json")


def read_sidecar(path: Path) -> dict:
    """``name.meta.json`` beside a page file: paper, date, page, city. Unknown keys are ignored."""
    side = sidecar_path(path)
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise UnreadableFile(f"{side}: not valid JSON ({exc}); fix or remove the sidecar file") from exc
    if not isinstance(data, dict):
        raise UnreadableFile(f"{side}: must hold a JSON object like {{\"paper\": \"西宁晚报\", \"date\": \"2024-03-26\"}}")
    return {k: (str(v) if v is not None else None) for k, v in data.items() if k in SIDECAR_FIELDS}


class PageMetaInferrer:
    """Infers page metadata; owns its tokenizer (jieba's part-of-speech tags, loaded lazily)."""

    def __init__(self) -> None:
        self.tokenizer = ChineseTokenizer()

    def _places(self, text: str) -> set[str]:
        return {w.word for w in self.tokenizer.pos.cut(text) if w.flag == "ns"}

    def city(self, text: str) -> str | None:
        if not OWN_CITY.search(text):
            return None
        counts = Counter(m.group(1) for m in CITY_NAME.finditer(text))
        if not counts:
            return None
        # only the text around the names is tagged: a page's worth at most, whatever the file's length
        windows = "。".join(text[max(0, m.start() - 12) : m.end() + 4] for m in list(CITY_NAME.finditer(text))[:MAX_CITY_MENTIONS])
        places = self._places(windows)
        # "…对西宁市…" matches as 对西宁; keep the longest suffix that jieba knows as a place name
        named: Counter = Counter()
        for candidate, n in counts.items():
            for k in range(len(candidate) - 1):
                if candidate[k:] in places or candidate[k:] + "市" in places:
                    named[candidate[k:]] += n
                    break
        if not named:
            return None
        (best, n), *rest = named.most_common(2) + [("", 0)]
        if n < 2 or (rest and rest[0][1] == n):
            return None
        return best

    def infer(self, text: str, filename: str) -> PageMeta:
        return PageMeta(date=date_in_filename(filename), city=self.city(text))
