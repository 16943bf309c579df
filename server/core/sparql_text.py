"""The one lexer of SPARQL text in this code base, and what the endpoint reads with it.

pyoxigraph parses queries for real; `tokenize` only splits text into the tokens SPARQL hides
things in (strings, IRIs, comments, variables, blank-node labels, prefixed names) and the rest,
and `inspect_query` answers, from one pass of it, what the endpoint must know before a query is
handed on: its form, whether it is an update, whether it could call another service, how deep
it nests, and which graphs it may read. The SERVICE answer must never be a false "no", so
anything the scanner cannot match is read as plain code. The rewriting for a remote engine
(backends/remote_text.py) works on the same tokens.

pyoxigraph 0.5 matches keywords without a word boundary: ``SERVICE:x {}``, ``trueSERVICE <x>
{}`` and ``1SERVICE <x> {}`` all call out. So any bare word containing "service", and any
prefixed name whose prefix contains it and that is followed by a group, counts as a call.

>>> inspect_query("PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?o }")
QueryShape(form='SELECT', is_update=False, uses_service=False, depth=1, names_dataset=False, \
may_use_named_graphs=False)
>>> inspect_query("select * { service <http://example.org/sparql> { ?s ?p ?o } }").uses_service
True
>>> inspect_query("SELECT * { { ?s ?p ?o FILTER(!(?o = '{{{')) } }").depth
4
>>> [token.text for token in tokenize("ASK { ?s ex:p 'a } b' } # done")]
['ASK', '{', '?s', 'ex:p', "'a } b'", '}']
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
_TOKEN = re.compile(
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


class Token(NamedTuple):
    """A significant token of SPARQL text (never space or a comment) and where it stands."""

    kind: str  # string, iri, var, bnode, pname, word or other (one character)
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into significant tokens; never fails, unmatched quotes become ``other``."""
    return [
        Token(kind, match.group(), match.start(), match.end())
        for match in _TOKEN.finditer(text)
        if (kind := match.lastgroup) is not None and kind not in ("space", "comment")
    ]


@dataclass(frozen=True)
class QueryShape:
    """What the text of a query or update is, as far as the endpoint and backends need to know."""

    form: QueryForm | None
    is_update: bool
    uses_service: bool
    depth: int  # nesting of groups, brackets and chained `!`
    # A FROM or FROM NAMED clause, which a protocol dataset overrides.
    names_dataset: bool = False
    # False only when no GRAPH keyword can be in it, so its named graphs go unread.
    may_use_named_graphs: bool = False


def inspect_query(text: str) -> QueryShape:
    """Report what ``text`` is, from one pass of the lexer, without parsing it."""
    tokens = tokenize(text)
    uses_service = _calls_service(tokens)
    # SPARQL 1.1 lets \\u escapes stand for any character of the query; pyoxigraph 0.5 does
    # not decode them outside strings, but a parser that does would see a hidden keyword.
    if not uses_service and _CODEPOINT_ESCAPE.search(text):
        uses_service = _calls_service(tokenize(_decode_codepoints(text)))
    heads = _operation_heads(tokens)
    form = _form(heads[0]) if heads else None
    is_update = any(head.upper().startswith(_UPDATES) for head in heads)
    return QueryShape(
        form,
        is_update,
        uses_service,
        _nesting_depth(tokens),
        _names_dataset(tokens),
        _may_use_named_graphs(tokens),
    )


def _nesting_depth(tokens: Sequence[Token]) -> int:
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


def _calls_service(tokens: Sequence[Token]) -> bool:
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


def _operation_heads(tokens: Sequence[Token]) -> list[str]:
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


def _names_dataset(tokens: Sequence[Token]) -> bool:
    """True when the query has a FROM or FROM NAMED clause.

    Outside groups and brackets, a bare word is a keyword, and only FROM starts with "FROM";
    pyoxigraph needs no space after it ("FROMNAMED<g>" is read as FROM NAMED).

    >>> inspect_query("SELECT * FROM <http://example.org/g> { ?s ?p ?o }").names_dataset
    True
    >>> inspect_query("SELECT * { ?s <http://example.org/from> ?o } ORDER BY ?s").names_dataset
    False
    """
    depth = 0
    for token in tokens:
        if token.kind == "other" and token.text in _OPENERS:
            depth += 1
        elif token.kind == "other" and token.text in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and token.kind == "word" and token.text.upper().startswith("FROM"):
            return True
    return False


def _may_use_named_graphs(tokens: Sequence[Token]) -> bool:
    """Like the SERVICE check, any word or prefix containing "graph" counts: a false "yes" only
    costs naming the graphs.

    >>> inspect_query("SELECT ?g { GRAPH ?g { ?s ?p ?o } }").may_use_named_graphs
    True
    >>> inspect_query("SELECT ?s { ?s <http://example.org/graph> ?o }").may_use_named_graphs
    False
    """
    return any(
        "GRAPH" in (token.text if token.kind == "word" else token.text.partition(":")[0]).upper()
        for token in tokens
        if token.kind in ("word", "pname")
    )
