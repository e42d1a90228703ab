"""Figures listed with names ("配套正负极材料 25 万吨、电池隔膜 10 亿平方米…", "其中：单晶硅3.6万吨，
增长69.0%；多晶硅3.3万吨，增长18.8%"): the name each figure's item prints, and, where a question
asks one by name, only that item's figures; and what a figure belongs to where it qualifies or counts
the phrase after it (``owned_by``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.models import Span
from qa.read.among import enumeration_lead
from qa.read.features import clause_share
from qa.read.kinds import dimension
from qa.text.patterns import CLAUSE_END, LEADING_NUMBER, NUMBER_RE, STATEMENT_END, clause_bounds, measure_word, sentence_bounds

if TYPE_CHECKING:
    from qa.read.statements import Asked

HEADED_SHARE = 0.8  # the share of the question a date's following clause must restate for the date to be stated

# what opens an item of a list of named figures ("…、电池壳体 7000万套", "（西宁12345微信公众号74件、…");
# not a comma, which opens a clause
ITEM_OPEN = re.compile(r"[、；;：:（(]|其中")  # 其中 opens the first item of a total's parts
ITEM_NAME = 16  # characters, figures aside: a longer run before a figure is a clause, not an item's name
NAME_AFTER = 12  # the same after a figure ("、年产1.5亿平方米|锂电池隔膜、"), where a clause goes on more often


def _measure(m: re.Match) -> str | None:
    return measure_word(LEADING_NUMBER.sub("", m.group()).lstrip())  # "5 件": pages print spaces in figures


def _quantity(m: re.Match) -> bool:
    return _measure(m) is not None


def name_window(view: str, start: int) -> int:
    """Where an item's name before ``start`` may open: ``ITEM_NAME`` characters back, and one for its
    mark, not counting figures and spaces ("其中|12345政务服务便民热线接收举报 |37 件")."""
    at, counted = start, 0
    while at > 0 and counted <= ITEM_NAME:
        at -= 1
        counted += not (view[at].isdigit() or view[at].isspace())
    return at


def item_name(view: str, start: int) -> str:
    """The name an item of a list prints right before its figure ("、|电池壳体 |7000万套" → 电池壳体),
    without spaces, figures and a linking verb; "" where no mark opens the item close before it."""
    opened = [m.end() for m in ITEM_OPEN.finditer(view, name_window(view, start), start)]
    stretch = view[opened[-1] : start] if opened else ""
    if not re.search(r"[\u4e00-\u9fff]\s*$", stretch) or re.search(r"[，,。]", stretch) or any(map(_quantity, NUMBER_RE.finditer(stretch))):
        # no item; a designation the figure is part of ("氧-|16"); or another figure or clause
        # between ("年产2.3万吨正极材料和|4000万套": there the names follow their figures)
        return ""
    return re.sub(r"[\s\d]|(?:为|达|是|约|共)$", "", stretch)


def figure_names(view: str, span: Span) -> tuple[str, str]:
    """The names printed before and after a quantity with its measure word (not a hotline's number:
    "西宁|12345"); for one with no name of its own (增长|18.8%), the name of the list item it is in."""
    m = NUMBER_RE.match(span.text)
    if not m or not re.match(r"\d", span.text) or not _quantity(m):
        return "", ""
    before, after = item_name(view, span.start), name_after(view, span.end, span.start)
    return (before or segment_name(view, span.start)), after


def measure_of(span: Span) -> str | None:
    """The figure's measure word: an item's count and its rate (万吨, %) are told apart by it."""
    m = NUMBER_RE.match(span.text)
    return _measure(m) if m else None


ITEM_SEGMENT = re.compile(r"[；;]|其中[：:]")  # what opens an item that goes on past a comma
SEGMENT_BACK = 40  # characters


def segment_name(view: str, start: int) -> str:
    """The name of the list item a figure is in, which its first figure's name is ("；多晶硅3.3万吨，
    增长|18.8%" → 多晶硅); "" outside such an item."""
    back = view[max(0, start - SEGMENT_BACK) : start]
    opened = [m.end() for m in ITEM_SEGMENT.finditer(back)]
    if not opened or re.search(r"[。！？!?]", back[opened[-1] :]):
        return ""
    at = start - len(back) + opened[-1]
    first = next((m for m in NUMBER_RE.finditer(view, at, start) if _quantity(m)), None)
    if first is None or first.start() == start:
        return ""
    return item_name(view, first.start())


def names_asked(name: str, asked: str) -> bool:
    """The item's name is the question's: its last four characters (or all of a shorter one) are
    printed in the question ("西宁微信公众号" ↔ "3月25日微信公众号有多少件")."""
    return len(re.findall(r"[\u4e00-\u9fff]", name)) >= 2 and name[-4:] in asked  # not "氧-|16"


