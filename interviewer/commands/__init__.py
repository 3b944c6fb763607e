"""The command line's commands, a module per group; `interviewer.cli` parses and dispatches."""
