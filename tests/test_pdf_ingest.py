"""PDFs through the whole product: ingest (good and bad files side by side), the index keeping
boxes and a copy of the PDF, citations with page boxes, the page image, the CLI and the API."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="reportlab typesets the test PDFs (pip install -e '.[test]')")
from benchmarks.pdfpages import typeset as ts  # noqa: E402

if ts.font_path() is None:
    pytest.skip("fonts-wqy-zenhei is not installed (apt-get install fonts-wqy-zenhei)", allow_module_level=True)

from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from benchmarks.pdfpages.generate import photo_file  # noqa: E402
from benchmarks.pdfpages.seeds import write_seed_pdfs  # noqa: E402
from qa.errors import UnreadableFile  # noqa: E402
from qa.ingest.formats import FileLoader  # noqa: E402
from qa.ingest.pdf.loader import PdfLoader  # noqa: E402
from qa.pipeline import build_ingest  # noqa: E402


def one_line_pdf(path: Path, pages: int = 1, text: str = "本报讯 这是一页只有一行字的公报。", encrypt=None) -> Path:
    ts.register_font()
    canvas = Canvas(str(path), pagesize=(420, 595), encrypt=encrypt)
    for n in range(pages):
        canvas.setFont(ts.FONT, 10)
        canvas.drawString(40, 300, f"{text}第{n + 1}页")
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def bad_pdfs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad-pdfs")
    one_line_pdf(d / "locked.pdf", encrypt=StandardEncryption("secret", canPrint=0))
    good = one_line_pdf(d / "whole.pdf")
    (d / "truncated.pdf").write_bytes(good.read_bytes()[:200])
    (d / "not-a-pdf.pdf").write_bytes("这不是PDF文件".encode())
    import pypdfium2 as pdfium

    empty = pdfium.PdfDocument.new()  # a well-formed PDF with no pages
    empty.save(str(d / "no-pages.pdf"))
    empty.close()
    canvas = Canvas(str(d / "scan.pdf"), pagesize=(420, 595))
    canvas.drawImage(photo_file(d), 20, 20, 380, 550)
    canvas.showPage()
    canvas.save()
    (d / "whole.pdf").unlink()
    return {p.stem: p for p in d.glob("*.pdf")}


@pytest.mark.parametrize("name, words", [
    ("locked", "encrypted"), ("truncated", "damaged"), ("not-a-pdf", "damaged"), ("no-pages", "no pages"), ("scan", "text layer"),
])
def test_a_bad_pdf_gets_a_message_naming_it(bad_pdfs, name, words):
    with pytest.raises(UnreadableFile) as err:
        FileLoader().read(bad_pdfs[name])
    assert str(err.value).startswith(f"{name}.pdf: ") and words in str(err.value)


def test_too_many_pages_is_refused_and_many_are_read(tmp_path):
    with pytest.raises(UnreadableFile, match="more than the 3 read"):
        PdfLoader(max_pages=3).read(one_line_pdf(tmp_path / "four.pdf", pages=4), "four.pdf")
    articles, _ = PdfLoader().read(one_line_pdf(tmp_path / "long.pdf", pages=500), "long.pdf")
    assert len(articles) == 500 and {a.page for a in articles} == {str(n) for n in range(1, 501)}


def test_a_page_pdfium_cannot_load_costs_only_that_page(tmp_path, monkeypatch):
    """Found by the fuzz run: bytes overwritten inside one page's objects made pdfium refuse that
    page (PdfiumError: Failed to load page), which escaped as a traceback."""
    import pypdfium2 as pdfium

    from qa.ingest.pdf import chars

    real = chars._page

    def broken_second_page(pdf, index, ocr=None):
        if index == 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return real(pdf, index, ocr)

    monkeypatch.setattr(chars, "_page", broken_second_page)
    articles, warnings = PdfLoader(ocr=False).read(one_line_pdf(tmp_path / "two.pdf", pages=2), "two.pdf")
    assert [a.page for a in articles] == ["1"] and warnings == ["two.pdf: page 2 could not be loaded (damaged); skipped"]
    monkeypatch.setattr(chars, "_page", lambda pdf, index, ocr=None: broken_second_page(pdf, 1))
    with pytest.raises(UnreadableFile, match="two.pdf: not a readable PDF .no page of 2 could be loaded"):
        PdfLoader(ocr=False).read(tmp_path / "two.pdf", "two.pdf")


def test_ingest_reads_the_good_pdfs_skips_the_bad_and_loses_nothing(tmp_path, bad_pdfs, seed_pages):
    index = tmp_path / "idx"
    build_ingest(seed_pages, index, model="hashing", progress=False)
    folder = tmp_path / "in"
    folder.mkdir()
    for p in bad_pdfs.values():
        shutil.copy(p, folder / p.name)
    one_line_pdf(folder / "good-20240326.pdf", pages=2, text="本报讯 新的一页公报，")  # no masthead: dated by its name
    report = build_ingest([folder], index, model="hashing", progress=False)
    assert {Path(name).name for name, _ in report.skipped} == {p.name for p in bad_pdfs.values()}
    assert (report.files, report.articles_added) == (1, 2)
    from qa.index.store import IndexStore

    store = IndexStore.open(index)
    try:
        pdf_articles = [a for a in store.articles() if a.source == "good-20240326.pdf"]
        assert len(pdf_articles) == 2 and all(a.page_boxes and a.date == "2024-03-26" for a in pdf_articles)
        assert all(store.original(a.id) is not None for a in pdf_articles)
        assert store.count_articles() == 11 + 2  # nothing of the first ingest lost
    finally:
        store.close()


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory, e5) -> Path:
    folder = tmp_path_factory.mktemp("seed-pdf-in")
    write_seed_pdfs(folder)
    index = tmp_path_factory.mktemp("pdf-idx") / "idx"
    build_ingest([folder], index, embedder=e5, progress=False)
    return index


@pytest.mark.slow
def test_an_answer_from_a_pdf_cites_its_page_and_boxes(pdf_index):
    from PIL import Image

    from qa.chat.assistant import Assistant

    assistant = Assistant.open(pdf_index)
    try:
        answer = assistant.ask("3月25日12345热线直接办理了多少件？")
        c = answer.citations[0]
        assert answer.text.replace(" ", "") == "358件"
        assert (c.paper, c.date, c.page) == ("西宁晚报", "2024-03-27", "1")
        assert c.page_boxes and all(b[0] == 1 for b in c.page_boxes)
        image = assistant.page_image(c.article_id, *c.article_span)
        picture = Image.open(__import__("io").BytesIO(image.png)).convert("RGB")
        page, x0, top, x1, bottom = c.page_boxes[0]
        # the highlight is drawn where the answer is printed (the crop starts at the article's outline)
        regions = assistant.retriever.store.article(c.article_id).page_boxes.regions
        left = min(r[1] for r in regions if r[0] == page) - assistant.page_view.margin
        upper = min(r[2] for r in regions if r[0] == page) - assistant.page_view.margin
        s = assistant.page_view.scale
        px = picture.getpixel((int(((x0 + x1) / 2 - left) * s), int((top + 1 - upper) * s)))
        assert px[2] < 180 and px[0] > 200, f"not highlighted yellow at the answer: {px}"
        d = answer.to_dict()["citations"][0]["page_boxes"][0]
        assert set(d) == {"page", "x0", "top", "x1", "bottom"}
    finally:
        assistant.close()


@pytest.mark.slow
def test_cli_ask_json_and_page_image(pdf_index, tmp_path):
    png = tmp_path / "page.png"
    out = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "西宁锂电产业集群跻身全国百强了吗？", "--index", str(pdf_index),
                          "--json", "--page-image", str(png)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["citations"][0]["page_boxes"] and d["citations"][0]["source"].endswith(".pdf")
    assert d["verdict"] == "是" and "跻身" in d["answer"]  # the evidence prints the verb asked about
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "highlighted" in out.stderr


@pytest.mark.slow
def test_api_page_image(pdf_index):
    from fastapi.testclient import TestClient

    from qa.chat.assistant import Assistant
    from ui.server import build_server

    assistant = Assistant.open(pdf_index)
    try:
        client = TestClient(build_server(assistant), base_url="http://127.0.0.1:7860")
        answer = client.post("/api/ask", json={"question": "前两个月西宁规上工业增加值增长了多少？"}).json()
        c = answer["citations"][0]
        r = client.get("/api/page.png", params={"article": c["article_id"], "start": c["article_span"][0], "end": c["article_span"][1]})
        assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:4] == b"\x89PNG"
        text_article = next(a for a in assistant.retriever.store.articles() if not a.page_boxes) if any(
            not a.page_boxes for a in assistant.retriever.store.articles()) else None
        assert text_article is None  # this index holds PDFs only
        assert client.get("/api/page.png", params={"article": "nope"}).status_code == 400
        assert client.get("/api/page.png", params={"article": c["article_id"], "start": 5, "end": 2}).status_code == 400
    finally:
        assistant.close()


@pytest.mark.slow
def test_a_scanned_page_is_read_by_ocr_when_the_extra_is_installed(tmp_path):
    """A page with no text layer (a picture of a printed page): with the [ocr] extra its articles
    are read through the same layout, headlines and all; without it, a message says what to do."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    from qa.ingest.pdf.ocr import PageOcr

    [_, printed] = write_seed_pdfs(tmp_path / "typeset")
    src = pdfium.PdfDocument(str(printed))
    image = src[0].render(scale=200 / 72).to_pil().convert("L")  # a 200 dpi grey scan
    width, height = src[0].get_size()
    src.close()
    scan = tmp_path / "scan.pdf"
    canvas = Canvas(str(scan), pagesize=(width, height))
    canvas.drawImage(ImageReader(image), 0, 0, width, height)
    canvas.showPage()
    canvas.save()
    if not PageOcr.available():
        with pytest.raises(UnreadableFile, match=r"bulletin-qa\[ocr\]"):
            PdfLoader().read(scan, scan.name)
        pytest.skip("the [ocr] extra (rapidocr-onnxruntime) is not installed")
    articles, warnings = PdfLoader().read(scan, scan.name)
    assert any("read by OCR" in w for w in warnings)
    def words(s):  # OCR may read “” as ASCII quotes
        return re.sub(r"[^\w]", "", s or "")

    titles = {words(a.title) for a in articles}
    assert {words("市委审计委员会第七次会议召开"), words("西宁市党建引领“有诉必应马上办”机制创新工作日报")} <= titles
    report = next(a for a in articles if words(a.title) == words("西宁市党建引领“有诉必应马上办”机制创新工作日报"))
    assert "801件" in report.text.replace(" ", "") and report.date == "2024-03-27"
    start = report.text.index("801")
    assert report.page_boxes.boxes(start, start + 3)  # boxes from OCR, for the page view


