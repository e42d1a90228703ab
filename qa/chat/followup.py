"""Follow-up questions without a language model: whether a question continues the conversation,
and if so, the standalone question it stands for.

A question is read in the conversation's context only when it is incomplete on its own — it says
``那X呢``/``X呢``, uses a pronoun for the topic, names no topic of its own, or goes on with the
words of the passage cited last — never merely because earlier turns exist. Its own words win:
a new place or date replaces the old one. Where it is unclear (the question has a topic of its own
that the last passage only partly shares), both readings are returned and the assistant keeps the
one whose answer is better supported.

How a follow-up is rewritten (``那X呢`` in X's place, a pronoun as the last subject, an attribute
alone or a definite noun about the last topic, the place and time kept where it names none): the
rules with examples are in docs/reading.md, "Follow-ups".
What a question is about (subject, places, times, words) is read by ``topics.TopicReader``.
"""

from __future__ import annotations

import itertools
import re

from qa.chat import conversation_words as vocab
from qa.chat.constraints import OWNER, WHOLE
from qa.chat.topics import TopicReader
from qa.chat.turns import Reading, Turn
from qa.read.question import REQUEST

# "X怎么样？" without 那 or 呢 is a follow-up only when X is this short (西宁, 三季度, 化工行业; not 县区工业增速)
SHORT_SUBJECT = 4
OWNER_LEVEL = re.compile(f"{OWNER.pattern}|{WHOLE.pattern}|[省市州县区]级")  # 省属 for 市属, 全省 for 全市, 省级 for 市级
BARE_HEAD = 2  # the longest bare head noun that names the last topic again ("会议是哪天召开的")
# a share of the new question's content words the passage cited last prints: above, it goes on
# with that topic; at none, it starts another; in between, both readings are tried
CONTINUES, UNRELATED = 0.5, 0.0


