"""devbot's edge: Slack, git, files and processes. Imports point bot → generators, never back."""
