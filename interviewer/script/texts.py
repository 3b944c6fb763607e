"""The wording of generated questions: default templates and filling them in."""

from __future__ import annotations

import re
from typing import Any

from interviewer.script.model import Kind

# `{answer:<step id>}` in a plain step's text: that earlier answer, quoted as the interviewee
# gave it (engine.quoting), such as the alternative they named in the questions about it
ANSWER_REF = re.compile(r"\{answer:([^{}]*)\}")
QUOTABLE_KINDS: tuple[Kind, ...] = ("text", "choice", "number", "scale")

DEFAULT_TEMPLATES = {
    "self_rating": "Where would you put {dimension} today? If you're between two levels, "
    "pick the lower one.",
    "pains": "Do any of these sound familiar when it comes to {dimension}?",
    "pain_event": "When this happens, what does it cost you, and how often: “{pain}”?",
    "pain_state": "How much does this hold you back: “{pain}”?",
    "pain_worst": "Of those, which one hurts most?",
    # the two questions a pain point had before pain_event: read, no longer asked
    "pain_frequency": "How often does this happen: “{pain}”?",
    "pain_impact": "And when it does, what does it cost you?",
    "opportunities": "Which of these would make the biggest difference for {dimension}?",
    "clarify": "You rated {dimension} at {self_rating}, and what you described sounds more like "
    "level {level} ({level_name}). What did you have in mind?",
    "contradiction": "Earlier {earlier}, and {later}. Which is true today: does your "
    "{claim} stand, or is it {others}? Pick one, or say it in your own words.",
    "target": "Where do you need {dimension} to be in 12 months?",
    "followup": "Could you say a bit more — perhaps with a recent example?",
}


def template(name: str, templates: dict[str, str], dim_raw: dict[Any, Any] | None) -> str:
    """A dimension's own wording of template `name`, else the script's, else the default."""
    texts = dim_raw.get("texts") if dim_raw is not None else None
    if isinstance(texts, dict) and name in texts:
        return str(texts[name]).strip()
    return str(templates.get(name, DEFAULT_TEMPLATES[name])).strip()


def mid_sentence(name: str) -> str:
    """'Feature engineering' reads 'feature engineering' mid-sentence; 'MLOps' stays as it is."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def fill(text: str, **values: Any) -> str:
    out = text
    for k, v in values.items():
        out = out.replace("{" + k + "}", str(v))
    return out
