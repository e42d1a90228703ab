"""Parts of one article printed in separate files: an e-paper is often downloaded one PDF per
page (版), so （下转第2版） in one file and （上接第1版） in another are linked once both are in
the index, by date, paper (where both pages print it), page and headline (where the continuation
prints it again). Within one PDF the loader links them already."""

from __future__ import annotations

from qa.index.writer import IndexWriter
from qa.ingest.pdf.loader import same_label
from qa.models import Article


def link_across_files(writer: IndexWriter, added: list[Article]) -> int:
    """Links each newly added part to its other part already in the index (or added with it);
    returns the number of links made. A continuation without a headline takes its first part's."""
    made = 0
    for a in added:
        if not a.date or not (_label_only(a.continued_from) or _label_only(a.continues_to)):
            continue
        issue = writer.issue_articles(a.paper, a.date)
        known = {r["id"] for r in issue}
        for r in issue:
            if r["id"] == a.id:
                continue
            if _label_only(a.continued_from) and a.continued_from not in known and _pairs(origin=r, origin_page=r["page"], part=a):
                _link(writer, r["id"], a.id, r["title"], a.title)
                a.continued_from = r["id"]
                made += 1
            elif _label_only(a.continues_to) and a.continues_to not in known and _pairs(origin=_row(a), origin_page=a.page, part=r):
                _link(writer, a.id, r["id"], a.title, r["title"])
                a.continues_to = r["id"]
                made += 1
    return made


def _label_only(value: str | None) -> bool:
    """A printed page label (一版, 第2版, A3), not yet an article id (16 hex digits)."""
    return bool(value) and not (len(value) == 16 and all(c in "0123456789abcdef" for c in value))


def _row(a: Article) -> dict:
    return {"id": a.id, "page": a.page, "paper": a.paper, "title": a.title, "continued_from": a.continued_from,
            "continues_to": a.continues_to}


def _pairs(origin: dict, origin_page: str | None, part) -> bool:
    """``origin`` says 下转 the part's page, and the part says 上接 the origin's page (and a part
    that prints its headline again prints the same one)."""
    part = part if isinstance(part, dict) else _row(part)
    if part["title"] and origin["title"] and part["title"] != origin["title"]:
        return False
    return (_label_only(origin["continues_to"]) and _label_only(part["continued_from"])
            and same_label(origin["continues_to"], part["page"]) and same_label(part["continued_from"], origin_page))


def _link(writer: IndexWriter, origin_id: str, part_id: str, origin_title: str | None, part_title: str | None) -> None:
    writer.set_article_fields(origin_id, continues_to=part_id)
    fields = {"continued_from": origin_id}
    if not part_title and origin_title:
        fields["title"] = origin_title
    writer.set_article_fields(part_id, **fields)
