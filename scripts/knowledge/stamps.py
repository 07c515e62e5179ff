#!/usr/bin/env python3
"""Write (or check) every knowledge entry's `verifiedAgainst` stamp from the commits the SDK facts
table recorded: `mcp X.Y.Z (vX.Y.Z <commit>)`, where the tag and its commit are the ones
server/knowledge/exports.json lists under `source.tags` (generate_exports.py reads them from the
python-sdk repository). A stamp is never typed by hand, so it cannot name a commit the table did
not read.

Usage:
    python3 scripts/knowledge/stamps.py             # rewrite stamps that are not canonical
    python3 scripts/knowledge/stamps.py --check     # exit 1 when a stamp is not a recorded tag+commit
    python3 scripts/knowledge/stamps.py --release 2.4.0 SYMBOL...   # re-stamp entries you re-checked

The release an entry was checked against is kept (a re-generated table does not re-verify the
knowledge): only an entry you have checked against a newer release gets `--release`. Post-2.0
`watch` entries are stamped with the release they were checked against (the newest release the
table read when they were written), which says the deprecation is not in that release yet.

NOT for: deciding verdicts, or stamping anything outside the mcp package (third-party facts go in
an entry's `alsoVerifiedAgainst`, by hand).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = [ROOT / "server" / "knowledge" / "auth.json", ROOT / "server" / "knowledge" / "resources.json"]
TABLE = ROOT / "server" / "knowledge" / "exports.json"
CANONICAL = re.compile(r"^mcp (?P<release>\d+\.\d+\.\d+) \(v(?P=release) (?P<commit>[0-9a-f]{40})\)$")
# What a hand-typed stamp said about the release it was checked against: "mcp 2.0.0 ..." names one;
# "mcp 2.0.0 line" / "mcp 2.x" (checked against the newest 2.x release read) name none.
NAMED = re.compile(r"^mcp (?P<release>\d+\.\d+\.\d+)\b(?! line)")
STAMP_LINE = re.compile(r'^(?P<indent>\s*)"verifiedAgainst": (?P<value>"(?:[^"\\]|\\.)*")(?P<comma>,?)$')


def recorded_commits() -> dict[str, str]:
    """Release ("2.0.0") -> the commit its tag pointed at when the table was generated."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    return {t["tag"][1:]: t["commit"] for t in table["source"]["tags"]}


def stamp(release: str, commits: dict[str, str]) -> str:
    if release not in commits:
        raise SystemExit(f"stamps.py: exports.json recorded no tag v{release}")
    return f"mcp {release} (v{release} {commits[release]})"


def newest_v2(commits: dict[str, str]) -> str:
    v2 = [r for r in commits if r.startswith("2.")]
    return max(v2, key=lambda r: tuple(int(p) for p in r.split(".")))


def release_of(old: str, commits: dict[str, str]) -> str:
    """The release an existing stamp says the entry was checked against."""
    m = CANONICAL.match(old) or NAMED.match(old)
    return m.group("release") if m else newest_v2(commits)


def problems(commits: dict[str, str]) -> list[str]:
    out: list[str] = []
    for path in KNOWLEDGE:
        for e in json.loads(path.read_text(encoding="utf-8"))["entries"]:
            m = CANONICAL.match(e["verifiedAgainst"])
            if not m or commits.get(m.group("release")) != m.group("commit"):
                out.append(f"{path.name}: {e['symbol']}: {e['verifiedAgainst']!r} is not a recorded tag+commit")
    return out


def rewrite(commits: dict[str, str], only: set[str] | None, release: str | None) -> int:
    """Rewrite the stamp lines in place (keeps each file's own layout); returns the count changed."""
    changed = 0
    for path in KNOWLEDGE:
        lines = path.read_text(encoding="utf-8").split("\n")
        symbol = None
        for i, line in enumerate(lines):
            sm = re.match(r'^\s*"symbol": "(?P<s>[^"]+)"', line)
            if sm:
                symbol = sm.group("s")
            m = STAMP_LINE.match(line)
            if not m or (only is not None and symbol not in only):
                continue
            old = json.loads(m.group("value"))
            new = stamp(release or release_of(old, commits), commits)
            if new != old:
                lines[i] = f'{m.group("indent")}"verifiedAgainst": {json.dumps(new)}{m.group("comma")}'
                changed += 1
        path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when a stamp is not a recorded tag+commit")
    ap.add_argument("--release", help="stamp the named SYMBOLs with this release (one the table read)")
    ap.add_argument("symbols", nargs="*", help="entries to re-stamp with --release")
    args = ap.parse_args(argv)
    commits = recorded_commits()
    if args.check:
        found = problems(commits)
        print("\n".join(found) if found else "every verifiedAgainst stamp is a recorded tag+commit")
        return 1 if found else 0
    if args.release and not args.symbols:
        ap.error("--release needs the symbols you re-checked")
    n = rewrite(commits, set(args.symbols) if args.release else None, args.release)
    print(f"{n} stamps rewritten")
    left = problems(commits)
    print("\n".join(left), file=sys.stderr)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
