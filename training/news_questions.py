"""Reading-comprehension questions generated from the news corpora, to train the span reader on
the kind of text it answers from (news reports) beside DRCD/XQuAD (encyclopaedia articles).

    python -m training.news_questions OUT.jsonl [--questions 20000 --seed 0]

Each question is built from one sentence of an article, by rules general to Chinese reports:
the answer is a slice of the sentence (a quantity with its measure word, a date, a person or
place name that jieba tags, or the clause after 因为/由于/为了/通过), and the question is the
sentence's clause with that slice replaced by the question word a person would use (多少件, 哪天,
谁, 哪里, 为什么…, 如何…), the sentence's opening clause kept as its topic. The context is the
article around the sentence, so the reader must find the sentence among its neighbours. Nothing
here is keyed to particular questions, and CMRC 2018 is never read.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
UNITS = ("亿元|万元|千元|元|美元|万人|人次|人|名|件次|件|个|家|项|次|万吨|吨|公里|千米|米|平方公里|平方米|万亩|亩|户|辆|台|座|所|条|篇|"
         "场|天|倍|%|％|个百分点|度|小时|分钟|岁|架|艘|部|套|只|张|位|批|起|GW|MW|千瓦|万千瓦|千瓦时|万辆|万台|万户|万元/吨")
NUMBER = r"(?<![\d.年月])\d+(?:\.\d+)?\s?(?:万|亿)?\s?"
QUANTITY = re.compile(NUMBER + f"(?:{UNITS})(?![\\d年月日])")
DATE = re.compile(r"(?:\d{4}\s?年\s?)?\d{1,2}\s?月\s?\d{1,2}\s?日")
YEAR = re.compile(r"(?<!\d)\d{4}\s?年(?!\s?\d{1,2}\s?月|代|度|底|初|末)")
REASON = re.compile(r"(因为|由于|为了|通过)([^，。；！？]{4,48})，([^。；！？]{6,60})")
LEAD = re.compile(r"^(?:据了解|据悉|据介绍|此外|同时|另外|目前|其中|与此同时|近日|日前|今年以来|记者了解到|值得一提的是)，?")
PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}(?::\d{2})?，(?:正文：)?")
SENTENCE = re.compile(r"[^。！？]+[。！？]")


def articles(seed: int):
    """(text) of news articles from both corpora, shuffled with the seed."""
    texts = []
    for name in ("crud_rag_news.jsonl.gz", "cctv_news_items.jsonl.gz"):
        with gzip.open(CORPORA / name, "rt", encoding="utf-8") as f:
            for line in f:
                text = PREFIX.sub("", json.loads(line)["text"]).strip()
                if 200 <= len(text):
                    texts.append(text)
    random.Random(seed).shuffle(texts)
    return texts


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for m in re.finditer(r"[，；：]", sentence):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(sentence) - 1))  # without the full stop
    return [(a, b) for a, b in bounds if b > a]


def _question(sentence: str, a: int, b: int, word: str) -> str | None:
    """The clause holding sentence[a:b] with it replaced by ``word``, after the opening clause."""
    clauses = _clauses(sentence)
    at = next((i for i, (s, e) in enumerate(clauses) if s <= a and b <= e), None)
    if at is None:
        return None
    s, e = clauses[at]
    body = sentence[s:a] + word + sentence[b:e]
    if at > 0 and clauses[0][1] - clauses[0][0] <= 20:
        body = sentence[clauses[0][0] : clauses[0][1]] + "，" + body
    body = LEAD.sub("", body).strip(" ，\n")
    if len(body) < len(word) + 6 or e - s - (b - a) < 6:  # a clause that is all answer asks nothing
        return None
    return body + "？"


def _quantity(sentence: str, rng: random.Random):
    found = [m for m in QUANTITY.finditer(sentence) if not DATE.search(sentence, max(0, m.start() - 6), m.end() + 1)]
    if not found:
        return None
    m = rng.choice(found)
    unit = re.sub(NUMBER, "", m.group())
    word = "多少" if unit in ("%", "％") else "多少" + unit
    return m.start(), m.end(), word


def _date(sentence: str, rng: random.Random):
    found = list(DATE.finditer(sentence))
    if found:
        m = rng.choice(found)
        return m.start(), m.end(), rng.choice(("哪天", "什么时候", "哪一天"))
    found = list(YEAR.finditer(sentence))
    if found:
        m = rng.choice(found)
        return m.start(), m.end(), "哪一年"
    return None


def _name(sentence: str, rng: random.Random, posseg):
    spans, at = [], 0
    for word, flag in posseg.cut(sentence):
        if flag in ("nr", "ns", "nt") and len(word) >= 2:
            spans.append((at, at + len(word), {"nr": "谁", "ns": "哪里", "nt": "哪个单位"}[flag]))
        at += len(word)
    return rng.choice(spans) if spans else None


def _reason(sentence: str, rng: random.Random):
    m = REASON.search(sentence)
    if not m:
        return None
    marker, effect = m.group(1), m.group(3)
    topic = sentence[: m.start()].split("，")[-1]
    if marker == "通过":
        question = f"{topic}如何{effect}？" if topic else f"如何{effect}？"
        return m.start(1), m.end(2), question
    word = "为什么" if marker in ("因为", "由于") else "为什么要"
    question = f"{topic}{word}{effect}？" if marker != "为了" else f"{topic}{effect}的目的是什么？"
    return m.start(2), m.end(2), question


def generate(count: int, seed: int) -> list[dict]:
    import jieba.posseg as posseg

    rng = random.Random(seed)
    out: list[dict] = []
    kinds = ("quantity", "date", "name", "reason")
    quota = {"quantity": 0.3, "date": 0.2, "name": 0.3, "reason": 0.2}
    made = dict.fromkeys(kinds, 0)
    for text in articles(seed):
        if len(out) >= count:
            break
        sentences = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip()) for m in SENTENCE.finditer(text)
                     if 12 <= len(m.group().strip()) <= 150]
        rng.shuffle(sentences)
        per_article = 0
        for offset, sentence in sentences:
            if per_article >= 3 or len(out) >= count:
                break
            wanted = [k for k in kinds if made[k] < quota[k] * count]
            rng.shuffle(wanted)
            for kind in wanted:
                if kind == "reason":
                    got = _reason(sentence, rng)
                    if got is None:
                        continue
                    a, b, question = got
                else:
                    got = _quantity(sentence, rng) if kind == "quantity" else _date(sentence, rng) if kind == "date" else _name(sentence, rng, posseg)
                    if got is None:
                        continue
                    a, b, word = got
                    question = _question(sentence, a, b, word)
                    if question is None:
                        continue
                answer = sentence[a:b].strip()
                a += len(sentence[a:b]) - len(sentence[a:b].lstrip())
                lo = max(0, text.rfind("。", 0, max(0, offset - rng.randint(80, 320))) + 1)
                context = text[lo : lo + 600]
                start = offset + a - lo
                if not answer or start + len(answer) > len(context) or context[start : start + len(answer)] != answer:
                    continue
                out.append({"question": question, "context": context, "start": start, "end": start + len(answer),
                            "answers": [answer], "kind": kind})
                made[kind] += 1
                per_article += 1
                break
    print(f"{len(out)} questions: {made}", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--questions", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = generate(args.questions, args.seed)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
