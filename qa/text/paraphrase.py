"""Verbs (and a few nouns) that news prints in other words than a person asks with: "进入全国百强了吗" is stated by
"跻身全国百强", "复工了吗" by "恢复施工", "涉及哪些问题" by "主要反映…问题". Each group holds words
that state the same event in a report; a question's verb counts as printed where any word of its
group is. Groups are kept small and close in meaning: a verdict (是/否) rests on them."""

from __future__ import annotations

import re
from types import MappingProxyType

GROUPS = (
    "进入 跻身 入选 入围 上榜 列入 纳入 晋级",
    "复工 恢复施工 复产 复工复产",
    "开工 动工 开建 破土动工",
    "建成 竣工 完工 建成投产 落成 建好",
    "投产 投入生产 建成投产 投运 投入运营 投入使用",
    "举办 举行 召开 开幕",
    "开展 进行 实施 组织开展",
    "发布 印发 公布 出台 发出",
    "涉及 反映 包括 涵盖 集中在",
    "处理 办理 核实处理 处置",
    "增长 增加 提高 提升 上升 上涨",
    "下降 减少 降低 回落 下滑",
    "缩短 减少 压缩 缩减",  # a time or a size cut
    "取消 撤销 停止 叫停",
    "签约 签署 签订",
    "启动 启用 开通",
    "提出 强调 指出 要求 明确",  # what a meeting or a leader said
    "来电 电话 来电诉求",  # calls a hotline takes
    "参加 出席",  # an event attended
    "来华 来中国 访华",
    "每天 每日",  # how often
    "当天 当日",
    "缺席 错过 缺阵",  # an event missed
    "加强 强化 加大",  # what a body steps up
    "分布 集聚 集中 聚集",  # where things are
)


def _groups_of() -> MappingProxyType:
    out: dict[str, tuple[str, ...]] = {}
    for line in GROUPS:
        words = tuple(line.split())
        for w in words:
            out[w] = tuple(dict.fromkeys(out.get(w, ()) + words))
    return MappingProxyType(out)


GROUP_OF = _groups_of()  # read-only: word → the words of its groups


def variants(word: str) -> tuple[str, ...]:
    """The word and the words a report states the same with, the word itself first."""
    return (word, *[w for w in GROUP_OF.get(word, ()) if w != word])


def printed_as(word: str, text: str) -> str | None:
    """The form of ``word`` that ``text`` prints (itself first), or None."""
    return next((w for w in variants(word) if w in text), None)


def in_their_words(question: str, passages: list[str]) -> str:
    """``question`` with a verb that no passage prints replaced by the word of its group the first
    passage printing one does ("西宁机场三期啥时候建好" → "…建成" where the page says 建成): the span
    model matches words. Unchanged where the passages print the question's own word, unless only
    in sentences that share less of the question than one printing another word of its group ("百强集群主要分布在哪里"
    against "区域分布" and "百强集群高度集聚东部" → 集聚). An act's scope asked for is asked as where the act is done
    (``scope_as_where``)."""
    question = scope_as_where(question, passages)
    sentences = [x for p in passages for x in re.split(r"[。！？!?；;\n]", p)]
    for word in sorted((w for w in GROUP_OF if w in question), key=len, reverse=True):
        if word not in question:
            continue
        rest = question.replace(word, "|")
        pairs = {rest[i : i + 2] for i in range(len(rest) - 1) if re.fullmatch(r"[\u4e00-\u9fff]{2}", rest[i : i + 2])}
        own = _sharing(word, sentences, pairs)
        printed = max(variants(word)[1:], key=lambda v: _sharing(v, sentences, pairs), default=None)
        if printed and (best := _sharing(printed, sentences, pairs)) > own and (own < 0 or best >= 2):
            question = question.replace(word, printed, 1)
    return question


