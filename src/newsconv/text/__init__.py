"""Text algorithms: script, language and direction detection, control characters."""
