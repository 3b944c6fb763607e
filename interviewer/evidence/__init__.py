"""Hearing evidence in free text: which indicators a sentence speaks to, and whether it says the
practice is present, absent or partly there (reader), from each indicator's `evidence:`
vocabulary in the script. Headless; the lemmatiser is loaded at the first reading."""