def test_continuations_link_across_one_pdf_per_page(tmp_path):
    """An e-paper downloaded page by page: （下转第2版） in one file, （上接第1版） in the other,
    linked by paper and date whichever file comes first."""
    import random

    import pypdfium2 as pdfium

    from benchmarks.pdfpages.generate import Story, photo_file, write_issue
    from benchmarks.pdfpages.seeds import SAMPLE, seed_stories
    from qa.index.store import IndexStore

    stories = [s for p in sorted(SAMPLE.glob("*.txt")) for s in seed_stories(p) if s.title]
    lead = Story("一篇长文章跨版刊登", [p for s in stories for p in s.paragraphs])  # long enough to continue
    issue = tmp_path / "issue.pdf"
    truth = write_issue(issue, [lead] + stories, random.Random(4), 2, "江城晚报", (2024, 6, 2), photo_file(tmp_path))
    assert any(a["continues_to"] is not None for a in truth["articles"])
    src = pdfium.PdfDocument(str(issue))
    for n in (1, 2):
        single = pdfium.PdfDocument.new()
        single.import_pages(src, [n - 1])
        single.save(str(tmp_path / f"p{n}.pdf"))
        single.close()
    src.close()
    for order in ((2, 1), (1, 2)):
        index = tmp_path / f"idx{order[0]}"
        for n in order:  # one file per ingest: the second finds the first in the index
            build_ingest([tmp_path / f"p{n}.pdf"], index, model="hashing", progress=False)
        store = IndexStore.open(index)
        try:
            parts = {a.page: a for a in store.articles() if a.title == "一篇长文章跨版刊登"}
            assert set(parts) == {"1", "2"}, parts
            assert parts["1"].continues_to == parts["2"].id and parts["2"].continued_from == parts["1"].id
        finally:
            store.close()


def test_a_text_layer_without_a_character_map_is_not_taken_for_text(tmp_path):
    """Fonts without ToUnicode: pdfium reports glyph codes (control characters, Latin-1 letters),
    not the printed characters. The page is treated as having no text layer: a message without
    OCR, OCR with it — never garbage indexed as text."""
    [_, printed] = write_seed_pdfs(tmp_path / "typeset")
    garbled = tmp_path / "no-cmap.pdf"
    garbled.write_bytes(printed.read_bytes().replace(b"/ToUnicode", b"/ToUnicodX"))  # the maps unlinked
    with pytest.raises(UnreadableFile, match="glyph codes only"):
        PdfLoader(ocr=False).read(garbled, garbled.name)
