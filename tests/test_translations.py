"""The zh-hans catalogue is complete and its compiled file is current."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_every_message_is_translated_and_none_is_fuzzy():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    entries = text.split("\n\n")[1:]
    untranslated = [
        e for e in entries if re.search(r'^msgstr(\[0\])? ""\s*$', e.strip().splitlines()[-1]) and "msgid" in e
    ]
    assert not untranslated, untranslated[:5]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
def test_compiled_catalogue_is_current(tmp_path):
    target = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(target), str(LOCALE / "django.po")], check=True)
    assert target.read_bytes() == (LOCALE / "django.mo").read_bytes(), "run `make messages`"
