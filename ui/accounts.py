"""Who may log in to ``bulletin-qa serve`` and what they may do: editors add bulletins to the
shared index, readers only ask. Given as ``--auth user:password[:editor|reader]`` (repeatable)
or ``--auth-file`` lines of the same form, so passwords need not appear in a process list."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InvalidInput

ROLES = ("editor", "reader")
LOCAL_USER = "本机用户"  # who an upload is credited to on a loopback server without logins


@dataclass(frozen=True)
class Account:
    user: str
    password: str
    role: str = "editor"

    @property
    def is_editor(self) -> bool:
        return self.role == "editor"


def parse_account(spec: str) -> Account:
    """``user:password`` (an editor: one login keeps what it could do before roles) or
    ``user:password:role``; a password holding ':' is given with its role after it."""
    user, _, rest = spec.strip().partition(":")
    password, role = rest, "editor"
    head, _, last = rest.rpartition(":")
    if head:
        if last not in ROLES:  # a mistyped role must not become part of an editor's password
            raise InvalidInput(f"unknown role {last!r} in --auth for {user!r}: use editor or reader "
                               "(a password with ':' needs the role after it, user:pa:ss:editor)")
        password, role = head, last
    if not user or not password:
        raise InvalidInput(f"--auth takes user:password or user:password:editor|reader, not {spec.split(':')[0]!r}:…")
    return Account(user, password, role)


def load_accounts(specs: list[str] | tuple[str, ...] | str | None = None, auth_file: str | Path | None = None) -> list[Account]:
    """The accounts of ``--auth`` values and of ``--auth-file`` (one per line; # comments)."""
    specs = [specs] if isinstance(specs, str) else list(specs or [])
    if auth_file:
        try:
            lines = Path(auth_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read --auth-file {auth_file} ({exc}); give a UTF-8 file of user:password:role lines") from exc
        specs += [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
    accounts = [parse_account(s) for s in specs]
    names = [a.user for a in accounts]
    if len(set(names)) != len(names):
        raise InvalidInput("each --auth user may be given once")
    return accounts


def check_basic(header: str, accounts: list[Account]) -> Account | None:
    """The account an HTTP Basic ``Authorization`` header logs in, or None."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(encoded).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    found = None
    for a in accounts:  # compare with every account, so the time taken does not tell which names exist
        if secrets.compare_digest(user, a.user) & secrets.compare_digest(password, a.password):
            found = a
    return found
