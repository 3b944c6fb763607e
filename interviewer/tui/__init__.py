"""The Textual front end. The only package (with the CLI entry) that imports Textual or Rich."""
