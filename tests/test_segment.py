"""Pages → articles, on the seed pages and on pages generated from news items."""

import json
import random
import re
from pathlib import Path

import pytest

from qa.ingest.pagesim import SimArticle, make_page
from qa.ingest.segment import PageSegmenter

FIXTURES = Path(__file__).parent / "fixtures"


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def seed_articles(seed_pages, e5):
    seg = PageSegmenter(embedder=e5)
    return {p.name: seg.segment(p.read_text(encoding="utf-8"), p.name) for p in seed_pages}


def test_seed_pages_give_eleven_articles_with_their_own_headlines(seed_articles):
    articles = [a for arts in seed_articles.values() for a in arts]
    assert len(articles) == 11
    # each headline sits on the body it describes: the body repeats its key words
    key_words = {
        "精准发力强链条 产业“四地”更高质": "产业链",
        "十四届市委第三轮巡察工作动员部署会召开": "巡察工作动员部署会",
        "今年三季度全市工业经济保持两位数增长": "三季度",
        "市委审计委员会第七次会议召开": "审计委员会第七次会议",
        "西宁市安全隐患举报受理情况日报": "安全隐患举报",
        "西宁市党建引领“有诉必应马上办”机制创新工作日报": "12345政务服务便民热线接听",
        "前两个月我市规上工业增加值增长9.0%": "同比增长9.0%",
        "铁路民航项目全面复工加快建设": "西成铁路",
        "全国百强！西宁锂电产业集群上榜": "百强产业集群",
        "格尔木市新型冠状病毒感染的肺炎疫情防控处置工作指挥部关于开展全员核酸检测的通告": "全员核酸检测",
    }
    titled = {a.title: a for a in articles if a.title}
    assert set(titled) == set(key_words)
    for title, words in key_words.items():
        assert words in titled[title].text, title
    # no headline left inside a body (as a paragraph of its own, or glued to one's end)
    titles = {compact(t) for t in key_words}
    for a in articles:
        for paragraph in a.text.split("\n"):
            assert compact(paragraph) not in titles
            assert not any(compact(paragraph).endswith(t) for t in titles), paragraph


def test_seed_bylines_kinds_and_continuation(seed_articles):
    articles = [a for arts in seed_articles.values() for a in arts]
    by_title = {a.title: a for a in articles}
    assert by_title["十四届市委第三轮巡察工作动员部署会召开"].byline == "记者 夏静 仁增加措"
    assert by_title["今年三季度全市工业经济保持两位数增长"].byline == "记者 李莎莎 通讯员 格统"
    notice = by_title["格尔木市新型冠状病毒感染的肺炎疫情防控处置工作指挥部关于开展全员核酸检测的通告"]
    assert notice.kind == "notice" and notice.text.startswith("（第139号）") and notice.text.endswith("2022年11月3日")
    continuation = [a for a in articles if a.kind == "continuation"]
    assert len(continuation) == 1 and continuation[0].title is None and continuation[0].continued_from == "一版"
    assert by_title["西宁市安全隐患举报受理情况日报"].kind == "report"
    # bodies are complete: first and last sentences of the page's articles are there
    assert any(a.text.endswith("产业转型升级不断迈上新台阶。") for a in articles)
    assert any("7000万套的产能规模。" in a.text for a in articles)
    assert not any("黎晓刚摄" in a.text for a in articles)  # photo credit stripped


def test_offsets_map_back_to_the_page(seed_pages, seed_articles):
    for page in seed_pages:
        raw = page.read_text(encoding="utf-8")
        for a in seed_articles[page.name]:
            for m in re.finditer(r"\d+(?:\.\d+)?[万亿]?[件吨元个]", a.text):
                s, e = a.source_span(m.start(), m.end())
                assert compact(raw[s:e]) == compact(m.group()), (m.group(), raw[s:e])


def load_items() -> list[SimArticle]:
    items = [json.loads(line) for line in (FIXTURES / "news_items.jsonl").read_text(encoding="utf-8").splitlines()]
    return [SimArticle(i["title"], i["text"].split("\n")) for i in items]


@pytest.mark.parametrize("seed", range(12))
def test_generated_pages_lexical(seed):
    """Pages laid out like PDF dumps (wrapped, double-spaced, headlines after or in a shuffled
    block) from items the segmenter has never seen; headlines matched by wording alone."""
    rng = random.Random(seed)
    items = load_items()
    rng.shuffle(items)
    page = make_page(items[: rng.randint(2, 4)], rng)
    got = PageSegmenter().segment(page.text)
    got_pairs = {(compact(a.title), compact(a.text)) for a in got}
    for a in page.articles:
        assert (compact(a.title), compact(a.body)) in got_pairs, (page.layout, a.title, page.text)
