"""The line-based front ends: plain text and JSON lines over stdin and stdout."""
