"""The verdict scale's definitions, as rules on what a note's citations say.

Each citation may carry a stance (what the source says about the quoted claim:
`supports`, `contradicts`, `context`). A verdict is only as good as the evidence
under it, so each verdict asks for citations of certain stances, as the site's
"How to read the notes" page defines them:

- `unsupported`: no source supports the claim (a claim someone published is at
  least `disputed`);
- `false`: direct sources contradict it, and none supports it;
- `accurate`: sources support it, and none contradicts it;
- `misleading`, `lacks-context`: some source contradicts it or gives missing context;
- every verdict but `opinion` rests on at least one citation with a stance.

Pure functions; the loader reports a broken rule at the note's `verdict:`. A note
whose citations carry no stance at all was most likely written before stances
existed: `BrokenRule.unstated` lets the loader warn there rather than fail, except
in layers that require stances, so that older sites keep building.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

STANCE_HINT = "add `stance: supports`, `stance: contradicts` or `stance: context` to each citation under `sources:`"


@dataclass(frozen=True)
class BrokenRule:
    rule: str
    message: str
    hint: str
    unstated: bool = False  # no citation of the note has a stance


def _sources(count: int, what: str) -> str:
    return f"{count} cited source{'s' * (count != 1)} {what}"


def verdict_problems(verdict: str | None, stances: Iterable[str | None]) -> list[BrokenRule]:
    """The rules of the verdict scale that `verdict` breaks, given its citations' stances."""
    if not verdict or verdict == "opinion":
        return []
    count = Counter(stance for stance in stances if stance)
    supports, contradicts, context = count["supports"], count["contradicts"], count["context"]
    if not count:
        return [BrokenRule(
            "a verdict rests on evidence", f"verdict {verdict!r} rests on no citation with a stance",
            f"{STANCE_HINT}: what the source says about the quoted claim", unstated=True,
        )]  # fmt: skip
    broken = []
    if verdict == "unsupported" and supports:
        broken.append(BrokenRule(
            "unsupported: no source supports the claim",
            "verdict 'unsupported' says no public source for the claim was found, but "
            f"{_sources(supports, 'support' + 's' * (supports == 1) + ' it')}",
            "a claim with a source behind it is at least 'disputed' (or 'misleading', 'lacks-context'); "
            "or correct the stance if the source does not back the quoted claim",
        ))  # fmt: skip
    if verdict == "false":
        if not contradicts:
            broken.append(BrokenRule(
                "false: a source contradicts the "
                "claim", "verdict 'false' needs a cited source that contradicts the claim",
                "mark the direct source against the claim `stance: contradicts`, or choose a milder verdict",
            ))  # fmt: skip
        if supports:
            broken.append(BrokenRule(
                "false: no source supports the claim",
                f"verdict 'false' needs direct, strong sources against the claim and none for it, but "
                f"{_sources(supports, 'support' + 's' * (supports == 1) + ' it')}",
                "with evidence on both sides, the verdict is 'misleading' or 'disputed'",
            ))  # fmt: skip
    if verdict == "accurate":
        if not supports:
            broken.append(BrokenRule(
                "accurate: a source supports the "
                "claim", "verdict 'accurate' needs a cited source that supports the claim",
                "mark the source that backs the claim `stance: supports`",
            ))  # fmt: skip
        if contradicts:
            broken.append(BrokenRule(
                "accurate: no source contradicts the claim",
                f"verdict 'accurate' needs no source against the claim, but "
                f"{_sources(contradicts, 'contradict' + 's' * (contradicts == 1) + ' it')}",
                "where reliable sources disagree, the verdict is 'disputed'; where they qualify the claim, "
                "'lacks-context'",
            ))  # fmt: skip
    if verdict in ("misleading", "lacks-context") and not (contradicts or context):
        broken.append(BrokenRule(
            f"{verdict}: a source contradicts the claim or gives the missing context",
            f"verdict {verdict!r} needs a cited source that contradicts the claim or gives the context it leaves out",
            "mark that source `stance: contradicts` or `stance: context`; if every source supports the claim, "
            "the verdict is 'accurate'",
        ))  # fmt: skip
    return broken
