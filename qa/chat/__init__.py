"""Conversation: the assistant (search → read → answer with citations), follow-up resolution
and example questions. Rule: the top of the stack; imports any stage, nothing imports it but the
CLI, the app and ``qa/__init__``."""
