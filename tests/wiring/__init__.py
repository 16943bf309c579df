"""Tests of the wiring (server/app.py, cli.py, serving.py, operations.py): every route under
HEAD, hostile input against the whole server, reliability under load and faults, replicas."""
