"""Readers: from the workspace's documents to the parts of the domain model."""
