"""The headless interview engine: `engine.interview` holds the `Interview` and its `Ask`.
Never imports Textual or Rich. Importing a submodule (its errors, say) does not load the
interview, so what only needs to catch an engine error starts fast."""
