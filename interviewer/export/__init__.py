"""Reports and transcripts: Markdown, HTML and JSON. Headless: never imports Textual or Rich."""
