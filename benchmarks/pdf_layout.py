"""PDF layout accuracy on generated newspaper issues (benchmarks/pdfpages/generate.py).

    python -m benchmarks.pdf_layout --issues 120 [--seed 1] [--keep /tmp/pages] [--baseline]

An article is exactly right when one article read from its page has exactly its headline and
exactly its text (kicker, subtitle and body paragraphs; whitespace aside) and nothing else.
Also reported: headline right given the body, captions kept as the article's caption and
captions leaked into a body, continuation links, metadata (paper, date, page), and the time
the layout takes per page (characters read by pypdfium2 included, embedding not).

``--ocr N`` also scans the first N issues (each page rendered at 200 dpi into an image-only PDF)
and reads them through the [ocr] extra: headlines exactly right, body text similarity
(difflib ratio against the truth), seconds a page.

``--baseline`` also scores what a user got before PDFs were read: each page's text as a common
extractor returns it (pdfplumber's ``extract_text``, lines across the whole page width), ingested
as page text by the text segmenter.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.pdfpages.generate import load_stories, photo_file, write_issue
from qa.ingest.pdf.loader import PdfLoader


def compact(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def score_issue(truth: dict, articles: list, stats: dict, by_feature: dict, misses: list) -> None:
    got = {(a.page_boxes.pages()[0] if a.page_boxes else 0, compact(a.text)): a for a in articles}
    by_text = {compact(a.text): a for a in articles}
    found = {}
    for i, t in enumerate(truth["articles"]):
        stats["articles"] += 1
        a = got.get((t["page"], compact(t["text"]))) or by_text.get(compact(t["text"]))
        exact = a is not None and compact(a.title) == compact(t["title"])
        stats["body_right"] += a is not None
        stats["exact"] += exact
        stats["title_given_body"] += exact
        if a is not None:
            found[i] = a
        for f in t["features"]:
            by_feature[f][0] += 1
            by_feature[f][1] += exact
        if t["caption"]:
            stats["captions"] += 1
            stats["caption_kept"] += a is not None and compact(a.caption) == compact(t["caption"])
            stats["caption_leaks"] += any(compact(t["caption"])[:12] in compact(x.text) for x in articles)
        if not exact and len(misses) < 30:
            misses.append({"title": t["title"], "features": t["features"], "text": t["text"][:60]})
        if t["continues_to"] is not None:
            stats["links"] += 1
            nxt = found.get(t["continues_to"]) or by_text.get(compact(truth["articles"][t["continues_to"]]["text"]))
            stats["links_right"] += a is not None and nxt is not None and a.continues_to == nxt.id and nxt.continued_from == a.id
    stats["extra_articles"] += max(0, len(articles) - len(truth["articles"]))
    stats["dates_right"] += sum(a.date == truth["date"] for a in articles)
    stats["papers_right"] += sum(a.paper == truth["paper"] for a in articles)
    stats["pages_right"] += sum(a.page == str(a.page_boxes.pages()[0]) for a in articles if a.page_boxes)
    stats["read"] += len(articles)


def baseline_articles(path: Path, loader) -> list:
    """The page text pdfplumber extracts, read as a text page (the pre-PDF way in)."""
    import pdfplumber

    articles = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            txt = path.with_name(f"{path.stem}-p{number}.txt")
            txt.write_text(page.extract_text() or "", encoding="utf-8")
            for a in loader.read(txt).articles:
                a.page_boxes = type(a.page_boxes)(regions=((number, 0, 0, 0, 0),))
                articles.append(a)
            txt.unlink()
    return articles


def scanned(path: Path, out: Path) -> Path:
    """``path`` as a scan: every page an image at 200 dpi, no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    src = pdfium.PdfDocument(str(path))
    canvas = Canvas(str(out))
    for page in src:
        w, h = page.get_size()
        canvas.setPageSize((w, h))
        canvas.drawImage(ImageReader(page.render(scale=200 / 72).to_pil().convert("L")), 0, 0, w, h)
        canvas.showPage()
    canvas.save()
    src.close()
    return out


