"""Write locale/fr/LC_MESSAGES/django.po: the French translations of the libraries the public
site shows (django-allauth) with French typography — typographic apostrophes, a non-breaking
space before « : ; ! ? » — then compile it. The project's own strings are written in French in
the code; only these libraries' catalogues need it. Run again after upgrading them:

    .venv/bin/python scripts/typography_overrides.py
"""

import re
import subprocess
import sys
from pathlib import Path

import allauth

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"]
TARGET = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
APOSTROPHE = re.compile(r"(?<=[A-Za-zÀ-ÿ])'(?=[A-Za-zÀ-ÿ])")
BEFORE_PUNCTUATION = re.compile(r"(?<=[\wÀ-ÿ»)])[ \u00a0]?([:;!?])(?=\s|$|<)")


def fixed(text: str) -> str:
    text = APOSTROPHE.sub("’", text)
    return BEFORE_PUNCTUATION.sub("\u00a0\\1", text)


def entries(path: Path):
    """(header lines, {key: value}) of a .po file, strings unescaped as written."""
    block: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []


def _fields(block):
    fields, current = {}, None
    for line in block:
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            current = match.group(1)
            fields[current] = match.group(2)
        elif current and line.startswith('"'):
            fields[current] += line[1:-1]
    return fields


def main() -> int:
    out = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: fr\\n"',
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
        "",
    ]
    changed = 0
    for source in SOURCES:
        for block in entries(source):
            fields = _fields(block)
            if not fields.get("msgid") or any(line.startswith("#~") for line in block):
                continue
            translations = {k: v for k, v in fields.items() if k.startswith("msgstr")}
            new = {k: fixed(v) for k, v in translations.items()}
            if new == translations or not any(new.values()):
                continue
            changed += 1
            for key in ("msgctxt", "msgid", "msgid_plural"):
                if key in fields:
                    out.append(f'{key} "{fields[key]}"')
            out += [f'{key} "{value}"' for key, value in new.items()]
            out.append("")
    TARGET.write_text("\n".join(out), encoding="utf-8")
    subprocess.run(  # noqa: S603 - gettext's compiler
        ["msgfmt", "--check-format", "-o", str(TARGET.with_suffix(".mo")), str(TARGET)],  # noqa: S607
        check=True,
    )
    print(f"{changed} translations rewritten in {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
