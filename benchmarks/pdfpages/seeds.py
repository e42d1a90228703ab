"""The two seed pages (qa/sample, text extracted from PDF) typeset again as newspaper PDFs, with a
truth file: their articles (benchmarks/data/seed_stories.json: the articles of the sample index,
as bulletin-qa reads the text pages with the bundled e5, fragments left out) laid out on a grid
under a masthead, every story whole, so the same questions can be asked of both.
The mastheads are stand-ins (the seed text does not print its paper or date): 格尔木日报 for the
page about 格尔木, 西宁晚报 for the page about 西宁, dated the day after the events they report.

    python -m benchmarks.pdfpages.seeds --out /tmp/seed-pdfs
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from benchmarks.pdfpages.generate import Story, photo_file, write_issue

SAMPLE = Path(__file__).resolve().parents[2] / "qa" / "sample"
MASTHEADS = {"000_e758a23138851ca3": ("格尔木日报", (2023, 11, 3)), "003_8a64c8df0c2cca2f": ("西宁晚报", (2024, 3, 27))}


STORIES = Path(__file__).resolve().parents[1] / "data" / "seed_stories.json"


def seed_stories(page: Path) -> list[Story]:
    """A seed page's articles as stories (a continuation keeps its （上接…） and no headline)."""
    items = json.loads(STORIES.read_text(encoding="utf-8"))[page.stem]
    return [Story(None if s["kind"] == "continuation" else s["title"], s["paragraphs"]) for s in items if s["title"] or s["kind"] == "continuation"]


def write_seed_pdfs(out: Path, seed: int = 3) -> list[Path]:
    """``out``/<seed>.pdf and .truth.json for both seed pages; returns the PDFs."""
    out.mkdir(parents=True, exist_ok=True)
    image, written = photo_file(out), []
    for stem, (paper, date) in MASTHEADS.items():
        rng = random.Random(seed)
        path = out / f"{stem}.pdf"
        truth = write_issue(path, seed_stories(SAMPLE / f"{stem}.txt"), rng, None, paper, date, image, whole=True)
        path.with_suffix(".truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    for p in write_seed_pdfs(Path(args.out)):
        print(p)


if __name__ == "__main__":
    main()
