"""What a question names that its answer must be about: the places, dates, periods and role words
it says. An answer is only as good as its citation's agreement with them: 西宁 is not 格尔木,
3月26日 is not 3月25日, 三季度 is not 1—2月, 市长 is not 副市长. The place, date and period are
checked against the cited article (its headline, text and metadata), the role against the
answer's sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from qa.models import Article
from qa.read.features import statement_bounds, subject_clauses
from qa.text.abbreviations import said_in_full
from qa.text.paraphrase import printed_as
from qa.text.patterns import sentence_bounds

DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月(?:(\d{1,2})[日号])?)?")
PERIOD = re.compile(r"前?[一二三四1-4]季度|[上下]半年|\d{1,2}月?\s*[—–\-－~至到]\s*\d{1,2}月|前[两二三四五六七八九十]个?月")
# with the body it serves where the question names one: 市委副书记 is not 州委副书记 beside 市委书记
ROLE = re.compile(r"(?:[省市州县区镇乡]委|纪委|党委|党组)?副?(?:总书记|书记|市长|县长|省长|州长|区长|镇长|乡长|主席|局长|厅长|部长|处长|院长|校长|董事长|总经理|总裁|"
                  r"总理|行长|会长|秘书长|队长|所长|站长|社长|台长|理事长|组长)")
# a five-year plan's period ("到十四五末"): a plan's figure, printed in its own sentence ("到“十四五”末，
# 西宁将形成…50吉瓦时"), never the figure of today beside it
PLAN_PERIOD = re.compile(r"十[一二三四五六七八九]五(?:末|期间|时期)?")
# a superlative ("哪个产品产量增长最快"): stated only by a sentence that ranks ("最", "第一", "居首"), never
# by one that lists figures for the reader to compare
SUPERLATIVE = re.compile(r"最(?:快|多|高|大|低|少|小|慢|好|强|长|短|早|晚|重|深|远)")
RANKS = re.compile(r"最|第一|首位|居首|榜首|领跑|领先|冠军|之最|排名首")
# a named event: a meeting, forum or fair the question names ("巡察工作动员部署会", "市委审计委员会
# 第七次会议"); an answer from an article that never names it is about another event
EVENT = re.compile(r"[\u4e00-\u9fff\d]{2,16}?(?:会议|大会|座谈会|部署会|推进会|动员会|调度会|论坛|博览会|交易会|运动会|发布会|听证会|研讨会|招聘会|峰会|年会)")
NOT_A_NAME = re.compile(r"^(?:这|那|该|此|本|上|下|每|各|哪|什么)")  # "这次会议", "哪个会议": no name
# whose figure a share or growth is: 省属 is not 市属 (a page gives both, side by side), so the
# answer's subject prints the owner the question names
OWNER = re.compile(r"[省市州县区]属")
# the whole a figure is measured against: 全市 is not 全州 ("占全州…比重为62.6％" beside "占全市…47％");
# an answer whose own clause names another whole answers another question
WHOLE = re.compile(r"全[国省市州县区]")
# a share ("占全市…的比重", "占比"): printed with 占/比重, never as a growth rate of the same subject
SHARE = re.compile(r"占(?![地用据领有满线])[^，,。？?]{0,24}?(?:比重|比例|份额|多少|几成)|占比|所占")  # (占地多少亩: an area)
SHARE_SAID = re.compile(r"占|比重|比例|份额")
# the constraints checked on the answer's sentence, not on its article
SAID_IN_SENTENCE = ("role", "mention", "act", "plan", "superlative", "owner", "whole", "share")
# scope words name no particular place
SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全州|全区|我省|我市|我县|我州|我区|本市|本省)$")
# periods printed in other words: a question's 前两个月 is a page's 1—2月
SAME_PERIOD = {
    "前两个月": ("1-2月", "1月-2月"), "前二个月": ("1-2月", "1月-2月"), "前三个月": ("1-3月", "一季度"),
    "一季度": ("1-3月", "1月-3月", "第一季度"), "1季度": ("1-3月", "一季度"), "上半年": ("1-6月", "1月-6月"),
    "前三季度": ("三季度", "1-9月", "1月-9月"), "三季度": ("前三季度", "第三季度"),
}
DASHES = re.compile(r"\s*[—–\-－~至到]\s*")


@dataclass(frozen=True)
class Constraint:
    kind: str  # place | date | period | plan | role | mention | event | act | superlative | owner | whole | share
    text: str  # as the question says it

    def describe(self) -> str:
        return f"“{self.text}”"


def _fold(text: str) -> str:
    return DASHES.sub("-", text)


def constraints_of(question: str, places: Callable[[str], list[str]], acts: Callable[[str], list[str]] | None = None) -> list[Constraint]:
    """The constraints a (standalone) question names; ``places`` finds its place names and
    ``acts`` the act a 谁 question asks about."""
    found = [Constraint("place", p) for p in places(question) if not SCOPE.match(p) and len(p) >= 2]
    periods = [m.group() for m in PERIOD.finditer(question)]
    found += [Constraint("period", p) for p in periods]
    for m in DATE.finditer(question):
        if m.group(2) and not any(m.group() in p for p in periods):  # a month; a period's months are the period's
            found.append(Constraint("date", m.group()))
        elif m.group(1) and not m.group(2):  # a year alone ("2024年大中城市联合招聘…"): the article's year
            found.append(Constraint("date", m.group()))
    found += [Constraint("plan", m.group()) for m in PLAN_PERIOD.finditer(question)]
    found += [Constraint("superlative", m.group()) for m in SUPERLATIVE.finditer(question)][:1]
    found += [Constraint("owner", w) for w in dict.fromkeys(m.group() for m in OWNER.finditer(question))]
    found += [Constraint("whole", w) for w in dict.fromkeys(m.group() for m in WHOLE.finditer(question))]
    found += [Constraint("share", m.group()) for m in SHARE.finditer(question)][:1]
    found += [Constraint("event", m.group()) for m in EVENT.finditer(question) if not NOT_A_NAME.match(m.group())]
    found += [Constraint("act", a) for a in (acts(question) if acts else [])]
    roles = {m.group() for m in ROLE.finditer(question)}
    found += [Constraint("role", r) for r in roles if not any(r != o and r in o for o in roles)]
    return found


def _stem(place: str) -> str:
    return re.sub(r"(?<=..)(?:市|县|省|州|区)$", "", place)


def _place_met(place: str, article: Article, text: str) -> bool:
    stem = _stem(place)
    return stem in text or bool(article.city and (article.city.startswith(stem) or stem.startswith(article.city)))


def _date_met(date: str, article: Article, text: str) -> bool:
    """Each part the question gives (year, month, day) printed in the article or in its date."""
    m = DATE.fullmatch(date)
    if not m:
        return date in text
    year, month, day = m.group(1), m.group(2), m.group(3)
    dated = article.date or ""
    if month is None:  # a year alone: printed, or the year the article is dated
        return year is None or year in text or dated[:4] == year
    day_ok = day is None or re.search(rf"(?<!\d){month} ?月 ?{day} ?[日号]", text) is not None or dated[5:] == f"{int(month):02d}-{int(day):02d}"
    month_ok = re.search(rf"(?<!\d){month} ?月", text) is not None or dated[5:7] == f"{int(month):02d}"
    year_ok = year is None or year in text or dated[:4] == year
    return day_ok and month_ok and year_ok


def _period_met(period: str, text: str) -> bool:
    folded, wanted = _fold(text), _fold(period)
    return any(_fold(p) in folded for p in (wanted, *SAME_PERIOD.get(wanted, ())))


def _mention_met(words: list[str], sentence: str) -> bool:
    """What a "那X呢" follow-up asks about is printed in what the sentence says of the answer
    (its clause, cut at the other figures: "党员15人，青年志愿者10人" gives 10人 to 青年志愿者)."""
    # its first word (the name or the distinguishing modifier: 青年|志愿者, 意向|投资金额) and half the others (经济|开发区: both)
    return bool(words) and words[0] in sentence and sum(1 for w in words[1:] if w in sentence) >= len(words[1:]) / 2


def _event_met(words: list[str], text: str) -> bool:
    """A named event is met where the article prints each of its words (two characters or more,
    figures aside): "全市安全生产会议" by "全市安全生产工作会议", not "巡察工作动员部署会" by a page
    that never says 巡察; a word said short by leaving out its middle ("动员会" for "动员部署会") is printed too."""
    return all(w in text or said_in_full(w, text) for w in words if len(w) >= 2 and not w.isdigit())


def _act_met(act: str, sentence: str) -> bool:
    """The act a 谁 question asks about, printed in the answer's sentence as itself or a word
    reports say it with (qa/text/paraphrase.py)."""
    return printed_as(act, sentence) is not None


def _role_met(role: str, sentence: str) -> bool:
    """The role printed as itself: "市长" is not met by "副市长" alone."""
    return any(role.startswith("副") or sentence[max(0, m.start() - 1) : m.start()] != "副"
               for m in re.finditer(re.escape(role), sentence))


def _whole_met(whole: str, clause: str) -> bool:
    """The whole the question measures against, unless the answer's clause names another one
    and not it (a clause that names none is about the whole its sentence set out)."""
    named = {m.group() for m in WHOLE.finditer(clause)}
    return not named or whole in named


def unmet(constraints: list[Constraint], article: Article, passage: str, start: int, end: int,
          words: Callable[[str], list[str]] = lambda t: [t], replaced: list[str] = ()) -> list[Constraint]:
    """The constraints the answer ``passage[start:end]``, cited to ``article``, does not meet.
    ``words`` splits what a follow-up asks about into the words to look for. ``replaced``: the places a
    follow-up switched away from ("那哈尔滨呢？" after a question on 烟台南站); an answer whose sentence names
    one of them and not the place asked is about the old place (a digest names both), and the new one is
    reported as missing from its sentence."""
    text = "\n".join(x for x in (article.title, article.text or passage, article.paper) if x)
    s0, s1 = sentence_bounds(passage, start, end)
    sentence = passage[s0:s1]
    c0, c1 = statement_bounds(passage, start, end)
    own = passage[min(c0, start) : max(c1, end)]
    subject = subject_clauses(passage, start, end)
    statement = own + "\n" + subject
    checks = {"place": lambda c: _place_met(c.text, article, text), "date": lambda c: _date_met(c.text, article, text),
              "period": lambda c: _period_met(c.text, text), "role": lambda c: _role_met(c.text, sentence),
              "mention": lambda c: _mention_met(words(c.text) or [c.text], statement),
              "event": lambda c: _event_met(words(c.text) or [c.text], text), "act": lambda c: _act_met(c.text, sentence),
              "superlative": lambda c: RANKS.search(sentence) is not None,
              "owner": lambda c: c.text in subject, "whole": lambda c: _whole_met(c.text, own),
              "share": lambda c: SHARE_SAID.search(own) is not None,
              "plan": lambda c: all(part in re.sub(r"[“”\"\s]", "", sentence) for part in (c.text[:3], c.text[3:]))}
    missing = [c for c in constraints if not checks[c.kind](c)]
    asked = [c for c in constraints if c.kind == "place" and c not in missing]
    if any(old in sentence for old in replaced) and not any(_stem(c.text) in sentence for c in asked):
        missing += [Constraint("mention", c.text) for c in asked]
    return missing


def reason(missing: list[Constraint], article: Article) -> str:
    """Why the closest passage does not answer, in words for the user."""
    where = f"《{article.title}》" if article.title else "一篇无标题的文章"
    city = f"（{article.city}）" if article.city and article.city not in (article.title or "") else ""
    roles = [c for c in missing if c.kind in SAID_IN_SENTENCE]
    others = [c for c in missing if c.kind not in SAID_IN_SENTENCE]
    parts = []
    if others:
        parts.append(f"其中没有提到{'、'.join(c.describe() for c in others)}")
    if roles:
        parts.append(f"答案所在的句子里没有{'、'.join(c.describe() for c in roles)}")
    return f"最接近的内容出自{where}{city}，但{'；'.join(parts)}。"