def distinct_names(names: list[list[str]], passages: list[int]) -> list[list[str]]:
    """Each item's name without the words it shares with the other items of its passage: where
    every item prints the same verb ("应急管理局接收举报 5 件、消防救援支队接收举报18件"), the
    organisation tells them apart, and the shared 接收举报 must not make any of them the one asked."""
    out = []
    for pair, p in zip(names, passages):
        others = [n for q, i in zip(names, passages) if i == p for n in q if n not in pair]
        kept = []
        for n in pair:
            shared = max((k for o in others for k in range(2, min(len(n), len(o)) + 1) if n[-k:] == o[-k:]), default=0)
            core = n[: len(n) - shared]
            kept.append(core if len(re.findall(r"[\u4e00-\u9fff]", core)) >= 2 else n)  # 正极材料/负极材料 stay whole
        out.append(kept)
    return out


def name_after(view: str, end: int, start: int | None = None) -> str:
    """The name an item of a list prints right after its figure ("、年产1.5亿平方米|锂电池隔膜、" →
    锂电池隔膜), up to the 、 or the next figure that ends the item; "" where none does within a few
    characters (a clause goes on: "一批|国家公园，…"), or the figure is what a noun phrase has
    ("7000万套|的产能规模")."""
    # an item of a list: the name ends at 、 or ； or where the next item's figure starts ("…正极材料和|4000万套");
    # the list's last item (its figure after 、 or 和, ``start``) at the clause's end too ("…和4000万套|锂电池壳体生产规模。")
    last = start is not None and re.search(r"[、和及与；;]\s*$", view[max(0, start - 2) : start]) is not None
    ends = r"[、；;，,。]" if last else r"[、；;]"
    m = re.match(rf"\s*([\u4e00-\u9fffA-Za-z]{{2,{NAME_AFTER}}}?)\s*(?={ends}|[和及与]\s*\d)", view[end : end + NAME_AFTER + 4])
    return re.sub(r"[和及与]$", "", m.group(1)) if m and not m.group(1).startswith("的") else ""


def named_items(r: Asked, out: list[Span], folded: list[str]) -> list[Span]:
    """Figures listed with names ("配套正负极材料 25 万吨、电池隔膜 10 亿平方米、电池壳体 7000万套";
    "年产1.5亿平方米锂电池隔膜、年产2.3万吨正极材料"): where one's name is the question's, those
    listed with other names drop, and it is as sure as its sentence (and, inside an enumeration after
    其中：, the sentence before it) states the question. A name is one figure's only: a word before
    several ("年产") names none."""
    asked = re.sub(r"\s", "", (r.question.left + r.question.right).lower())
    names = [figure_names(folded[s.passage_index], s) for s in out]
    # within a passage (other articles print the same names), and apart for an item's count and its rate
    figures: dict[tuple[int, str, str | None], set[str]] = {}
    key = [(s.passage_index, measure_of(s)) for s in out]
    for span, pair, (p, counted) in zip(out, names, key):
        for name in pair:
            figures.setdefault((p, name, counted), set()).add(span.text)
    own = [[n for n in pair if len(figures[(p, n, counted)]) == 1 and len(re.findall(r"[\u4e00-\u9fff]", n)) >= 2]
           for pair, (p, counted) in zip(names, key)]
    own = distinct_names(own, [s.passage_index for s in out])
    named = [next((n for n in pair if names_asked(n, asked)), None) for pair in own]
    if not any(named):
        return out
    for span, name in zip(out, named):
        if name:
            view = folded[span.passage_index]
            s0, s1 = sentence_bounds(view, span.start, span.end)
            # the question's other words: not the name's, no figures (a date is the constraints' to check)
            rest = [w for w in r.focus if w in r.question.left.lower() and not re.search(r"\d", w) and not any(w[i : i + 2] in name for i in range(len(w) - 1))]
            said = view[s0:s1] + "\n" + enumeration_lead(view, span.start)
            share = clause_share(rest, said) if any(len(w) >= 2 for w in rest) else 1.0
            if share >= HEADED_SHARE:
                span.features["stated"] = max(span.features.get("stated", 0.0), share)
    # where a passage states it, only its named ones; other passages' figures stay for the ranking
    # and the constraints (another day's report prints the same name)
    stating = {s.passage_index for s, name in zip(out, named) if name and s.features.get("stated", 0.0) >= HEADED_SHARE}
    return [s for s, name, pair in zip(out, named, own)
            if name or (s.passage_index not in stating and not pair)]


# an item of a numbered list ("热点问题：1.物业服务68件，…。2.噪音问题36件，…"): its number, then its name
NUMBERED = re.compile(r"(?:(?<=[\s：:。；;])|^)(\d{1,2})[.．、]\s*([\u4e00-\u9fff]{2,10}?)(?=\s*\d|[，,：:])")


