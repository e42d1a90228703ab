"""Enumerations by ordinal ("一是…。…二是…", "（一）…", "第一，…"): an answer that is one item's head
reaches the heads of the items after it, so a 哪几个/哪些 question gets the whole enumeration as one slice."""

from __future__ import annotations

import re

# an item a sentence opens with its ordinal ("一是压实耕地保护责任。…二是…", "（一）…", "第一，…", "一、…")
ORDINAL_ITEM = re.compile(r"([一二三四五六七八九十])是|第([一二三四五六七八九十])[，,、是]|[（(]([一二三四五六七八九十])[)）]|([一二三四五六七八九十])、")
ORDINALS = "一二三四五六七八九十"
ITEM_OPENS = "。；;：:！!？?\n"  # an ordinal item begins a sentence, or follows a colon
LONGEST_ITEM_HEAD = 60  # characters: a longer last item is cut at its first clause


def _ordinal_at(text: str, at: int, style: int | None = None) -> tuple[int, int, int] | None:
    """The number, end and style (一是, 第一, （一）, 一、) of an ordinal item's marker at ``at`` that begins
    a sentence, or None; with ``style``, only a marker of that style (an item's own 第一、第二 are no items)."""
    m = ORDINAL_ITEM.match(text, at)
    if not m or (at > 0 and text[at - 1] not in ITEM_OPENS and text[at - 1] not in " \t"):
        return None
    found = next(i for i, g in enumerate(m.groups()) if g)
    return (ORDINALS.index(m.group(found + 1)) + 1, m.end(), found) if style in (None, found) else None


def ordinal_items(text: str, start: int, end: int, wanted: int) -> tuple[int, int]:
    """A span at the head of an ordinal item ("一是压实耕地保护责任") reaches the heads of the items
    numbered after it, sentences apart ("。…二是全力提升耕地质量。…五是积极开发…资源。"), and starts at
    the first item where it was picked at a later one: the enumeration is the answer, as one slice."""
    opened = [m.start() for m in ORDINAL_ITEM.finditer(text, max(0, start - 4), start + 4) if m.start() <= start and _ordinal_at(text, m.start())]
    if not opened:
        return start, end
    number, _, style = _ordinal_at(text, opened[-1])
    first, first_number = opened[-1], number
    while first_number > 1:  # back to item 一, each earlier item within its list's reach
        earlier = [m.start() for m in ORDINAL_ITEM.finditer(text, max(0, first - 600), first)
                   if (o := _ordinal_at(text, m.start(), style)) and o[0] == first_number - 1]
        if not earlier:
            break
        first, first_number = earlier[-1], first_number - 1
    if first_number != 1:
        return start, end
    items, at = number - first_number + 1, end
    while items < wanted:
        following = [m.start() for m in ORDINAL_ITEM.finditer(text, at, at + 600) if (o := _ordinal_at(text, m.start(), style)) and o[0] == number + 1]
        if not following:
            break
        head_end = _item_head_end(text, _ordinal_at(text, following[0])[1])
        at, end, number, items = head_end, head_end, number + 1, items + 1
    return (first, max(end, start)) if items > 1 else (start, end)


def _item_head_end(text: str, at: int) -> int:
    """Where an item's head ends: its sentence's end, or its first clause's where the sentence is long."""
    stop = re.compile(r"[。；;！!？?\n]").search(text, at)
    sentence_end = stop.start() if stop else len(text)
    if sentence_end - at > LONGEST_ITEM_HEAD and (clause := re.compile(r"[，,]").search(text, at, sentence_end)):
        return clause.start()
    return sentence_end


def ordinal_lead(text: str, start: int) -> str:
    """The sentence before an enumeration that ``start`` opens at its item 一 ("…必须要有几个关键实招。|一是…"):
    what the enumeration is of; "" elsewhere."""
    item = _ordinal_at(text, start)
    if item is None or item[0] != 1 or start < 2:
        return ""
    before = text[:start].rstrip("：:。；;！!？? \n")
    s0 = max((before.rfind(mark) for mark in "。！？!?\n"), default=-1) + 1
    return before[s0:]
