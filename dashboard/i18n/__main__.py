"""`python -m dashboard.i18n check|update|readme`: keep the Welsh catalogue whole.

check   exit 1 when a message is missing, untranslated, unused or has other {fields} than its English
update  add the source's new messages to the catalogue (flagged for review), drop the unused
readme  rewrite docs/translations.md, the list of translations awaiting review
"""

from __future__ import annotations

import sys

from dashboard.config import PROJECT_DIR
from dashboard.i18n.tools import problems, update, with_review_section


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        added, dropped = update()
        print(f"catalogue: {added} messages added (untranslated, flagged for review), {dropped} unused dropped")
        return 0
    if command == "readme":
        readme = PROJECT_DIR / "docs" / "translations.md"
        readme.write_text(with_review_section(readme.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if command != "check":
        print(__doc__, file=sys.stderr)
        return 2
    found = problems()
    for name, messages in vars(found).items():
        for message in messages:
            print(f"{name}: {message!r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