def numbered_items(view: str) -> list[tuple[int, int, str]]:
    """The items of the numbered lists in ``view``: (start, end, name), each up to the next item or
    the end of its paragraph; [] where there are fewer than two."""
    found = list(NUMBERED.finditer(view))
    items = []
    for i, m in enumerate(found):
        line_end = view.find("\n", m.end())
        end = found[i + 1].start() if i + 1 < len(found) else (line_end if line_end >= 0 else len(view))
        items.append((m.start(), min(end, line_end) if line_end >= 0 else end, m.group(2)))
    return items if len(items) >= 2 else []


def in_asked_item(question: str, out: list[Span], folded: list[str]) -> list[Span]:
    """Where the question names one item of a numbered list ("物业服务问题怎么处理的"), the passage's
    spans inside its other items drop: every item says "…已及时联系…核实处理", and another item's
    may print more of the question's other words."""
    asked = re.sub(r"\s", "", question)
    kept = []
    for span in out:
        items = numbered_items(folded[span.passage_index])
        named = [(a, b) for a, b, name in items if name in asked]
        inside = [(a, b) for a, b, _ in items if a <= span.start < b]
        if len(named) == 1 and inside and inside[0] != named[0]:
            continue
        kept.append(span)
    return kept or out


HEAD_PHRASE = 14  # characters: a phrase after a figure this short ends with its head noun ("各地西部计划大学生|志愿者")


def owned_by(view: str, end: int, start: int | None = None) -> str | None:
    """What a figure is printed as having, where it is an attribute ("投资32亿元的|海得…生产线" →
    "海得…生产线"), or what a count counts, a noun phrase that ends its clause ("近400万个|家庭农场、220多万家|
    农民合作社，"; not "8个|欧佩克和非欧佩克产油国决定将…"): the phrase to its clause's end, 20 characters at most; else None."""
    phrase = view[end : end + 21].lstrip()
    phrase = phrase[: m.start()] if (m := CLAUSE_END.search(phrase)) else phrase
    if phrase.startswith("的"):
        return phrase[1:].lstrip()
    counted = start is not None and (m := NUMBER_RE.match(view[start:end])) and dimension(measure_word(LEADING_NUMBER.sub("", m.group()))) in ("count", "people")
    return phrase if counted and re.fullmatch(rf"[\u4e00-\u9fff]{{2,{HEAD_PHRASE}}}", phrase) else None


def owned_by_other(spans_owners: list[str | None], asked: str) -> list[bool]:
    """For figures printed as attributes of things ("投资32亿元的海得…、投资50亿元的中国电建…"),
    which belong to something else than the question names (``asked``: its words either side of the
    question word), where another one belongs to what it names; all False when none does. A phrase
    names it by its first words or by its head noun at its end ("1000多名|各地西部计划大学生志愿者"): three characters."""
    names = [owner is not None and len(owner) >= 2 and (owner[:2] in asked or 3 <= len(owner) <= HEAD_PHRASE and owner[-3:] in asked)
             for owner in spans_owners]
    if not any(names):
        return [False] * len(spans_owners)
    return [owner is not None and not named for owner, named in zip(spans_owners, names)]


def own_subjects(r: Asked, out: list[Span], folded: list[str]) -> list[Span]:
    """Parallel clauses of one sentence that say the same of two subjects ("北京公羊救援队将于|8月1日13时许抵达涿州，
    浙江公羊救援队将于|8月1日23时许抵达"): where one clause names the question's first word and the words after it,
    a span whose clause prints the same from the second word on but not the first answers for the other subject, and drops;
    so does one whose nearest head noun before it, in its sentence, is another's ("中欧|班列…，西部陆海新通道|班列…增长|14%")."""
    words = [w for w in r.focus if len(w) >= 2 and w in r.question.left.lower()]
    if len(words) < 2:
        return out
    clauses = [folded[s.passage_index][clause_bounds(folded[s.passage_index], s.start, s.end, STATEMENT_END)[0] : s.start] for s in out]
    sentences = [(s.passage_index, sentence_bounds(folded[s.passage_index], s.start, s.end)) for s in out]
    # (parallel: the same words from the second word on, "公羊救援队将于"; not a later clause of the subject's sentence)
    named = {(key, c[c.find(words[1]) :]) for key, c in zip(sentences, clauses) if words[0] in c and words[1] in c}
    # (or, where the question names one noun phrase the sentence prints, "中欧|班列|全年", the nearest 班列全年 before the figure is another's:
    # "…通道|班列…增长14%"; not "多晶硅|增长", which the text prints apart: "多晶硅3.3万吨，增长18.8%", nor "，|全国各地近550名")
    phrase = words[0] + words[1] in r.question.left.lower()
    before = [folded[s.passage_index][key[1][0] : s.start] for s, key in zip(out, sentences)]
    return [s for s, key, c, b in zip(out, sentences, clauses, before) if not ((key, c[c.find(words[1]) :]) in named and words[0] not in c)
            and not (phrase and words[0] + words[1] in b and (at := b.rfind(words[1])) > 0 and "\u4e00" <= b[at - 1] <= "\u9fff"
                     and not b[:at].endswith(words[0]) and b.startswith("".join(words[2:3]), at + len(words[1])))] or out
