"""A track's state machine as Mermaid that renders: the ids made safe, the names kept as labels."""

from __future__ import annotations

import re

from interviewer.engine.machine import condition_label, diagram
from interviewer.script.model import Track


def mermaid(track: Track) -> str:
    return _safe_ids(diagram(track), track)


def _safe_ids(text: str, track: Track) -> str:
    """Mermaid ids may not contain '.' or '-': keep the names as labels, use safe ids."""
    names = sorted({s.id for s in track.steps}, key=len, reverse=True)
    aliases = {name: "s_" + re.sub(r"[^A-Za-z0-9_]", "_", name) for name in names}
    pattern = re.compile(
        r"(?<![\w.\-\"])(" + "|".join(re.escape(n) for n in names) + r")(?![\w.\-\"])"
    )
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith('state "'):
            label, _, name = stripped[len('state "') :].partition('" as ')
            step = track.index.get(name)
            if step is not None and step.when is not None:
                label = f"{label} (if {condition_label(step.when.source)})"
            line = f'  state "{label}" as {aliases.get(name, name)}'
        elif stripped.startswith("Class "):
            _, name, cls = stripped.split(" ", 2)
            line = f"  class {aliases.get(name, name)} {cls}"
        else:
            line = pattern.sub(lambda m: aliases[m.group(1)], line)
        out.append(line)
    return "\n".join(out) + "\n"
