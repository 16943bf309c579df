"""Tests of server/store: the build, its inputs, interrupted builds, export, inference."""