class FollowUpResolver(TopicReader):
    """Reads a question in its conversation (``readings``); ``TopicReader`` gives its words."""

    # ---- reading a question in its conversation ----
    @staticmethod
    def new_subject(question: str) -> str | None:
        """The X of "那X呢" / "X呢" / "那X怎么样": a follow-up that names only what changes. A
        question ending in 如何/怎么样 without 那 is one only when X is short ("西宁怎么样？");
        "西宁机场三期改扩建工程进展如何？" asks something whole."""
        m = vocab.NEW_SUBJECT.match(question)
        if not m or vocab.PRONOUN.search(question):
            return None
        x = re.sub(r"(?<=..)的$", "", m.group(1).strip())  # "那市属的呢": 市属
        marked = question.startswith(("那", "还有", "再问")) or question.rstrip("？?。 ").endswith("呢")
        return x if marked or len(x) <= SHORT_SUBJECT else None

    def readings(self, question: str, history: list[Turn]) -> list[Reading]:
        """The ways to read ``question`` after ``history``, likeliest first: one when it is clear
        (as asked, or as a follow-up), two when it is not — as a follow-up first when the question
        goes on with the last passage's words, as asked first when it only partly does."""
        q = question.strip()
        if not history:
            return [Reading(q)]
        last = history[-1]
        as_asked = Reading(q, preferred=last.answer_article_id)  # (the article cited last first, where it matches about as well)
        new = self.new_subject(q)
        if new:
            # 那X呢: X stands for some part of the last question; each way is tried and the answer
            # whose sentence prints X wins
            prev = REQUEST.sub("", last.question.strip())  # without its 请问
            mention = None if self.is_time(new) or self.is_place(new) else new
            return [Reading(text, True, [prev], last.answer_article_id, mention) for text in self._substitutions(prev, new)]
        cited = next((t for t in reversed(history) if t.answer_article_id), last)  # past turns that found nothing
        points_back = self.reference(q) is not None  # (jieba cuts the question once for it)
        if (not self.has_topic(q) and not points_back and not self._predicate_only(q)
                and self.names_printed(q, f"{cited.answer_article_title}\n{cited.context}")):
            return [Reading(q, preferred=cited.answer_article_id)]  # "中新建交多少年？": its own words, as printed
        follow = self._follow_up(q, last, cited, history[:-1])
        if follow.text == q and not follow.definite:
            # a bare noun the headline cited last (past a turn that found nothing) names ("发布会是哪天举行的？"), the event a question
            # with no topic of its own names ("谁参加了会谈？"), or its words as the passage prints them ("警方提醒了什么？"): that article first
            title = cited.answer_article_title or ""
            named = ((own := self.subject(q)) and len(own) <= SHORT_SUBJECT and own in title
                     or not self.has_topic(q) and any(w in title for w in self.words(q)) or self.names_printed(q, cited.context))
            return [Reading(q, preferred=cited.answer_article_id, definite=True), as_asked] if named else [as_asked]
        if follow.text == q:
            return [follow, as_asked]  # "这次行动" that no earlier subject ends in: the article cited last
        if points_back or not self.has_topic(q):
            return [follow]  # incomplete on its own
        if follow.definite:
            return [follow, as_asked]  # "会议…" after a question about one meeting: that meeting, likeliest
        shared = self.shared_topic(q, last)
        if shared > CONTINUES:
            # goes on with the topic; as asked only if that finds nothing better, and never for a question
            # with no subject at all ("有人员伤亡吗？"), which as asked any report of casualties answers
            if self.subject(q) is None and follow.follow_up:
                # its words stated together where the last topic is not ("为什么要争取国家支持？" after a 囊谦机场
                # question: "我省积极争取国家支持，…"): that sentence's subject, likeliest, in the article cited last
                apart = self.said_apart(q, follow.carried[:1], cited.context)
                return [Reading(q, preferred=cited.answer_article_id, definite=True), follow] if apart else [follow]
            return [follow, as_asked]
        if shared <= UNRELATED:  # another topic, unless it names none but what is done ("查处了多少起案件？")
            return [follow, as_asked] if follow.follow_up and self._predicate_only(q) else [as_asked]
        return [as_asked, follow]

    def switched_from(self, reading: Reading) -> list[str]:
        """The places a follow-up's reading switched away from ("烟台南站" for "那哈尔滨呢？" read as
        "哈尔滨为…提供了什么服务？"): an answer printed with them is the old place's."""
        if not reading.follow_up or not reading.carried:
            return []
        return [p for p in self.named_places(reading.carried[0]) if p not in reading.text]

    def rewrite(self, question: str, history: list[Turn]) -> tuple[str, str | None]:
        """The standalone question of the follow-up reading (the question itself when there is
        no history), and the id of the article cited last."""
        q = question.strip()
        if not history:
            return q, None
        return self._follow_up(q, history[-1]).text, history[-1].answer_article_id

    def _follow_up(self, q: str, last: Turn, cited: Turn | None = None, earlier: list[Turn] | tuple = ()) -> Reading:
        """The follow-up reading of ``q`` after ``last``; ``cited``: the last turn that cited an
        article (``last`` where it did); ``earlier``: the turns before ``last``, whose subject about the
        same article is the topic where ``last`` named none ("设立了多少个卡点？" after a 娄烦县公安局 question)."""
        cited = cited or last
        prev = REQUEST.sub("", last.question.strip())  # without its 请问
        if new := self.new_subject(q):
            return Reading(self._substitutions(prev, new)[0], True, [prev], last.answer_article_id)
        rewritten, carried, definite = q, [], False
        last_subject, own_subject = self.subject(prev), self.subject(q)
        title_subject = self.subject(cited.answer_article_title) if cited.answer_article_title else None
        topic = last_subject or title_subject or self.printed_stem(prev, cited.context) or next(
            (t for turn in reversed(earlier) if turn.answer_article_id == cited.answer_article_id and (t := self.subject(turn.question))), None)
        if ref := self.reference(q):
            said, head = ref
            if said in vocab.PARTIES and cited.answer_article_id:  # "双方要在哪些领域扩大合作？": as printed, in the article cited last
                return Reading(q, False, [], cited.answer_article_id, definite=True)
            if head:
                # "这次会议": the last subject or headline's that ends in 会议; "这份通告": the report itself,
                # about the last subject; else the noun stays and the article cited last is read ("为什么开展这次行动？")
                heads = (head, *vocab.SHORT_HEADS.get(head, ()))
                if head in vocab.DOCUMENT_NOUNS and cited is not last:
                    # the report is the one cited last, past turns that found nothing: its question says what it is about
                    prev = REQUEST.sub("", cited.question.strip())
                    topic = self.subject(prev) or title_subject
                # (or the headline itself, from its 关于: "…指挥部关于|开展全员核酸检测的通告")
                titled = (cited.answer_article_title or "").rpartition("关于")[2]
                ending = next((t for t in (topic, title_subject, titled) if t and t.endswith(heads)), None)
                topic = ending or (topic if head in vocab.DOCUMENT_NOUNS else None)
                definite = bool(cited.answer_article_id)
            if topic:
                topic = topic.split("的")[0] if said in ("他", "她") else topic  # a person: the owner ("胡尔克|的转会费")
                rewritten = q.replace(said, topic, 1)
                carried.append(topic)
            elif definite:
                return Reading(q, False, [], cited.answer_article_id, definite=True)
        elif (own := self.refers_back(q, last)) and topic:
            rewritten = q.replace(own, topic, 1)  # "会议是哪天召开的" → "市委审计委员会第七次会议是哪天召开的"
            carried.append(topic)
            definite = True
        elif (topic and len(topic) > BARE_HEAD and topic not in q and self._attribute_only(q)
              and (self.shared_topic(q, last) >= 1.0 or self._predicate_only(q) and not self.names_printed(q, cited.context or ""))
              and (last_subject or not own_subject)):  # an attribute is the last question's subject's, not a headline's
            # no topic of its own, or only an attribute, and every word it has goes on with the last turn
            # ("增长了多少？" after "钢材产量是多少？", "销售额多少？" after a 青藏优品 question): it asks about the last one's
            own = own_subject or ""
            among = q.startswith("其中")  # "其中本土多少例": part of the last subject, which stays whole
            q_own = q.removeprefix("其中") if among else q
            lead = next((w for w in vocab.ASKING_ADVERBS if own and q_own.startswith(w)), "")  # "为什么|销售额下降？"
            q_own = q_own[len(lead) :]
            # (a question with a noun of its own asks its own attribute: "授权专利…" after "…产业链覆盖率是多少")
            topic = self._without_attribute(topic, own) if (own or self.has_topic(q_own)) and not among else topic
            rewritten = lead + (topic + q_own[len(own) :] if own and topic.endswith(own) and q_own.startswith(own) else topic + q_own)
            carried.append(topic)
        # carry over the place and time the conversation is about, where the question has none
        rewritten, kept = self._keep_setting(prev, rewritten)
        preferred = cited.answer_article_id if definite else last.answer_article_id
        return Reading(rewritten, rewritten != q, carried + kept, preferred, definite=definite)

    def _predicate_only(self, question: str) -> bool:
        """The question says nothing before its question word but a predicate (adverbs and verbs: "同比增长多少？"),
        which any figure's report prints: it asks about the last topic, however its words are printed."""
        asked = [f for w, f in itertools.takewhile(lambda t: not t[0].startswith(vocab.QUESTION_WORDS), self._tags(question))]
        return bool(asked) and all(f.startswith(("v", "d", "u", "p", "c")) for f in asked)

    def _attribute_only(self, question: str) -> bool:
        """The question names no topic, or only a short common noun before its question word, no
        name ("销售额多少？"; not "新车最大功率…"), or opens with a preposition or its verb where its
        subject would be ("在全国开了多少家体验店？", "有人员伤亡吗？"), so it may be about the last turn's topic."""
        if not self.has_topic(question):
            return True
        own, tags = self.subject(question), self._tags(question)
        if own is None:  # it opens with its verb or a preposition: no subject of its own ("有人员伤亡吗？")
            first = next((f for w, f in tags if not w.startswith(vocab.QUESTION_WORDS)), "")
            return first in ("p", "v", "d")
        asked = next((i for i, (w, _) in enumerate(tags) if w.startswith(vocab.QUESTION_WORDS)), len(tags))
        others = [w for w, f in tags[:asked] if f.startswith(("n", "j")) and w not in own and not vocab.SCOPE.match(w)]  # (全州: a scope)
        named = vocab.NAMED_BODY.search(own) and len(own) > 2  # ("国铁集团", "市卫健委": a body's name, no attribute)
        return len(own) <= SHORT_SUBJECT and not others and not named and all(f in ("n", "vn") for w, f in self._tags(own))

    def is_complete(self, question: str) -> bool:
        """Whether the question stands on its own: it names a person, place or body, or a subject that is
        more than an attribute ("企业办税时间缩短到多少？"), and points back at nothing."""
        if self.reference(question):
            return False
        return self.names_entity(question) or self.subject(question) is not None and not self._attribute_only(question)

    def _without_attribute(self, topic: str, own: str = "") -> str:
        """A topic without the attribute the last question asked of it (青藏优品|销售额, for "总仓在哪？"), or
        without the head that follows the question's own (系列活动|发布会, for "活动将…"); else whole
        (格尔木三季度规上工业, for "增速…")."""
        tags = self._tags(topic)
        rest = topic[: -len(tags[-1][0])] if tags else topic
        if len(tags) >= 2 and tags[-1][1] in ("n", "vn") and (vocab.ATTRIBUTE_END.search(tags[-1][0]) or own and rest.endswith(own)) and len(rest) >= 4:
            return topic[: -len(tags[-1][0])]
        return topic

    def refers_back(self, question: str, last: Turn) -> str | None:
        """The bare head noun a question opens with where it names the last question's subject
        again, as "the meeting" does: ``会议`` in ``会议是哪天召开的？`` after
        ``市委审计委员会第七次会议审议了哪些文件？``; None otherwise."""
        topic = self.subject(last.question.strip())
        if not topic:
            return None
        nouns = [w for w, f in self._tags(question) if f.startswith(("n", "j")) and len(w) >= 2 and w not in vocab.ANSWER_KIND_NOUNS
                 and not w.startswith(vocab.QUESTION_WORDS)]
        # the only noun of the question, anywhere in it ("谁主持会议？"), the head of the last topic
        # as printed (…会议) or as its short form (…务虚会 for 会议)
        own = nouns[0] if len(nouns) == 1 else None
        if own and len(own) > BARE_HEAD and own[-BARE_HEAD:] in vocab.SHORT_HEADS:
            own = own[-BARE_HEAD:]  # jieba joins the verb to it ("主持会议")
        if own and len(own) <= BARE_HEAD < len(topic) and topic.endswith((own, *vocab.SHORT_HEADS.get(own, ()))):
            return own
        return None

    def shared_topic(self, question: str, last: Turn) -> float:
        """The share of the question's content words that the last turn's question, headline or
        cited passage prints."""
        words = [w for w in self.words(question) if w not in vocab.ANSWER_KIND_NOUNS]  # (地点 says what kind of answer)
        if not words:
            return 1.0
        seen = "\n".join(x for x in (last.question, last.answer_article_title, last.context) if x)
        return sum(1 for w in words if w in seen) / len(words)

    def _substitutions(self, prev: str, new: str, most: int = 4) -> list[str]:
        """``prev`` with ``new`` in place of what it stands for: the time for a time, the place for
        a place (a time and a subject, each); else the whole series it lists, the subject's owner, the
        subject, the phrase ``new`` holds, then the other noun phrases ("多少名|党员" for 青年志愿者),
        then ``new`` put before ``prev``; never a reading left with particles only (or, for the subject's owner, a question word only)."""
        if (lead := vocab.TIME.match(new)) and len(new) - lead.end() >= 2 and not self.is_time(new):
            # a time and a subject ("到十四五末电池隔膜呢"): the subject's readings, with the time put in
            return [r.replace(old.group(), lead.group(), 1) if (old := vocab.TIME.search(r)) else lead.group() + r
                    for r in self._substitutions(prev, new[lead.end() :], most)]
        if self.is_time(new):  # a time replaces the time, or sets one ("那3月26日呢" after "热点问题有哪些")
            return [prev.replace(old.group(), new, 1) if (old := vocab.TIME.search(prev)) else f"{new}{prev}"]
        if self.is_place(new):
            return [prev.replace(old_places[0], new, 1) if (old_places := self.places(prev)) else f"{new}{prev}"]
        parallel = [p for p in (self._parallel(prev, new), self.with_predicate(prev, new)) if p]
        if (subject := self.subject(prev)) and "的" in subject and new not in subject:
            # X for the owner the subject names ("蓝科锂业|的碳酸锂项目投产了吗" → 中信昆仑的碳酸锂项目…)
            parallel.insert(0, prev.replace(subject.split("的")[0], new, 1))
        if (series := self._series(prev)) and new not in series:
            parallel.insert(0, prev.replace(series, new, 1))  # X stands for the whole series ("江苏、浙江、广东三省")
        nouns = self.noun_phrases(prev)
        asked = next((p for p in nouns if any(prev.find(q) < prev.find(p) for q in vocab.QUESTION_WORDS if q in prev)), None)
        # X is no place (that was read above): where the subject is a place, X more likely stands for
        # what is asked about ("西宁已形成多少|正极材料|…" for 锂电池隔膜) than for a topic within it
        subject = self.subject(prev)
        first = [asked, subject] if subject and self.is_place(subject) else [subject, asked]
        phrases = [p for p in dict.fromkeys([*first, *nouns]) if p and p not in new and new not in p]
        if vocab.AMOUNT_NOUN.search(new):  # an amount stands for the amount asked ("价格呢" after "…的最高续航是多少")
            phrases.sort(key=lambda p: not vocab.AMOUNT_NOUN.search(p))
        aligned = [a] if (a := self._aligned(prev, new)) else []
        # X that holds one of them and more ("格尔木的|热点问题" after "3月25日热点问题有哪些？") takes its place
        aligned += [prev.replace(p, new, 1) for p in dict.fromkeys([*first, *nouns]) if p and len(p) >= 2 and p in new and p != new][:1]
        if vocab.AMOUNT_NOUN.search(new) and not self.places(new):
            # another figure of the same setting ("签约金额呢？" after "格尔木签订…协议多少个？"): X's own amount;
            # after a question of another kind, the subject's ("价格呢？" after "五菱宝骏新车什么时候发布？")
            owner = "" if re.search(r"多少|几", prev) else (subject or "")
            if (own_figure := self._keep_setting(prev, f"{owner}{new}是多少？")[0]) != f"{new}是多少？":
                aligned.append(own_figure)  # (not X alone, which any article with an X answers)
        out = list(dict.fromkeys([*parallel, *aligned, *(self._keep_setting(prev, prev.replace(p, new, 1))[0] for p in phrases)]))[: most - 2]
        # X narrows the place ("经济开发区呢？" after a 西宁 question: 西宁经济开发区)
        narrowed = [prev.replace(p, p + new, 1) for p in self.named_places(prev)[:1] if not new.startswith(p)]
        readings = list(dict.fromkeys([*out, *narrowed, f"{new}{prev}"]))
        nothing = vocab.ASKS_ONLY if subject and "的" in subject else re.compile("^$")  # ("中信昆仑了吗？"; "胡尔克是多少？" for 奥斯卡的转会费)
        return [r for r in readings if nothing.sub("", re.sub(r"[了的吗呢？?\s]", "", r.replace(new, "", 1)))] or readings

    def _parallel(self, prev: str, new: str) -> str | None:
        """``prev`` with the word X is the counterpart of (省属 for 市属, 女排 for 男排): as long as X, sharing
        its first or last character; None where it has none."""
        if not 2 <= len(new) <= 4:
            return None
        for w, f in self._tags(prev):
            if len(w) == len(new) and w != new and (w[0] == new[0] or w[-1] == new[-1]) and f.startswith(("n", "j", "b", "a")):
                return prev.replace(w, new, 1)
        # an owner jieba cut into its place ("格尔木市|属" for 市属): the same level word printed anywhere
        level = OWNER_LEVEL.fullmatch(new) and next((m.group() for m in OWNER_LEVEL.finditer(prev) if m.group() != new), None)
        return prev.replace(level, new, 1) if level else None

    def _keep_setting(self, prev: str, text: str) -> tuple[str, list[str]]:
        """``text`` with the previous question's place and time where it has none (never a time
        printed as a comparison), and what was put in: a follow-up's setting, and what replacing
        a phrase took away ("格尔木三季度化工行业…" with 有色行业 for its subject keeps 格尔木三季度)."""
        kept = []
        # an opener goes with the setting it opened ("其中消防救援支队…" → "3月25日西宁市消防救援支队…")
        text = next((text.removeprefix(o) for o in vocab.OPENERS if text.startswith(o) and len(text) > len(o) + 2), text)
        place = next((p for p in self.named_places(prev) if not self._names_a_thing(prev, p)), None)
        # (a person named first needs no place: "帕利克担任什么职务" after a question on 冈图木尔, tagged a place)
        person = (tags := self._tags(text)) and tags[0][1].startswith("nr") and len(tags[0][0]) >= 2
        if place and place not in text and not self.places(text) and not person:
            text = place + text
            kept.append(place)
        first = next((m for m in vocab.TIME.finditer(prev) if not vocab.COMPARED.search(prev[: m.start()]) and m.group() not in vocab.NOW_WORDS), None)
        end = first.end() if first else 0
        while first and (more := vocab.TIME.match(prev, end)):  # the whole of it: 今年|1月
            end = more.end()
        when = prev[first.start() : end] if first else None
        if when and not vocab.TIME.search(text):
            text = when + text
            kept.append(when)
        return text, kept

    def _names_a_thing(self, text: str, place: str) -> bool:
        """A place word that is the first part of a thing's name ("青藏|优品") rather than where
        things happen: followed by a noun, and neither a city the index knows nor an
        administrative name (西宁, 海西州)."""
        if place in self.known_places or vocab.PLACE_END.search(place):
            return False
        after = self._tags(text[text.find(place) + len(place) :])
        return bool(after) and after[0][1].startswith(("n", "j")) and not after[0][1].startswith("ns")

