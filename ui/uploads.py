"""Uploaded files: which are accepted, under what name, and where they are kept before ingest."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

ALLOWED_UPLOADS = (".txt", ".pdf", ".jsonl", ".json", ".md", ".html", ".htm")
MAX_FILES = 50  # per upload: a folder of one month's pages, not an archive (that is `bulletin-qa ingest`)


def safe_name(name: str) -> str:
    """A file name with no directory parts and no odd characters."""
    stem = Path(name).name
    cleaned = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", stem).lstrip(".")
    return cleaned or "upload.txt"


def keep_uploads(files, upload_dir: Path, max_mb: int, max_files: int = MAX_FILES) -> tuple[list[Path], list[str]]:
    """Copy the accepted uploads into a new batch folder under ``upload_dir``; returns the kept
    paths and, for each refused file, a line saying why (in Chinese, for the user)."""
    kept, refused = [], []
    batch = upload_dir / time.strftime("%Y%m%d-%H%M%S")
    files = list(files)
    if len(files) > max_files:
        refused.append(f"一次最多上传 {max_files} 个文件：后 {len(files) - max_files} 个未导入，请分批上传。")
        files = files[:max_files]
    for f in files:
        path = Path(f if isinstance(f, str) else f.name)
        name = safe_name(getattr(f, "orig_name", None) or path.name)
        if not name.lower().endswith(ALLOWED_UPLOADS):
            refused.append(f"{name}：不支持的文件类型（可用 {' '.join(ALLOWED_UPLOADS)}）")
            continue
        if path.stat().st_size > max_mb * 1024 * 1024:
            refused.append(f"{name}：超过 {max_mb} MB")
            continue
        batch.mkdir(parents=True, exist_ok=True)
        target = batch / name
        shutil.copyfile(path, target)
        kept.append(target)
    return kept, refused