def score_ocr(paths: list[Path]) -> None:
    from difflib import SequenceMatcher

    loader = PdfLoader(ocr=True)
    heads = total = pages = 0
    ratios: list[float] = []
    seconds = 0.0
    for path in paths:
        truth = json.loads(path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        scan = scanned(path, path.with_name(path.stem + "-scan.pdf"))
        started = time.perf_counter()
        articles, _ = loader.read(scan, scan.name)
        seconds += time.perf_counter() - started
        pages += truth["pages"]
        for t in truth["articles"]:
            total += 1
            best = max(articles, key=lambda a: SequenceMatcher(None, compact(a.text), compact(t["text"])).quick_ratio(), default=None)
            heads += best is not None and compact(best.title) == compact(t["title"])
            ratios.append(SequenceMatcher(None, compact(best.text), compact(t["text"])).ratio() if best else 0.0)
    print(f"OCR (scans at 200 dpi, {pages} pages, {total} articles): headline exactly right {heads}/{total} = {heads / total:.3f}; "
          f"body text similarity mean {sum(ratios) / len(ratios):.3f}, ≥0.95 for {sum(r >= 0.95 for r in ratios)}/{total}; "
          f"{seconds / pages:.1f} s a page")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--issues", type=int, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="write the PDFs and truth files here")
    ap.add_argument("--baseline", action="store_true", help="also score extracted text read as page text (needs pdfplumber)")
    ap.add_argument("--ocr", type=int, default=0, help="also read the first N issues scanned, through the [ocr] extra")
    args = ap.parse_args()
    out = Path(args.keep or tempfile.mkdtemp(prefix="pdfpages-"))
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    stories = load_stories()
    image = photo_file(out)
    loader = PdfLoader()
    stats: dict = defaultdict(int)
    base: dict = defaultdict(int)
    by_feature: dict = defaultdict(lambda: [0, 0])
    misses: list = []
    text_loader = None
    if args.baseline:
        from qa.ingest.formats import FileLoader

        text_loader = FileLoader()
    pages, seconds = 0, 0.0
    for n in range(args.issues):
        path = out / f"issue{n:03d}.pdf"
        truth = write_issue(path, rng.sample(stories, 40), rng, 2 if rng.random() < 0.5 else 1,
                            rng.choice(["西海都市报", "格尔木日报", "江城晚报", "柴达木日报"]), (2024, rng.randint(1, 12), rng.randint(1, 28)), image)
        path.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        started = time.perf_counter()
        articles, _ = loader.read(path, path.name)
        seconds += time.perf_counter() - started
        pages += truth["pages"]
        score_issue(truth, articles, stats, by_feature, misses)
        if text_loader is not None:
            score_issue(truth, baseline_articles(path, text_loader), base, defaultdict(lambda: [0, 0]), [])
    n = stats["articles"]
    print(f"{args.issues} issues, {pages} pages, {n} articles (seed {args.seed}); files in {out}")
    print(f"exactly right          {stats['exact']}/{n} = {stats['exact'] / n:.3f}")
    print(f"body right             {stats['body_right']}/{n} = {stats['body_right'] / n:.3f}")
    print(f"headline given body    {stats['title_given_body']}/{max(1, stats['body_right'])} = {stats['title_given_body'] / max(1, stats['body_right']):.3f}")
    print(f"captions kept          {stats['caption_kept']}/{stats['captions']}; leaked into a body {stats['caption_leaks']}")
    print(f"continuation links     {stats['links_right']}/{stats['links']}")
    print(f"articles read {stats['read']} (extra {stats['extra_articles']}); date right {stats['dates_right']}, paper right {stats['papers_right']}")
    print(f"page (版次) right       {stats['pages_right']}/{stats['read']}")
    print(f"layout time            {seconds / pages * 1000:.0f} ms a page (pypdfium2 characters included)")
    if text_loader is not None:
        print(f"baseline (pdfplumber text → text segmenter): exactly right {base['exact']}/{base['articles']} = {base['exact'] / n:.3f}")
    print("\nby layout feature (exactly right):")
    for f, (total, right) in sorted(by_feature.items()):
        print(f"  {f:18s} {right:4d}/{total:<4d} {right / total:.3f}")
    if args.ocr:
        score_ocr([out / f"issue{k:03d}.pdf" for k in range(min(args.ocr, args.issues))])
    if misses:
        print("\nfirst misses:")
        for m in misses[:12]:
            print("  ", json.dumps(m, ensure_ascii=False))


if __name__ == "__main__":
    main()
