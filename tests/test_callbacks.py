"""The web chat's callbacks called as plain functions (no server): a turn, a follow-up read in
context, and undoing that reading with 按原问题回答. The reader is the test fake."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui import callbacks


@pytest.fixture()
def assistant(hashing_index, fake_reader):
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    a = Assistant(Retriever.open(hashing_index), reader=fake_reader)
    yield a
    a.close()


def test_a_turn_a_follow_up_and_its_undo(assistant, fake_reader):
    chat, turns, hits, box, page = callbacks.ask(assistant, "3月25日12345热线直接办理了多少件？", [], [], "", "", "全部", "全部")
    assert page is None  # a text page has no printed page to show
    assert len(chat) == 2 and len(turns) == 1 and box == "" and hits
    chat, turns, _, _, _ = callbacks.ask(assistant, "直接办理了多少件？", chat, turns, "", "", "全部", "全部")
    assert turns[-1]["question"] == "3月25日直接办理了多少件？"  # read in context: it goes on with the last passage
    assert "按上文理解为" in chat[-1]["content"] and "按原问题回答" in chat[-1]["content"]
    chat, turns, _, _, _ = callbacks.ask_as_asked(assistant, chat, turns, "", "", "全部", "全部")
    assert fake_reader.calls[-1][0] == "直接办理了多少件？"  # the same question, as it was asked
    assert len(chat) == 4 and len(turns) == 2 and "按上文理解为" not in chat[-1]["content"]


def test_undo_with_nothing_asked_and_bad_filters(assistant):
    assert callbacks.ask_as_asked(assistant, [], [], "", "", "全部", "全部")[0] == []
    chat, turns, _, box, _ = callbacks.ask(assistant, "格尔木三季度化工行业增长了多少", [], [], "2024/1/1", "", "全部", "全部")
    assert "格式" in chat[-1]["content"] and turns == [] and box == "格尔木三季度化工行业增长了多少"


def test_the_terminal_chat_undoes_a_reading(assistant, fake_reader, monkeypatch, capsys):
    from qa import terminal

    lines = iter(["3月25日12345热线直接办理了多少件？", "直接办理了多少件？", "/原问题"])

    def fake_input(prompt=""):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    assert terminal.chat(assistant, None, as_json=False, color=False) == 0
    asked = [question for question, _ in fake_reader.calls]
    assert asked[0] == "3月25日12345热线直接办理了多少件？" and asked[1] == "3月25日直接办理了多少件？"
    assert asked[-1] == "直接办理了多少件？"  # /原问题: the same question as asked
    assert "/原问题" in capsys.readouterr().out


def test_about_names_papers_and_counts_files_never_listing_hash_names():
    about = callbacks.about_index({"articles": 12, "undated": 11, "sources": ["000_e758a23138851ca3.txt", "西宁晚报", "x.pdf"],
                                   "cities": ["西宁"], "date_from": "2022-11-03", "date_to": "2022-11-03"})
    assert "西宁晚报" in about and "2 个" in about and "e758a" not in about
    assert "2022-11-03 至" not in about and "11 篇未注明日期" in about


def test_only_editors_upload_and_every_citation_names_who_added_the_file(hashing_index, fake_reader, tmp_path):
    """A reader's upload is refused (whatever the page shows); an editor's lands, and an answer
    from it says who added it and when — in the JSON, the chat and the terminal."""
    import html
    import shutil

    from qa.chat.assistant import Assistant
    from qa.search import Retriever
    from qa.terminal import format_answer
    from ui.accounts import LOCAL_USER, load_accounts
    from ui.render import answer_html
    from ui.server import app_options

    index = tmp_path / "index"
    shutil.copytree(hashing_index, index)
    assistant = Assistant(Retriever.open(index), reader=fake_reader)
    upload = tmp_path / "new.jsonl"
    upload.write_text('{"title": "河源镇高原蔬菜节开幕", "text": "河源镇今年种植高原蔬菜1.6万亩。"}\n', encoding="utf-8")
    options = app_options("0.0.0.0", load_accounts(["wang:pw1:editor", "li:pw2:reader"]), upload_dir=tmp_path / "up")
    report, changed = callbacks.add_files(assistant, options, [str(upload)], user="li")
    assert not changed and "编辑" in report
    assert all(c.title != "河源镇高原蔬菜节开幕" for c in assistant.ask("河源镇今年种植高原蔬菜多少亩？").citations)
    report, changed = callbacks.add_files(assistant, options, [str(upload)], user="wang")
    assert changed, report
    answer = assistant.ask("河源镇今年种植高原蔬菜多少亩？")
    top = answer.citations[0]
    assert top.title == "河源镇高原蔬菜节开幕" and top.added_by == "wang" and top.added_at
    assert answer.to_dict()["citations"][0]["added_by"] == "wang"
    assert f"由 wang 于 {top.added_at} 上传" in html.unescape(answer_html(answer))
    assert f"由 wang 于 {top.added_at} 上传" in format_answer(answer, color=False)
    old = assistant.ask("3月25日12345热线直接办理了多少件？").citations[0]
    assert old.added_by is None  # files the owner ingested carry no upload note
    # without logins, only a loopback server takes uploads, credited to this machine's user
    local = app_options("127.0.0.1", [], upload_dir=tmp_path / "up2")
    assert callbacks.may_upload(local, None) and not callbacks.may_upload(app_options("0.0.0.0", []), None)
    assert LOCAL_USER
    assistant.close()


def test_logins_and_their_roles_are_parsed_with_clear_messages(tmp_path):
    from qa.errors import InvalidInput
    from ui.accounts import load_accounts
    from ui.server import app_options

    accounts = load_accounts(["a:p:w:reader", "b:secret"])
    assert [(x.user, x.password, x.role) for x in accounts] == [("a", "p:w", "reader"), ("b", "secret", "editor")]
    f = tmp_path / "users.txt"
    f.write_text("# editors and readers\nwang:pw1:editor\n\nli:pw2:reader\n", encoding="utf-8")
    assert [x.role for x in load_accounts(None, f)] == ["editor", "reader"]
    for bad in (["nopassword"], [":pw"], ["a:1", "a:2"], ["wang:pw:boss"]):
        with pytest.raises(InvalidInput):
            load_accounts(bad)
    with pytest.raises(InvalidInput, match="auth-file"):
        load_accounts(None, tmp_path / "missing.txt")
    with pytest.raises(InvalidInput, match="need logins"):
        app_options("0.0.0.0", [], uploads=True)  # uploads beyond loopback need logins
    readers_only = app_options("0.0.0.0", load_accounts(["li:pw:reader"]))
    assert not readers_only.uploads  # nobody may upload: no tab at all


def test_uploads_are_kept_inside_their_folder_limited_in_size_count_and_type(tmp_path):
    from ui.uploads import keep_uploads

    source = tmp_path / "src"
    source.mkdir()

    class Upload:  # what Gradio hands over: a temp file and the name the browser sent
        def __init__(self, orig_name: str, data: bytes) -> None:
            self.orig_name, self.name = orig_name, str(source / f"tmp{abs(hash(orig_name))}")
            Path(self.name).write_bytes(data)

    folder = tmp_path / "uploads"
    files = [Upload("../../escape.txt", "本报讯 一行。".encode()), Upload("..\\..\\win.txt", b"x"), Upload("/etc/passwd.txt", b"x"),
             Upload("big.txt", b"x" * (2 * 1024 * 1024)), Upload("run.sh", b"x")]
    kept, refused = keep_uploads(files, folder, max_mb=1)
    assert kept and all(p.resolve().is_relative_to(folder.resolve()) for p in kept)
    assert not (tmp_path / "escape.txt").exists() and not any(p.name.startswith(".") for p in kept)
    assert any("超过 1 MB" in r for r in refused) and any("不支持的文件类型" in r for r in refused)
    many = [Upload(f"p{i}.txt", b"x") for i in range(7)]
    kept, refused = keep_uploads(many, folder, max_mb=1, max_files=5)
    assert len(kept) == 5 and "最多上传 5 个文件" in refused[0]
