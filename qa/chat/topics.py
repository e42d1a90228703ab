"""What a question is about, read with jieba's parts of speech: its subject, places, times,
content words and noun phrases, the series it lists and the stretch a new phrase stands for
(the base of ``followup.FollowUpResolver``, which reads a question in its conversation).

Places are words jieba tags ``ns``, names ending in 省/市/县/州/区/镇/乡/村, and the cities the
open index knows (``known_places``, from the articles' inferred cities).
"""

from __future__ import annotations

import re

from qa.chat import conversation_words as vocab
from qa.chat.places import places_in
from qa.text.tokenize import ChineseTokenizer

# the other parts of a place ("龙岩市|其他区县", "西宁|其余地区")
OTHER_PARTS = re.compile(r"的?(?:其他|其余|其它|别的|另外)的?(?:区县|县区|地区|城市|地方|[区县市镇乡省州])?")


class TopicReader:
    """``tokenizer``: a ChineseTokenizer whose jieba dictionary tags parts of speech;
    ``known_places``: place names the index knows (its articles' cities)."""

    def __init__(self, tokenizer=None, known_places: set[str] | None = None) -> None:
        self.tokenizer = tokenizer if tokenizer is not None else ChineseTokenizer()
        self.known_places = set(known_places or ())

    def _tags(self, text: str) -> list[tuple[str, str]]:
        """Words and parts of speech; a question word glued to the noun after it ("哪些项目") is split off;
        a measure jieba tags as a name or a verb ("贡献率", "增速") is a noun, 同比/环比 an adverb."""
        out: list[tuple[str, str]] = []
        for w in self.tokenizer.pos.cut(text):
            glued = vocab.QUESTION_PREFIX.match(w.word)
            measure = w.flag.startswith("nr") and vocab.MEASURE_NAME.search(w.word) or w.word in vocab.MEASURE_NOUNS
            flag = "n" if measure else "d" if w.word in vocab.COMPARED_AS else w.flag
            if glued and len(w.word) - glued.end() >= 2 and w.word[glued.end() :] not in vocab.ANSWER_KIND_NOUNS:
                out += [(glued.group(), "r"), (w.word[glued.end() :], flag)]
            else:
                out.append((w.word, flag))
        return out

    def asked_act(self, question: str) -> list[str]:
        """For a 谁 question, the act asked about: the verb right after 谁 ("由谁主持" → 主持), which
        the answer's sentence must say of the person ("王宏参加会议" did not preside)."""
        at = question.find("谁")
        if at < 0:
            return []
        tags = self._tags(question[at + 1 :])
        first = next(((w, f) for w, f in tags if f not in ("p", "d", "uj", "ul")), None)  # 谁(来|最先)主持: its verb
        return [first[0]] if first and first[1] == "v" and len(first[0]) >= 2 else []

    def places(self, text: str) -> list[str]:
        """Places named in ``text``, longest first in order of appearance: the index's cities, words jieba
        tags as places, a name followed by its administrative suffix (海西|州), scope words (全市, 我省)."""
        return self._places(text, scope=True)

    def named_places(self, text: str) -> list[str]:
        """The places a question names for certain, for checking an answer against (no scope
        words; a suffix alone, as in "借调到镇政府", is no place)."""
        return self._places(text, scope=False)

    def _places(self, text: str, scope: bool) -> list[str]:
        return places_in(text, self._tags(text), self.known_places, scope)

    def mention_words(self, text: str) -> list[str]:
        """The content words of what a "那X呢" follow-up asks about, its places aside (the
        article is checked for those)."""
        places = self.named_places(text)
        return [w for w in self.words(text) if not any(w in p or p in w for p in places)] or self.words(text)

    def is_place(self, text: str) -> bool:
        """Whether ``text`` is a place: a place name, or one with its other parts ("龙岩市其他区")."""
        places = self.places(text)
        rest = text[text.find(places[0]) + len(places[0]) :] if places else ""
        return bool(places) and (len(places[0]) >= len(text) - 1 or OTHER_PARTS.fullmatch(rest) is not None)

    @staticmethod
    def is_time(text: str) -> bool:
        m = vocab.TIME.search(text)
        return bool(m) and len(m.group()) >= len(text) - 1

    def subject(self, question: str) -> str | None:
        """The noun phrase before the question's verb: ``西成铁路项目`` in ``西成铁路项目什么时候复工？``
        (a leading time, and a 为什么/如何 before the subject, are skipped)."""
        lead = vocab.TIME.match(question)
        rest = question[lead.end():] if lead else question
        for opener in vocab.OPENERS:
            rest = rest.removeprefix(opener)
        # "为什么县区工业增速提高？" asks about 县区工业增速: a question word before the subject is skipped
        rest = next((rest.removeprefix(w) for w in vocab.ASKING_ADVERBS if rest.startswith(w)), rest)
        # a counting word jieba cuts apart ("在|统的工业产品") is one word of the subject
        counted = next((c for c in vocab.COUNTED_AS if rest.startswith(c)), "")
        tags = ([(counted, "b")] if counted else []) + self._tags(rest[len(counted) :])
        pos = 0
        words: list[str] = []
        for i, (w, f) in enumerate(tags):
            if not words and (vocab.TIME.fullmatch(w) or f == "t"):
                pos += len(w)
                continue
            if w == "的" and words and i + 1 < len(tags) and tags[i + 1][1].startswith(("n", "vn", "j")):
                words.append(w)  # "格尔木的全员核酸检测" is one subject
                continue
            named = f == "v" and i + 1 < len(tags) and vocab.BODY_HEAD.match(tags[i + 1][0])  # "审计|委员会"
            named = named or (not words and w in vocab.COUNTED_AS)  # "新增|无症状感染者", "累计|确诊病例"
            if any(w.startswith(q) for q in vocab.QUESTION_WORDS) or not (f.startswith(vocab.SUBJECT_TAGS) or f in vocab.SUBJECT_TAGS or named):
                break
            words.append(w)
        subject = re.sub(r"^[这那该此][份个次项条篇则]?", "", "".join(words))  # "这份|核酸检测通告": the demonstrative points
        return subject if len(subject) >= 2 else None

    def reference(self, question: str) -> tuple[str, str] | None:
        """What in the question points back, and the noun it points with: a pronoun (它, 其, 他;
        no noun) or a demonstrative with a noun ("这次行动" → 行动, "这起事故" → 事故, "该局" → 局)."""
        if said := vocab.PRONOUN.search(question):
            heads = vocab.named_heads(said.group())
            return said.group(), heads[0] if heads else ""
        for m in vocab.POINTING.finditer(question):
            rest = question[m.end() :]
            if not rest or rest[0] in vocab.POINTED_NOT or (m.start() and question[m.start() - 1] in "如在"):  # 如此, 在此
                continue
            noun = next(iter(self.tokenizer.pos.cut(rest)), None)
            word = noun.word if noun else ""
            if len(word) >= 2 and not word.startswith(vocab.QUESTION_WORDS) and noun.flag[0] not in "pdcurmx":
                return m.group() + word, word
            if m.group() in ("该", "此") and "\u4e00" <= rest[0] <= "\u9fff":  # 该局, 该案, 此案
                return m.group() + rest[0], rest[0]
        return None

    @staticmethod
    def _before_question_word(question: str) -> str:
        """What the question says before its first question word ("" where it opens with one)."""
        return question[: min((i for w in vocab.QUESTION_WORDS if (i := question.find(w)) > 0), default=0)]

    def names_printed(self, question: str, text: str) -> bool:
        """Whether the question's words before its question word, four characters or more, are printed
        as they stand in ``text`` ("中新建交" of "中新建交多少年？" in "中新建交35年以来"): it names
        what it asks about in the text's own words, though jieba may find no noun in them."""
        stem = re.sub(r"[了是有的共约都已]+$", "", self._before_question_word(question))
        stem = next((stem.removeprefix(o) for o in vocab.OPENERS if stem.startswith(o)), stem)
        return len(stem) >= 4 and stem in text

    def printed_stem(self, question: str, context: str | None) -> str | None:
        """The longest start (four characters or more) of what the question says before its question word
        that ``context`` prints as it stands: its topic where jieba finds no subject in a name it does not
        know ("垒知上海科创园项目|总投资多少" → 垒知上海科创园项目)."""
        stem = self._before_question_word(question)
        return next((stem[:n] for n in range(len(stem), 3, -1) if context and stem[:n] in context), None)

    def with_predicate(self, prev: str, new: str) -> str | None:
        """``prev`` with ``new`` for its predicate, where ``new`` is one ("那已经开工建设的呢？" after "哪些项目前期工作
        进展顺利？" → 哪些项目已经开工建设？): the question word and its noun (two characters) stay; else None."""
        tags = self._tags(new)
        m = re.search(r"哪(?:些|几?[个家项座位条])?([\u4e00-\u9fff]{2})", prev)
        if not tags or not tags[0][1].startswith(("d", "v", "t", "p")) or self.is_time(new) or not m or new in prev:
            return None
        return prev[: m.end()] + new + "？"

    def said_apart(self, question: str, topic: list[str], context: str | None) -> bool:
        """Whether a sentence of ``context`` prints the question's content words (four characters or more in all) and
        none of the topic's others ("永久基本农田有多少亩？" after "耕地红线是多少亩？": "…15.46亿亩永久基本农田…")."""
        words = self.words(question)
        # (a topic word counts by its first two characters: 地震|震级 is printed where 地震 is)
        topic_words = [w[:2] for t in topic for w in self.words(t) if w not in words]
        return sum(map(len, words)) >= 4 and bool(topic_words) and any(
            all(w in s for w in words) and not any(t in s for t in topic_words) for s in re.split(r"[。！？!?；;]", context or ""))

    def words(self, text: str) -> list[str]:
        """Content words (nouns, names, verbs) of two characters or more."""
        return [w for w, f in self._tags(text) if len(w) >= 2 and f.startswith(vocab.CONTENT_TAGS) and not w.startswith(vocab.QUESTION_WORDS)]

    def names_entity(self, question: str) -> bool:
        """Whether the question names a person, place or body of its own ("尹锡悦的施政好评率…")."""
        return any(f.startswith(("nr", "ns", "nt")) and len(w) >= 2 for w, f in self._tags(question))

    def has_topic(self, question: str) -> bool:
        """Whether the question names something of its own: a noun, a name, a place."""
        return any(f.startswith(("n", "j", "eng", "l", "i")) and len(w) >= 2 and not w.startswith(vocab.QUESTION_WORDS)
                   and w not in vocab.ANSWER_KIND_NOUNS for w, f in self._tags(question))  # (登陆|地点 names no topic)

    def noun_phrases(self, text: str) -> list[str]:
        """Runs of nouns (two characters or more) in ``text``, question words aside (with the noun that
        only says what kind of answer they ask: 什么|时候); a modifier jieba tags as an adjective or a
        distinguishing word goes with the noun after it (正极|材料)."""
        runs, current = [], ""
        tags = self._tags(text)
        for i, (w, f) in enumerate(tags):
            modifier = f.startswith(("a", "b", "z")) and i + 1 < len(tags) and tags[i + 1][1].startswith(("n", "j"))  # (z: 优良|天数)
            asking = w.startswith(vocab.QUESTION_WORDS) or (w in vocab.ANSWER_KIND_NOUNS and i and tags[i - 1][0].startswith(vocab.QUESTION_WORDS))
            if (f.startswith(("n", "vn", "j", "eng")) or modifier) and not asking:
                current += w
            else:
                if len(current) >= 2:
                    runs.append(current)
                current = ""
        if len(current) >= 2:
            runs.append(current)
        return runs

    def _series(self, prev: str) -> str | None:
        """The items a question lists with 、 ("江苏、浙江、广东三省"), from the last word before the first
        、 to the verb after the last; None where it lists none."""
        first, last = prev.find("、"), prev.rfind("、")
        if first < 0:
            return None
        before = self._tags(prev[:first])
        after = self._tags(prev[last + 1 :])
        if not before or not after:
            return None
        length = 0
        for w, f in after:
            if f.startswith(("v", "p", "d", "u", "x")) or w.startswith(vocab.QUESTION_WORDS):
                break
            length += len(w)
        start = first - len(before[-1][0])
        return prev[start : last + 1 + length] if length and before[-1][1].startswith(("n", "j")) else None

    def _aligned(self, prev: str, new: str) -> str | None:
        """``prev`` with its stretch from X's first word to X's head replaced by X (累计|新冠确诊|病例 → 累计死亡病例)."""
        words = [w for w, _ in self._tags(new) if len(w) >= 2]
        if len(words) < 2 or (i := prev.find(words[0])) < 0:
            return None
        if 0 <= (j := prev.find(words[-1], i + len(words[0]))) - i <= 12:
            return prev[:i] + new + prev[j + len(words[-1]) :]
        # X's last word is not in it ("累计死亡" for 累计|新冠确诊|病例): X takes the phrase's head, 累计死亡病例
        asked = min((at for w in vocab.QUESTION_WORDS if (at := prev.find(w, i)) > i), default=-1)
        phrase = re.sub(r"[是为有达共约]+$", "", prev[i:asked]) if 0 < asked - i <= 12 else ""
        head = self._tags(phrase)[-1] if phrase else ("", "")
        if not head[1].startswith("n") or len(head[0]) < 2 or head[0] in new:
            return None
        return prev[:i] + new + head[0] + prev[i + len(phrase) :]
