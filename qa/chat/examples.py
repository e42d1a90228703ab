"""Example questions made from whatever index is open, so the app's clickable examples always
have answers there: a clause stating a quantity printed in figures becomes a 多少 question about
it ("12345热线直接办理诉求358件" → "12345热线直接办理诉求多少件？"). Each candidate is then asked
(``Assistant.example_questions``): only those answered with the very quantity, cited to the
article it came from, are shown."""

from __future__ import annotations

import re
from typing import Iterable

from qa.models import Article
from qa.text.patterns import NUMBER_RE

CLAUSE_RUN = re.compile(r"[^，。；！？：\n、（）()]+")
LEADING_CONNECTIVES = ("其中", "同时", "此外", "另外", "并", "且", "共", "累计", "目前", "截至目前", "据统计", "据悉")


def question_from_clause(clause: str) -> tuple[str, str] | None:
    """The clause with its quantity replaced by 多少 + unit, and that quantity; or None when it
    does not read as a question (no unit, a year, too little context before the number)."""
    for m in NUMBER_RE.finditer(clause):
        value = m.group(0)
        unit = re.sub(r"^[\d.,零〇一二两三四五六七八九十百千万亿约近超过逾将大多余]+", "", value)
        if not unit or unit in ("年", "月", "日", "号") or not re.match(r"\d", value.lstrip("约近超过逾将大")):
            continue  # figures only: "无一例外" holds no quantity
        before, after = clause[: m.start()].strip(), clause[m.end() :].strip()
        if before.endswith("第") or after.startswith("数") or unit in ("期", "位"):  # ordinals, 两位数: not quantities
            continue
        if len(re.findall(r"[\u4e00-\u9fff]", before)) < 4 or re.search(r"\d{4}年|\d+月\d+日", before + after) is None and len(before) < 6:
            continue
        for lead in LEADING_CONNECTIVES:
            before = before.removeprefix(lead)
        before = before.removeprefix("为").rstrip("达为约近共计")
        asked = "百分之多少" if unit in ("%", "％") else f"多少{unit}"
        question = f"{before}{'为' if before.endswith(('率', '额', '量', '值')) else ''}{asked}{after}"
        if 8 <= len(question) <= 40 and not re.search(r"[（）()“”《》]", question):
            return question + "？", value
    return None


def candidate_questions(articles: Iterable[Article], per_article: int = 2) -> list[tuple[str, str, str]]:
    """(question, the quantity it asks for, article id), at most ``per_article`` per article, in
    index order."""
    out: list[tuple[str, str, str]] = []
    for article in articles:
        if article.kind in ("notice", "fragment"):
            continue
        found = 0
        # whole clauses only: a clause cut at a length limit starts mid-list ("资源局党组、市政务…")
        for m in CLAUSE_RUN.finditer(article.text):
            clause = m.group().strip()
            if not 6 <= len(clause) <= 60 or article.text[m.start() - 1 : m.start()] == "、":
                continue  # too short or long to read as a question, or an item in the middle of a list
            made = question_from_clause(clause)
            if made and all(made[0] != c[0] for c in out):
                out.append((made[0], made[1], article.id))
                found += 1
                if found >= per_article:
                    break
    return out
