"""The type hints catch mistakes: mypy --strict rejects a misspelled member of an answer and a
wrong enum value, a request body without a required key or with a misspelled one, and accepts
the same code spelled right (answers are typed end to end:
resource methods return their TypedDicts, pagers are generic)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

HEADER = """
import atlassian_admin as aa
from atlassian_admin.types import OrganizationMultiDirectoryUser

c = aa.AdminClient("key")
"""

GOOD = """
for u in c.org("o").directory("d").users().search({}).limit(1):
    print(u["accountId"], u["accountStatus"])
user: OrganizationMultiDirectoryUser = {"accountStatus": "active"}
first: aa.Page[OrganizationMultiDirectoryUser] = c.org("o").directory("d").users().search({}).first_page()
c.org("o").directory("d").groups().create({"name": "leavers", "description": "offboarding"})
"""

BAD = """
for u in c.org("o").directory("d").users().search({}).limit(1):
    print(u["acountId"])
user: OrganizationMultiDirectoryUser = {"accountStatus": "actve"}
"""


BAD_BODIES = """
c.org("o").directory("d").groups().create({"description": "no name"})
c.org("o").directory("d").groups().create({"name": "g", "descripton": "typo"})
"""


def mypy(tmp_path: Path, body: str) -> "subprocess.CompletedProcess[str]":
    f = tmp_path / "usage.py"
    f.write_text(textwrap.dedent(HEADER + body))
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(f)], capture_output=True, text=True, timeout=300)


def test_mypy_accepts_right_spelling(tmp_path: Path) -> None:
    r = mypy(tmp_path, GOOD)
    assert r.returncode == 0, r.stdout


def test_mypy_rejects_a_misspelled_member_and_a_wrong_enum_value(tmp_path: Path) -> None:
    r = mypy(tmp_path, BAD)
    assert r.returncode == 1, r.stdout
    assert 'has no key "acountId"' in r.stdout, r.stdout
    assert "Literal['actve']" in r.stdout, r.stdout


def test_mypy_rejects_a_request_body_without_a_required_key_or_with_a_misspelled_one(tmp_path: Path) -> None:
    r = mypy(tmp_path, BAD_BODIES)
    assert r.returncode == 1, r.stdout
    assert 'Missing key "name" for TypedDict "OrganizationCreateGroupBody"' in r.stdout, r.stdout
    assert 'Extra key "descripton" for TypedDict "OrganizationCreateGroupBody"' in r.stdout, r.stdout
