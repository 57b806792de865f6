"""Use cases: one function per user action, plain Python, callable from the CLI, tests and the window.

Every function takes the store (or a unit of work) and keyword arguments, and returns plain
dataclasses; none imports Qt.
"""
