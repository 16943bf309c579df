"""A lexical look at SPARQL text, enough to decide what the endpoint may run.

pyoxigraph parses queries for real; this module only answers three questions before a query
is handed to it: which query form it is, whether it is an update, and whether it could call
another service. The last answer must never be a false "no", so the scanner only hides text
that SPARQL itself hides (strings, IRIs, comments, variables, blank-node labels and the local
part of prefixed names) and reads anything it cannot match as plain code.

pyoxigraph 0.5 matches keywords without a word boundary: ``SERVICE:x {}``, ``trueSERVICE <x>
{}`` and ``1SERVICE <x> {}`` all call out. So any bare word containing "service", and any
prefixed name whose prefix contains it and that is followed by a group, counts as a call.

>>> inspect_query("PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?o }")
QueryShape(form='SELECT', is_update=False, uses_service=False, depth=1)
>>> inspect_query("select * { service <http://example.org/sparql> { ?s ?p ?o } }").uses_service
True
>>> inspect_query("SELECT * { { ?s ?p ?o FILTER(!(?o = '{{{')) } }").depth
4
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

QueryForm = Literal["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]

_FORMS: tuple[QueryForm, ...] = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# Character classes of the SPARQL 1.1 grammar (section 19.8), kept exact: a wider class would
# hide more text than the parser does.
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_VARNAME_CHARS = _PN_CHARS_U + "0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_CHARS = _VARNAME_CHARS + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"

# Alternatives are tried in order at each position; possessive repeats mimic the PEG parser.
# Dots are left out of local names and blank-node labels, so ``ex:a.SERVICE`` still shows the
# keyword: reading less as a name can only add false alarms, never hide a call.
TOKEN = re.compile(
    rf"""
    (?P<space>\s++)
  | (?P<comment>\#[^\r\n]*+)
  | (?P<string>'''(?:(?:''|')?+(?:[^'\\]|\\.))*+'''
              |\"\"\"(?:(?:\"\"|\")?+(?:[^"\\]|\\.))*+\"\"\"
              |'(?:[^'\\\r\n]|\\.)*+'
              |"(?:[^"\\\r\n]|\\.)*+")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>)
  | (?P<var>[?$][{_PN_CHARS_U}0-9][{_VARNAME_CHARS}]*+)
  | (?P<bnode>_:[{_PN_CHARS_U}0-9][{_PN_CHARS}]*+)
  | (?P<pname>[{_PN_CHARS}]*+:(?:(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:[{_PN_CHARS}:]|{_PLX})*+)?)
  | (?P<word>[{_PN_CHARS}]++)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_SERVICE = re.compile("service", re.IGNORECASE)
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPENERS, _CLOSERS = "{([", "})]"
_IRI_EXPECTED = ("GRAPH", "FROM", "NAMED")


class _Token(NamedTuple):
    kind: str
    text: str


@dataclass(frozen=True)
class QueryShape:
    """What the text of a query or update is, as far as the endpoint needs to know."""

    form: QueryForm | None
    is_update: bool
    uses_service: bool
    depth: int  # nesting of groups, brackets and chained `!`


def inspect_query(text: str) -> QueryShape:
    """Report the form, update-ness, SERVICE use and nesting of ``text`` without parsing it."""
    tokens = _tokens(text)
    uses_service = _calls_service(tokens)
    # SPARQL 1.1 lets \\u escapes stand for any character of the query; pyoxigraph 0.5 does
    # not decode them outside strings, but a parser that does would see a hidden keyword.
    if not uses_service and _CODEPOINT_ESCAPE.search(text):
        uses_service = _calls_service(_tokens(_decode_codepoints(text)))
    heads = _operation_heads(tokens)
    form = _form(heads[0]) if heads else None
    is_update = any(head.upper().startswith(_UPDATES) for head in heads)
    return QueryShape(form, is_update, uses_service, _nesting_depth(tokens))


