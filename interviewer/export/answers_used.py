"""How the recommendations used the interviewee's own words, as Markdown lines: their top
priority and the area it was read as, what stops a first model and the action that clears it,
the owner roles their answers ruled out, and each metric's target (theirs, or the guide's
benchmark, labelled). Everything said is escaped with `inline`."""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.markdown_text import inline
from interviewer.scoring.findings import Findings


def target_note(target: str, source: str, turn: int | None, benchmark: str) -> str:
    """'target: “deploy lead time under a day”, their own at turn 34; the guide's benchmark:
    minutes', or 'target: minutes, the guide's benchmark', or '' when there is neither."""
    if source == "client":
        note = f"target: “{inline(target)}”, their own at turn {turn}"
        return note + (f"; the guide's benchmark: {inline(benchmark)}" if benchmark else "")
    if source == "guide":
        return f"target: {inline(target)}, the guide's benchmark"
    return ""


def answers_used(found: Findings, names: Mapping[str, str]) -> list[str]:
    """The lines that open the recommendations, one per thing taken from the answers."""
    out = []
    assessed = {f.key for f in found.dimensions}
    stated = found.priority
    if stated is not None:
        said = inline(stated.said.text.rstrip(". "))
        what = "top priority" if stated.role == "top_priority" else "priorities"
        line = f"- Their {what} (turn {stated.said.turn}), “{said}”: "
        area = stated.dimension
        if area is None:
            line += "it names none of the areas, so no action is raised above the others."
        elif area in assessed:
            line += f"read as {inline(names[area])}; its first action leads the list."
        else:
            line += f"read as {inline(names[area])}, an area this session did not assess."
        out.append(line)
    blocker = found.blocker
    if blocker is not None:
        said = inline(blocker.text.rstrip(". "))
        line = f"- What stops a first model (turn {blocker.turn}): “{said}”"
        clears = next(
            (
                n
                for n, a in enumerate(found.actions, 1)
                if any(x.kind == "said" and x.id == "blocker" for x in a.addresses)
            ),
            None,
        )
        out.append(line + (f"; action {clears} addresses it." if clears else "."))
    if found.missing_owners:
        roles = " and no ".join(found.missing_owners)
        out.append(
            f"- Owners are roles the organisation has: by its answers it has no {inline(roles)}, "
            "so that work goes to the next owner the script names for it."
        )
    return out + ([""] if out else [])
