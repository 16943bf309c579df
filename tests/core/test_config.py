"""Settings: declared once, read from the environment, documented in the README."""

from __future__ import annotations

from dataclasses import fields

import pytest

from server.core.config import SETTINGS, Config, ConfigError, load_config, settings_table

from ..conftest import ROOT


def test_every_setting_is_a_config_field() -> None:
    assert [f.name for f in fields(Config)] == [s.name for s in SETTINGS]


def test_every_setting_has_help_and_an_environment_variable() -> None:
    for setting in SETTINGS:
        assert setting.help.strip()
        assert setting.env == "ZHUSAN_" + setting.name.upper()


def test_readme_lists_every_setting_as_declared() -> None:
    assert settings_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_default_input_dir_is_the_checkout_with_the_build_inputs() -> None:
    inputs = load_config(environ={}).inputs
    assert inputs == ROOT
    assert (inputs / "ontology").is_dir() and any((inputs / "queries").glob("*.rq"))


def test_environment_overrides_defaults() -> None:
    config = load_config(environ={"ZHUSAN_QUERY_TIMEOUT": "2.5", "ZHUSAN_MAX_ROWS": "7"})
    assert config.query_timeout == 2.5
    assert config.max_rows == 7


def test_explicit_overrides_win_over_the_environment() -> None:
    assert load_config({"port": 9}, environ={"ZHUSAN_PORT": "8"}).port == 9


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("ZHUSAN_MAX_ROWS", "many"),
        ("ZHUSAN_QUERY_TIMEOUT", "-1"),
        ("ZHUSAN_BACKEND", "postgres"),
        ("ZHUSAN_BASE", "https://example.org/no-slash"),
    ],
)
def test_unusable_values_are_refused_with_the_variable_named(name: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config(environ={name: raw})


def test_readme_lists_every_predeclared_prefix() -> None:
    from server.core.namespaces import prefix_table

    assert prefix_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_every_cli_command() -> None:
    from server.cli import parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert all(f"zhusan-kg {name}" in readme for name in commands)