def _sharing(form: str, sentences: list[str], pairs: set[str]) -> int:
    """The most of the question's character pairs a sentence printing ``form`` shares; -1 where none prints it."""
    return max((sum(p in x for p in pairs) for x in sentences if form in x), default=-1)


# the scope of an act asked for ("检测范围包括哪些地方", "管控区域是哪里"): notices print where the act is
# done ("在格尔木市主城区（含…）开展全员核酸检测"), seldom the word 范围
SCOPE_ASKED = re.compile(r"(?P<act>[\u4e00-\u9fff]{2,12}?)的?(?P<scope>范围|区域)(?:主要)?(?:包括|包含|涵盖|覆盖|有|是|为)?"
                         r"(?:哪些地方|哪些区域|哪些地区|哪些片区|哪些|哪里|哪儿|什么地方)"
                         r"|(?P<act2>[\u4e00-\u9fff]{2,12}?)的?(?P<scope2>范围|区域)(?:包括|包含|涵盖|覆盖)(?=[^，,。？?]{2,20}吗)")


def scope_as_where(question: str, passages: list[str]) -> str:
    """``question`` asking an act's scope as where the act is done ("检测范围包括哪些地方" → "检测在哪里",
    "检测范围包括唐古拉山镇吗" → "检测在唐古拉山镇吗"),
    where no passage prints the scope word after the act (a page that says "检测范围为…" is read as asked)."""
    m = SCOPE_ASKED.search(question)
    if not m:
        return question
    act, scope = (m.group("act"), m.group("scope")) if m.group("act") else (m.group("act2"), m.group("scope2"))
    if any(act[-2:] + scope in p or act[-2:] + "的" + scope in p for p in passages):
        return question
    # "检测范围包括唐古拉山镇吗" asks whether the act is done there: "检测在唐古拉山镇吗"
    return question[: m.start()] + act + ("在哪里" if m.group("act") else "在") + question[m.end() :]



# a demonstrative and the head noun it points with: "此次行动", "该项目", "这次会议"
POINTED = re.compile(r"(?:此次|本次|这次|该)([\u4e00-\u9fff]{2})")


def as_pointed_at(question: str, passages: list[str]) -> str:
    """``question`` with the stretch it opens with, up to a head noun, as a passage points at it where
    no passage prints the stretch as asked but one of the top two names it by a demonstrative and that
    head, these naming where it starts ("娄烦县公安局集中统一行动出动了多少警力" read against "此次行动出动警力
    200余人次" → "此次行动出动了多少警力"): news names its topic once, then points at it."""
    top = passages[:2]  # the top article's: the assistant reads its second-best passage second
    for head, pointed in dict.fromkeys((m.group(1), m.group()) for p in top for m in POINTED.finditer(p)):
        at = question.find(head)
        stretch = question[: at + len(head)]
        # (not a stretch that points itself: "金锁村本次河道整治行动" keeps its words for the reader)
        if at >= 3 and not re.search(r"[什多几哪谁怎如为是的，,？?]", stretch) and not POINTED.search(stretch) and any(stretch[:2] in p for p in top) \
                and not any(stretch in p for p in passages):
            return pointed + question[at + len(head) :]
    return question


def without_home_city(question: str, city: str | None, passage: str) -> str:
    """``question`` without the paper's own city where its page prints no name that begins with it
    (it calls the city 我市/全市, or names it only in the headline: a daily report's items) ("前两个月西宁工业为什么保持平稳增长" read against "全市工业经济保持平稳增长" →
    前两个月工业…): a clause answer is judged by the share of the question its sentence prints. Whether the
    article is that city's stays the constraints' to check."""
    named = re.search(re.escape(city) + "市?", question) if city else None
    if not named:
        return question
    # a name the city begins ("西宁经济开发区", "西宁市消防救援支队") where the passage prints it so
    printed = re.sub(r"\s", "", passage)
    if question[named.start() : named.end() + 2] in printed or city + question[named.end() : named.end() + 2] in printed:
        return question
    return question[: named.start()] + question[named.end() :]
