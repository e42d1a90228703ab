"""The places a question names: the index's cities, words jieba tags as places, a name with its
administrative suffix (海西|州), and, where asked, scope words (全市, 我省) — not kinds of zone
(经济开发区, 城市) and not a word cut across a known place or a name (洗车|河镇 is 洗车河镇)."""

from __future__ import annotations

import re

from qa.chat import conversation_words as vocab

NAME_TAGS = ("n", "nr", "ns", "nz")  # a word before a place's suffix word that is part of its name
STATION = re.compile(r"[东南西北]站")


def _used_as_verb(tags: list[tuple[str, str]], i: int) -> bool:
    """The word at ``i`` is used as a verb: a modal or negation before it, or an aspect mark after it."""
    before = tags[i - 1][0] if i else ""
    after = tags[i + 1][0] if i + 1 < len(tags) else ""
    return before in vocab.MODALS or after in vocab.ASPECT


def places_in(text: str, tags: list[tuple[str, str]], known_places: set[str], scope: bool) -> list[str]:
    """Places named in ``text`` (its words and parts of speech in ``tags``), longest first in
    order of appearance."""
    found = [p for p in known_places if p and p in text]
    for i, (w, f) in enumerate(tags):
        suffix = tags[i + 1][0] if i + 1 < len(tags) else ""
        if f.startswith(("ns", "n", "j")) and len(suffix) == 1 and vocab.PLACE_END.match(suffix) and len(w) >= 2:
            found.append(w + suffix)
        if len(w) >= 2 and f == "ns" and not vocab.PLACE_END.search(w) and _used_as_verb(tags, i):
            continue  # jieba tags some verbs as places: "要|加密|航班", "航班|加密|了"
        if len(w) >= 2 and (f == "ns" or (f.startswith("n") and vocab.PLACE_END.search(w) and len(w) >= 3)):
            before = tags[i - 1] if i else ("", "")
            # a short place word after a name word is the end of one name ("郭勒|木德镇", "洗车|河镇")
            # (or a station of a city: "烟台|南站")
            joined = len(w) <= 3 and (vocab.PLACE_END.search(w) or STATION.fullmatch(w)) and before[1] in NAME_TAGS and len(before[0]) >= 2
            found.append(before[0] + w if joined else w)
        if scope and vocab.SCOPE.match(w):
            found.append(w)
    known = [(i, i + len(p)) for p in known_places if p for i in [text.find(p)] if i >= 0]
    out: list[str] = []
    found = [p for p in found if not vocab.ZONE.match(p)]
    for p in sorted(set(found), key=lambda p: (text.find(p), -len(p))):
        start = text.find(p)
        # a word cut across a known place is a segmentation slip ("西宁海得" → 宁海)
        straddles = any(a < start < b < start + len(p) or start < a < start + len(p) < b for a, b in known)
        if not straddles and not any(p in q for q in out) and (scope or not vocab.SCOPE.match(p)):
            out.append(p)
    return out
