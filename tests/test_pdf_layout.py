"""PDF pages → articles: roles, columns and blocks, reading order, captions, vertical headlines,
continuations, metadata, and every character's box, on pages typeset here with reportlab (a CJK
font from fonts-wqy-zenhei) and on the seed pages typeset as newspaper PDFs."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="reportlab typesets the test PDFs (pip install -e '.[test]')")
from benchmarks.pdfpages import typeset as ts  # noqa: E402

if ts.font_path() is None:
    pytest.skip("fonts-wqy-zenhei is not installed (apt-get install fonts-wqy-zenhei)", allow_module_level=True)

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from benchmarks.pdfpages.generate import load_stories, photo_file, write_issue  # noqa: E402
from benchmarks.pdfpages.seeds import write_seed_pdfs  # noqa: E402
from qa.ingest.formats import FileLoader  # noqa: E402
from qa.ingest.pdf.loader import PdfLoader, page_label, same_label  # noqa: E402

W, H = 842.0, 1191.0


def compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def column_text(page: ts.Page, x: float, top: float, text: str, size: float = 10.0, width: float = 180.0,
                leading: float = 15.0) -> float:
    """Typesets ``text`` (paragraphs split on newlines) justified in a column; returns the y below it."""
    for par in text.split("\n"):
        lines = ts.break_lines(par, width, size, first_indent=2 * size)
        for i, line in enumerate(lines):
            indent = 2 * size if i == 0 else 0.0
            page.justified(x + indent, top, line, size, width - indent, i == len(lines) - 1)
            top += leading
    return top


BODY_A = "本报讯（记者 王芳）3月25日，全市12345热线共受理群众来电801件，直接办理462件。\n热线工作人员表示，将进一步提升办理效率，做到件件有回音。"
BODY_B = "今年以来，我市新签约招商项目12个，签约金额128.5亿元，产业链延伸取得新突破。\n下一步，我市将持续优化营商环境，推动项目早落地、早投产。"
BODY_C = "第一段正文写在左栏，内容较长，需要换行排版到下一行才能完整显示出来。\n第二段正文继续在右栏出现，说明阅读顺序是先左栏后右栏。"


@pytest.fixture()
def page_pdf(tmp_path):
    """A blank canvas for a test to draw a page on; returns (canvas, Page helper, path)."""
    ts.register_font()
    path = tmp_path / "page.pdf"
    canvas = Canvas(str(path), pagesize=(W, H))
    return canvas, ts.Page(canvas, W, H), path


def read(path: Path, canvas: Canvas | None = None):
    """The articles of ``path`` by headline, and the warnings (``canvas``: finish it first)."""
    if canvas is not None:
        canvas.showPage()
        canvas.save()
    articles, warnings = PdfLoader().read(path, path.name)
    return {a.title: a for a in articles}, warnings


def test_masthead_headlines_decks_and_columns(page_pdf):
    canvas, page, path = page_pdf
    page.text(36, 36, "江城晚报", 48)
    page.text(36, 100, "2024年3月26日 星期二", 10)
    page.text(700, 100, "第3版 要闻", 10)
    page.rule(36, 118, 806, 118, 1.5)
    # module 1: kicker, headline, subtitle, body in two columns
    page.text(36, 130, "热线为民办实事", 12)
    page.text(36, 150, "12345热线直接办理462件", 28)
    page.text(60, 190, "——全市热线受理情况通报", 13)
    column_text(page, 36, 215, BODY_A)
    column_text(page, 228, 215, BODY_C)
    # module 2, beside it after a vertical rule: a second story
    page.rule(420, 130, 420, 420)
    page.text(432, 150, "招商引资取得新突破", 28)
    column_text(page, 432, 200, BODY_B, width=360)
    articles, warnings = read(path, canvas)
    assert warnings == []
    assert set(articles) == {"12345热线直接办理462件", "招商引资取得新突破"}
    a = articles["12345热线直接办理462件"]
    # kicker and subtitle open the text, then the two columns left to right, paragraphs kept
    assert a.text.split("\n")[:2] == ["热线为民办实事", "——全市热线受理情况通报"]
    assert compact(a.text) == compact("热线为民办实事——全市热线受理情况通报" + BODY_A + BODY_C)
    assert a.text.count("\n") == 5
    assert (a.paper, a.date, a.page, a.byline) == ("江城晚报", "2024-03-26", "3", "记者 王芳")
    assert compact(articles["招商引资取得新突破"].text) == compact(BODY_B)


def test_caption_is_kept_out_of_the_body(page_pdf, tmp_path):
    canvas, page, path = page_pdf
    image = photo_file(tmp_path)
    page.text(36, 60, "南极新站建设进展顺利", 28)
    page.photo(image, 36, 110, 300, 150)
    page.text(36, 264, "图为建设者在南极工地作业。 本报记者 孙芳 摄", 10)  # a caption at body size
    column_text(page, 36, 290, BODY_C, width=300)
    articles, _ = read(path, canvas)
    a = articles["南极新站建设进展顺利"]
    assert compact(a.text) == compact(BODY_C)
    assert compact(a.caption) == compact("图为建设者在南极工地作业。 本报记者 孙芳 摄")
    assert any(r[2] >= 100 and r[4] <= 270 for r in a.page_boxes.regions), "the photo is part of the article's outline"


def test_vertical_headline_heads_the_columns_beside_it(page_pdf):
    canvas, page, path = page_pdf
    page.vertical(400, 60, "竖排标题新闻", 24, 27)
    column_text(page, 36, 62, BODY_C, width=160)
    column_text(page, 210, 62, BODY_B, width=160)
    articles, _ = read(path, canvas)
    assert list(articles) == ["竖排标题新闻"]
    assert compact(articles["竖排标题新闻"].text) == compact(BODY_C + BODY_B)


def test_a_ruling_line_ends_an_article(page_pdf):
    canvas, page, path = page_pdf
    page.text(36, 60, "第一条新闻标题很长很长很长很长很长很长", 28)
    column_text(page, 36, 110, BODY_A, width=300)
    page.rule(30, 200, 812, 200)
    # below the rule, a headline-less notice block: never part of the article above
    column_text(page, 36, 215, BODY_B, width=300)
    articles, _ = read(path, canvas)
    top = articles["第一条新闻标题很长很长很长很长很长很长"]
    assert compact(top.text) == compact(BODY_A)
    assert compact(articles[None].text) == compact(BODY_B)


def test_continuations_link_across_pages(page_pdf):
    canvas, page, path = page_pdf
    page.text(36, 60, "跨版新闻标题", 28)
    column_text(page, 36, 110, BODY_A, width=300)
    page.text(236, 150, "（下转第2版）", 10)
    canvas.showPage()
    page2 = ts.Page(canvas, W, H)
    page2.text(36, 36, "2024年3月26日 星期二 第2版 综合新闻", 9)
    page2.rule(36, 52, 806, 52, 1.0)
    column_text(page2, 36, 70, "（上接第1版）" + BODY_B, width=300)
    canvas.showPage()
    canvas.save()
    articles, _ = PdfLoader().read(path, path.name)
    first, second = sorted(articles, key=lambda a: a.page_boxes.pages()[0])
    assert first.continues_to == second.id and second.continued_from == first.id
    assert second.title == "跨版新闻标题" and second.kind == "continuation" and second.page == "2"
    assert "下转" not in first.text and "上接" not in second.text
    assert compact(second.text) == compact(BODY_B)


def test_page_labels():
    assert [page_label(t) for t in ("第3版 要闻", "A03版", "第十二版", "无版次")] == ["3", "A03", "12", None]
    assert same_label("第2版", "2") and same_label("二版", "2") and not same_label("第1版", "2")


@pytest.fixture(scope="module")
def seed_pdfs(tmp_path_factory) -> list[Path]:
    return write_seed_pdfs(tmp_path_factory.mktemp("seed-pdfs"))


def test_the_seed_pages_typeset_as_pdf_read_back_exactly(seed_pdfs):
    loader = FileLoader()
    for path in seed_pdfs:
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        got = {compact(a.text): a for a in loader.read(path).articles}
        for t in truth["articles"]:
            a = got.get(compact(t["text"]))
            assert a is not None, f"{path.name}: {t['title']} not read whole"
            assert compact(a.title) == compact(t["title"])
            assert (a.paper, a.date, a.page) == (truth["paper"], truth["date"], str(t["page"]))
        assert len(got) == len(truth["articles"])


def test_every_character_maps_to_where_it_is_printed(seed_pdfs):
    """Round trip: at the centre of each character's box the PDF prints that character."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    loader = FileLoader()
    for path in seed_pdfs:
        doc = pdfium.PdfDocument(str(path))
        textpages = {i + 1: doc[i].get_textpage() for i in range(len(doc))}
        heights = {i + 1: doc[i].get_size()[1] for i in range(len(doc))}
        for a in loader.read(path).articles:
            checked = 0
            for start, page, top, bottom, xs in a.page_boxes.lines:
                for i in range(len(xs) // 2):
                    ch = a.text[start + i]
                    if ch.isspace():
                        continue
                    x, y = (xs[2 * i] + xs[2 * i + 1]) / 2, heights[page] - (top + bottom) / 2
                    k = raw.FPDFText_GetCharIndexAtPos(textpages[page].raw, x, y, (xs[2 * i + 1] - xs[2 * i]) / 2, (bottom - top) / 2)
                    assert k >= 0 and chr(raw.FPDFText_GetUnicode(textpages[page].raw, k)) == ch
                    checked += 1
            assert checked >= len(compact(a.text)) * 0.99
        for tp in textpages.values():
            tp.close()
        doc.close()


def test_boxes_of_a_span_cover_its_characters(seed_pdfs):
    a = next(a for a in FileLoader().read(seed_pdfs[1]).articles if "12345政务服务便民热线" in a.text)
    start = a.text.index("12345政务服务便民热线")
    boxes = a.page_boxes.boxes(start, start + 12)
    assert 1 <= len(boxes) <= 2  # one box per printed line the span touches
    assert all(p == boxes[0][0] and x1 > x0 and bottom > top for p, x0, top, x1, bottom in boxes)
    size = boxes[0][4] - boxes[0][2]  # the line's height, about the type size
    width = sum(x1 - x0 for _, x0, _, x1, _ in boxes)
    assert 7 * size <= width <= 12 * size  # five digits (half width) and seven Chinese characters


def test_generated_issues_are_read_article_for_article(tmp_path):
    """Twelve generated issues (fixed seed) of varied layouts; the benchmark runs hundreds."""
    stories = load_stories(limit=400) if _corpus() else _seed_story_pool()
    rng = random.Random(5)
    image, loader = photo_file(tmp_path), PdfLoader()
    total = right = leaks = 0
    for n in range(12):
        path = tmp_path / f"i{n}.pdf"
        truth = write_issue(path, rng.sample(stories, min(40, len(stories))), rng, 2 if n % 2 else 1, "江城晚报", (2024, 5, 1 + n), image)
        got = {compact(a.text): a for a in loader.read(path, path.name)[0]}
        for t in truth["articles"]:
            total += 1
            a = got.get(compact(t["text"]))
            right += a is not None and compact(a.title) == compact(t["title"])
            leaks += bool(t["caption"]) and any(compact(t["caption"])[:10] in k for k in got)
    assert total >= 40 and right / total >= 0.93 and leaks == 0, (right, total, leaks)


def _corpus() -> bool:
    from benchmarks.segmentation import CORPUS

    return CORPUS.exists()


def _seed_story_pool():
    from benchmarks.pdfpages.seeds import SAMPLE, seed_stories

    return [s for p in sorted(SAMPLE.glob("*.txt")) for s in seed_stories(p) if s.title]


def test_a_letter_spaced_headline_is_one_headline_and_a_folio_no_article(page_pdf):
    canvas, page, path = page_pdf
    page.text(120, 60, "春耕备耕正当时", 32, char_space=28)  # “春  耕  备  耕 …”, a character apart
    column_text(page, 36, 120, BODY_B, width=600)
    page.text(400, 1150, "3", 10)  # the folio
    articles, _ = read(path, canvas)
    assert list(articles) == ["春耕备耕正当时"]
    assert compact(articles["春耕备耕正当时"].text) == compact(BODY_B)


def test_a_vertical_rule_ends_a_line_even_where_punctuation_hangs_up_to_it(page_pdf):
    """Two modules side by side, ruled apart: the left column's last line hangs its full stop into
    the gutter, next to the first line of the right module — still two lines, two articles."""
    canvas, page, path = page_pdf
    page.text(36, 60, "左边的新闻", 24)
    page.text(36, 100, "左栏最后一行以句号结束。", 10, char_space=3.2)  # its 。 ends at x = 191.2, by the rule
    page.rule(192.5, 50, 192.5, 200)
    page.text(194, 60, "右边的新闻", 24)
    page.text(194, 100, "右栏的第一行正文紧挨着分隔线。", 10)
    articles, _ = read(path, canvas)
    assert compact(articles["左边的新闻"].text) == "左栏最后一行以句号结束。"
    assert compact(articles["右边的新闻"].text) == "右栏的第一行正文紧挨着分隔线。"
