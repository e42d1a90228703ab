"""Each input format → articles; bad input → a clear message naming the file."""

import json

import pytest

from qa.ingest.formats import FileLoader, UnreadableFile


@pytest.fixture(scope="module")
def reader():
    return FileLoader()


def test_jsonl_articles_and_bad_lines(tmp_path, reader):
    f = tmp_path / "items.jsonl"
    f.write_text(
        "\n".join([
            json.dumps({"title": "标题一", "text": "正文一。", "date": "2024-03-26", "paper": "西宁晚报", "page": 3, "id": "a1"}, ensure_ascii=False),
            "{not json",
            json.dumps({"title": "没有正文"}, ensure_ascii=False),
            json.dumps({"text": "只有正文也可以。"}, ensure_ascii=False),
        ]),
        encoding="utf-8",
    )
    result = reader.read(f)
    assert [a.text for a in result.articles] == ["正文一。", "只有正文也可以。"]
    first = result.articles[0]
    assert (first.title, first.date, first.paper, first.page, first.external_id) == ("标题一", "2024-03-26", "西宁晚报", "3", "a1")
    assert len(result.warnings) == 2 and "items.jsonl:2" in result.warnings[0]


def test_squad_paragraphs_have_stable_ids(tmp_path, reader):
    data = {"data": [{"title": "文档", "paragraphs": [{"id": "P1", "context": "第一段。", "qas": []}, {"context": "第二段。", "qas": []}]}]}
    f = tmp_path / "set.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    first = reader.read(f).articles
    again = reader.read(f).articles
    assert [a.external_id for a in first] == ["P1", "0#1"]
    assert [a.id for a in first] == [a.id for a in again]


def test_markdown_and_html_titles(tmp_path, reader):
    md = tmp_path / "a.md"
    md.write_text("# 市图书馆推出夜间阅读服务\n\n从本月起，市图书馆延长开放时间。\n", encoding="utf-8")
    art = reader.read(md).articles[0]
    assert art.title == "市图书馆推出夜间阅读服务" and art.text == "从本月起，市图书馆延长开放时间。"
    s, e = art.source_span(0, 3)
    assert md.read_text(encoding="utf-8")[s:e] == "从本月"
    page = tmp_path / "b.html"
    page.write_text(
        "<html><head><title>高原夏菜迎丰收</title><script>alert('x')</script></head>"
        "<body><p>眼下，夏菜进入采收期。</p><p>预计产量5万吨。</p><style>p{}</style></body></html>",
        encoding="utf-8",
    )
    art = reader.read(page).articles[0]
    assert art.title == "高原夏菜迎丰收"
    assert art.text == "眼下，夏菜进入采收期。\n预计产量5万吨。"


def test_sidecar_metadata_overrides_inference(tmp_path, reader, seed_pages):
    page = tmp_path / seed_pages[1].name
    page.write_bytes(seed_pages[1].read_bytes())
    page.with_name(page.stem + ".meta.json").write_text(
        json.dumps({"paper": "西宁晚报", "date": "2024-03-26", "page": "A3", "city": "西宁"}, ensure_ascii=False), encoding="utf-8"
    )
    arts = reader.read(page).articles
    assert {(a.paper, a.date, a.page, a.city) for a in arts} == {("西宁晚报", "2024-03-26", "A3", "西宁")}


def test_page_metadata_inferred_never_invented(reader, seed_pages):
    first, second = (reader.read(p).articles for p in seed_pages)
    assert {a.city for a in first} == {"格尔木"} and {a.city for a in second} == {"西宁"}
    # no full date on the 西宁 page, no date in the file names: no date is made up
    assert {a.date for a in second} == {None}
    # the notice carries the date it was signed
    notice = [a for a in first if a.kind == "notice"][0]
    assert notice.date == "2022-11-03"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("empty.txt", b"", "empty"),
        ("blob.txt", bytes(range(256)) * 8, "binary"),
        ("photo.png", b"\x89PNG", "unsupported file type"),
        ("bad.json", b"{\"not\": \"squad\"}", "SQuAD"),
    ],
)
def test_unreadable_files(tmp_path, reader, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(UnreadableFile) as err:
        reader.read(f)
    assert name in str(err.value) and message in str(err.value)


def test_gbk_and_big5_pages_read(tmp_path, reader, seed_pages):
    text = seed_pages[1].read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    assert len(reader.read(gbk).articles) == len(reader.read(seed_pages[1]).articles)
    big5 = tmp_path / "big5.md"
    big5.write_bytes("# 梵語研究\n\n在歐洲，梵語的學術研究，由德國學者開創。".encode("big5"))
    art = reader.read(big5).articles[0]
    assert art.title == "梵語研究" and "德國學者" in art.text
