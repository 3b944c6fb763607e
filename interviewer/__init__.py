"""interviewer: an adaptive, chat-style interviewer for MLOps maturity discovery."""

__version__ = "0.1.0"
