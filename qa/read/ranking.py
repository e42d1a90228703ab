"""Reorderings of a figure answer's ranked spans where the text states what the model's logit
does not see: a figure the question's words follow as asked ("另有数百人|受伤"), and one printed right
after the question's own words, before a figure nothing in its statement supports."""

from __future__ import annotations

from qa.models import Span
from qa.read.items import HEADED_SHARE


def followed_as_asked(ranked: list[Span]) -> list[Span]:
    """"多少人受伤": a figure the question's words after its slot follow ("另有数百人|受伤") comes
    before one the model prefers that another predicate follows ("49人|死亡"), and the other is no
    surer than it."""
    if not ranked or not ranked[0].features.get("typed") or ranked[0].features.get("right_other", 0.0) < 1:
        return ranked
    asked = next((s for s in ranked[1:6] if s.features.get("typed") and s.features.get("right_adjacent", 0.0) >= 1), None)
    if asked is None:
        return ranked
    ranked[0].score = min(ranked[0].score, asked.score)
    return [asked] + [s for s in ranked if s is not asked]


def stated_before_unsupported(ranked: list[Span]) -> list[Span]:
    """A figure the text prints right after the question's own words ("微信公众号|74件" for
    "微信公众号有多少件") comes before one the model prefers whose statement prints none of
    them ("网民留言|85件"): the model's logit is the top one's only support, so it is no surer
    than the stated one; where that is unsure, the answer is "not found"."""
    if not ranked or not ranked[0].features.get("typed"):
        return ranked
    top = ranked[0].features
    if any(top.get(k, 0.0) > 0 for k in ("left", "adjacent", "clause_words", "clause_distinct")):
        return ranked
    # (or a date whose clause after it states the question: "8月6日22时，|松花江干流依兰站开始超警"
    # before the report's own date, which states nothing)
    stated = next((s for s in ranked[1:6] if s.features.get("typed") and (
        s.features.get("left", 0.0) >= 1 and s.features.get("adjacent", 0.0) >= 1
        or s.features.get("stated", 0.0) >= HEADED_SHARE)), None)
    if stated is None:
        return ranked
    ranked[0].score = min(ranked[0].score, stated.score)
    return [stated] + [s for s in ranked if s is not stated]
