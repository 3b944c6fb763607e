"""What an answer's words say about the answer itself: nothing at all ("don't know"), or too
little to go on ("maybe", two words). The engine asks a follow-up on a vague answer, and
scoring and the reports leave such answers unquoted; it sits below all three, on the words
alone."""

from __future__ import annotations

VAGUE_PHRASES = {
    "not sure",
    "unsure",
    "no idea",
    "dunno",
    "idk",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "maybe",
    "it depends",
    "depends",
    "hard to say",
    "n/a",
    "?",
    "pass",
}
# Said instead of an answer: nothing to elaborate on, so a follow-up asking for more detail
# doesn't fit (see `engine.answers.NON_ANSWER_FOLLOWUP`); recorded as typed, with the note
# "non-answer".
NON_ANSWERS = {
    "idk",
    "dunno",
    "no idea",
    "no clue",
    "not sure",
    "unsure",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "do not know",
    "can't say",
    "cant say",
    "n/a",
    "?",
    "pass",
}


def plain_words(text: str) -> str:
    """The words as compared with the phrases: lower case, one space, no closing stop."""
    return " ".join(text.lower().replace("\u2019", "'").strip().strip(".!").split())


def is_vague(text: str) -> bool:
    """Short or non-committal free text: worth one gentle follow-up."""
    t = plain_words(text)
    return t in VAGUE_PHRASES or t in NON_ANSWERS or len(t.split()) <= 2


def is_non_answer(text: str) -> bool:
    """'idk', 'don't know', 'no idea': no answer at all, rather than a short one."""
    return plain_words(text) in NON_ANSWERS
