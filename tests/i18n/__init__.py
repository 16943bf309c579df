"""Tests of server/i18n: the gettext catalogs and the language a request chooses."""
