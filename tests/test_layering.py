"""The stage packages keep their dependency rules (README, "Module map"), and modules and
functions stay small enough to read: imports are read from the source, lazy ones included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package → what of the project it must never import
FORBIDDEN = {
    "qa/text": ("qa.ingest", "qa.index", "qa.search", "qa.read", "qa.chat", "qa.pipeline", "qa.models", "embeddings", "ui"),
    "qa/ingest": ("qa.read", "qa.search", "qa.chat", "qa.pipeline", "ui"),
    "qa/ingest/pdf": ("qa.index", "qa.read", "qa.search", "qa.chat", "qa.pipeline", "qa.pageview", "embeddings", "ui"),
    "qa/index": ("qa.ingest", "qa.read", "qa.search", "qa.chat", "qa.pipeline", "ui"),
    "qa/read": ("qa.index", "qa.search", "qa.ingest", "qa.chat", "qa.pipeline", "ui"),
    "embeddings": ("qa.text", "qa.ingest", "qa.index", "qa.search", "qa.read", "qa.chat", "qa.pipeline", "qa.models", "ui"),
}
# who may import the chat stage and the rule-based fallback reader
CHAT_IMPORTERS = ("qa/__init__.py", "qa/chat/", "qa/cli.py", "qa/evaluation.py", "qa/mcp_server.py", "qa/remote.py", "ui/")
RULES_IMPORTERS = ("qa/chat/assistant.py", "qa/cli.py", "qa/read/rules.py")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def sources(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_stage_imports_only_what_its_rule_allows(package):
    broken = [f"{p.relative_to(ROOT)} imports {name}" for p in sources(package) for name in imported(p)
              if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package])]
    assert not broken, broken


def test_the_chat_stage_and_the_fallback_reader_have_few_importers():
    for p in sources("qa", "ui", "embeddings"):
        rel = str(p.relative_to(ROOT))
        names = imported(p)
        if any(n.startswith("qa.chat") for n in names):
            assert rel.startswith(CHAT_IMPORTERS), f"{rel} imports the chat stage"
        if any(n.startswith("qa.read.rules") for n in names):
            assert rel in RULES_IMPORTERS, f"{rel} imports the rule-based fallback reader"


def test_modules_and_functions_stay_small():
    too_long = []
    for p in sources("qa", "ui", "embeddings"):
        text = p.read_text(encoding="utf-8")
        if text.count("\n") > 350:
            too_long.append(f"{p.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60:
                too_long.append(f"{p.relative_to(ROOT)}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert not too_long, too_long
