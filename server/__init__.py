"""The Zhusan knowledge graph: build, validate and serve it."""

__version__ = "1.0.0"