def _nesting_depth(tokens: Sequence[_Token]) -> int:
    """How deep groups, brackets and chained ``!`` go (strings, IRIs and comments are hidden).

    pyoxigraph parses and evaluates by recursion, so a deep enough query overflows the stack of
    the process evaluating it; the endpoint refuses such text before it gets there.
    """
    deepest = depth = negations = 0
    for token in tokens:
        negations = negations + 1 if token.text == "!" else 0
        if token.kind == "other" and token.text in _OPENERS:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSERS:
            depth = max(0, depth - 1)
        deepest = max(deepest, depth + negations)
    return deepest


def _tokens(text: str) -> list[_Token]:
    """Split ``text`` into significant tokens; never fails, unmatched quotes become ``other``."""
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is not None and kind not in ("space", "comment"):
            tokens.append(_Token(kind, match.group()))
    return tokens


def _calls_service(tokens: Sequence[_Token]) -> bool:
    for index, token in enumerate(tokens):
        if token.kind == "word" and _SERVICE.search(token.text):
            return True
        if token.kind == "pname" and _SERVICE.search(token.text.partition(":")[0]):
            following = tokens[index + 1].text if index + 1 < len(tokens) else "{"
            preceding = tokens[index - 1].text.upper() if index else ""
            # After GRAPH/FROM/NAMED the grammar wants an IRI, so "GRAPH service:g {" is safe.
            if following == "{" and preceding not in _IRI_EXPECTED:
                return True
    return False


def _decode_codepoints(text: str) -> str:
    def decode(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _CODEPOINT_ESCAPE.sub(decode, text)


def _operation_heads(tokens: Sequence[_Token]) -> list[str]:
    """The first word of each operation: the query's, or each one of an update sequence."""
    heads = []
    depth = 0
    at_operation = True
    skip = 0
    for token in tokens:
        if skip:
            skip -= 1
            continue
        if at_operation:
            head = token.text.partition(":")[0] if token.kind == "pname" else token.text
            upper = head.upper()
            if token.kind == "word" and upper == "PREFIX":
                skip = 2  # the prefix name and its IRI
                continue
            if token.kind == "pname" and upper.startswith("PREFIX"):
                skip = 1  # "PREFIXex:" is PREFIX glued to its name; only the IRI follows
                continue
            if token.kind == "word" and upper in ("BASE", "VERSION"):
                skip = 1
                continue
            heads.append(head if token.kind in ("word", "pname") else "")
            at_operation = False
        if token.kind == "other":
            if token.text in _OPENERS:
                depth += 1
            elif token.text in _CLOSERS:
                depth = max(0, depth - 1)
            elif token.text == ";" and depth == 0:
                at_operation = True
    return heads


def _form(head: str) -> QueryForm | None:
    upper = head.upper()
    # No word boundary here either: pyoxigraph reads "SELECTDISTINCT" as SELECT DISTINCT.
    return next((form for form in _FORMS if upper.startswith(form)), None)


def names_dataset(text: str) -> bool:
    """True when the query has a FROM or FROM NAMED clause (which a protocol dataset overrides).

    Outside groups and brackets, a bare word is a keyword, and only FROM starts with "FROM";
    pyoxigraph needs no space after it ("FROMNAMED<g>" is read as FROM NAMED).

    >>> names_dataset("SELECT * FROM <http://example.org/g> { ?s ?p ?o }")
    True
    >>> names_dataset("SELECT * { ?s <http://example.org/from> ?o } ORDER BY ?s")
    False
    """
    depth = 0
    for token in _tokens(text):
        if token.kind == "other" and token.text in _OPENERS:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and token.kind == "word" and token.text.upper().startswith("FROM"):
            return True
    return False


def may_use_named_graphs(text: str) -> bool:
    """False only when no GRAPH keyword can be in the query, so its named graphs go unread.

    Like the SERVICE check, any word or prefix containing "graph" counts: a false "yes" only
    costs naming the graphs.

    >>> may_use_named_graphs("SELECT ?g { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> may_use_named_graphs("SELECT ?s { ?s <http://example.org/graph> ?o }")
    False
    """
    return any(
        "GRAPH" in (token.text if token.kind == "word" else token.text.partition(":")[0]).upper()
        for token in _tokens(text)
        if token.kind in ("word", "pname")
    )
