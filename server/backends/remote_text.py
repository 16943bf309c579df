"""Query text for an engine reached over the SPARQL protocol, which has neither our prefix table
nor pyoxigraph's substitutions.

Three rewrites, each made on the tokens of core/sparql_text.py's lexer (strings, IRIs and
comments are never looked into) and never by pasting a client's text into ours:

* `with_prefixes` declares the predeclared prefixes the query uses and does not declare itself,
  on the query's first line, so the engine's line numbers stay the client's.
* `bind_values` binds variables by a ``VALUES`` block at the start of the WHERE group, written
  from validated pyoxigraph terms (``str(NamedNode(...))`` is a safe ``<iri>``).
* `parse_only_text` turns an ASK into a SELECT, so that a local syntax check never evaluates it
  (pyoxigraph evaluates ASK at once, SELECT lazily).

And one measure: `chain_length` counts the tokens that can lengthen a chain in the engine's
syntax tree (everything but the data of VALUES blocks and IN lists, which stay flat), since an
engine that recurses over that tree can be made to overflow its stack by a long one.

`for_engine` makes what a client's query needs, the measure and two texts, from one lexing.

>>> with_prefixes("SELECT * { ?s a zh:Phase }", {"zh": "https://w3id.org/zhusan/ontology#"})
'PREFIX zh: <https://w3id.org/zhusan/ontology#> SELECT * { ?s a zh:Phase }'
>>> from pyoxigraph import NamedNode
>>> bind_values("SELECT ?o WHERE { ?this ?p ?o }", {"this": NamedNode("https://example.org/a")})
'SELECT ?o WHERE { VALUES (?this) { (<https://example.org/a>) } ?this ?p ?o }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from server.core.sparql_text import Token, tokenize

_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHECK_VARIABLE = "?zhusan_syntax_check"


@dataclass(frozen=True)
class EngineQuery:
    """A client's query as the engine gets it, with what is checked here before it goes."""

    chain: int  # see `chain_length`
    check_text: str  # see `parse_only_text`
    text: str  # see `with_prefixes`


def for_engine(query: str, prefixes: Mapping[str, str]) -> EngineQuery:
    """The chain length, the text to check and the text to send, from one lexing of ``query``.

    >>> for_engine("ASK { ?s a zh:Phase }", {"zh": "https://w3id.org/zhusan/ontology#"})
    ... # doctest: +NORMALIZE_WHITESPACE
    EngineQuery(chain=6, check_text='SELECT (1 AS ?zhusan_syntax_check) { ?s a zh:Phase }',
                text='PREFIX zh: <https://w3id.org/zhusan/ontology#> ASK { ?s a zh:Phase }')
    """
    tokens = tokenize(query)
    return EngineQuery(
        _chain_length(tokens),
        _parse_only_text(query, tokens),
        _with_prefixes(query, tokens, prefixes),
    )


def _after_prologue(tokens: Sequence[Token]) -> tuple[int, set[str]]:
    """Index of the first token after PREFIX and BASE declarations, and the declared prefixes."""
    declared: set[str] = set()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        upper = token.text.upper()
        if token.kind == "word" and upper == "PREFIX" and index + 1 < len(tokens):
            declared.add(tokens[index + 1].text.partition(":")[0])
            index += 3
        elif token.kind == "pname" and upper.startswith("PREFIX"):
            declared.add(token.text[len("PREFIX") :].partition(":")[0])  # "PREFIXex:" glued
            index += 2
        elif token.kind == "word" and upper == "BASE":
            index += 2
        else:
            break
    return index, declared


def with_prefixes(query: str, prefixes: Mapping[str, str]) -> str:
    """``query`` preceded by a declaration of each of ``prefixes`` it uses but leaves undeclared."""
    return _with_prefixes(query, tokenize(query), prefixes)


def _with_prefixes(query: str, tokens: Sequence[Token], prefixes: Mapping[str, str]) -> str:
    _, declared = _after_prologue(tokens)
    used = {t.text.partition(":")[0] for t in tokens if t.kind == "pname"}
    needed = [p for p in prefixes if p in used and p not in declared]
    # On the query's own first line: the engine's line numbers stay those of the client.
    return "".join(f"PREFIX {p}: {NamedNode(prefixes[p])} " for p in needed) + query


def values_block(bindings: Mapping[str, object]) -> str:
    """``VALUES (?a ?b) { (<iri> "literal") }`` from IRIs and literals; anything else is refused."""
    names, terms = [], []
    for name, term in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"not a variable name: {name!r}")
        if not isinstance(term, NamedNode | Literal):
            raise ValueError(f"?{name}: only IRIs and literals can be bound, not {term!r}")
        names.append(f"?{name}")
        terms.append(str(term))  # N-Triples syntax, which SPARQL reads as the same term
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(query: str, bindings: Mapping[str, object]) -> str:
    """``query`` with each variable of ``bindings`` bound to its term for the whole WHERE group.

    The block opens the group, so the group's filters, OPTIONALs and aggregates see the values,
    as with pyoxigraph's substitutions. A group that is itself a sub-SELECT is wrapped first.
    """
    if not bindings:
        return query
    block = values_block(bindings)
    tokens = tokenize(query)
    opening, closing = _where_group(tokens)
    if opening is None or closing is None:
        raise ValueError("the query has no WHERE group to bind values in")
    inner = tokens[opening + 1] if opening + 1 < len(tokens) else None
    start, end = tokens[opening].end, tokens[closing].start
    keyword = tokens[opening - 1]
    if opening >= 2 and [t.text.upper() for t in tokens[opening - 2 : opening]] == [
        "CONSTRUCT",
        "WHERE",
    ]:
        # The short form's group is its template too, which cannot hold VALUES: spell it out.
        head, where = query[: keyword.start], query[keyword.start : start]
        return f"{head}{{{query[start:end]}}} {where} {block}{query[start:]}"
    if inner is not None and inner.kind == "word" and inner.text.upper().startswith("SELECT"):
        return f"{query[:start]} {block} {{{query[start:end]}}}{query[end:]}"
    rest = query[start:]
    return f"{query[:start]} {block}{rest if rest[:1].isspace() else ' ' + rest}"


def _where_group(tokens: Sequence[Token]) -> tuple[int | None, int | None]:
    """Indexes of the braces that open and close the query's WHERE group."""
    index, _ = _after_prologue(tokens)
    if index >= len(tokens):
        return None, None
    head = tokens[index]
    following = tokens[index + 1].text if index + 1 < len(tokens) else ""
    # CONSTRUCT { template } WHERE { … }: the first top-level group is the template.
    wanted = 1 if head.text.upper().startswith("CONSTRUCT") and following == "{" else 0
    parens = braces = 0
    opening: int | None = None
    found = 0
    for position in range(index, len(tokens)):
        token = tokens[position]
        if token.kind != "other":
            continue
        if token.text == "(":
            parens += 1
        elif token.text == ")":
            parens = max(0, parens - 1)
        elif token.text == "{":
            if braces == 0 and parens == 0:  # not a group inside `(EXISTS { … } AS ?x)`
                opening = position
            braces += 1
        elif token.text == "}" and braces > 0:
            braces -= 1
            if braces == 0 and opening is not None:
                if found == wanted:
                    return opening, position
                found, opening = found + 1, None
    return None, None


def parse_only_text(query: str) -> str:
    """The text to check for syntax without evaluating: an ASK becomes a SELECT of a constant.

    >>> parse_only_text("PREFIX ex: <http://example.org/> ASK { ?s ex:p ?o }")
    'PREFIX ex: <http://example.org/> SELECT (1 AS ?zhusan_syntax_check) { ?s ex:p ?o }'
    """
    return _parse_only_text(query, tokenize(query))


def _parse_only_text(query: str, tokens: Sequence[Token]) -> str:
    index, _ = _after_prologue(tokens)
    if index < len(tokens) and tokens[index].kind in ("word", "pname"):
        head = tokens[index]
        if head.text.upper().startswith("ASK"):
            replaced = f"SELECT (1 AS {_CHECK_VARIABLE})"
            return query[: head.start] + replaced + query[head.start + len("ASK") :]
    return query


def chain_length(query: str) -> int:
    """Significant tokens outside VALUES data and IN lists.

    >>> chain_length("SELECT * { VALUES ?x { 1 2 3 4 5 } FILTER(?x IN (1, 2, 3)) }")
    13
    """
    return _chain_length(tokenize(query))


def _chain_length(tokens: Sequence[Token]) -> int:
    count = index = 0
    while index < len(tokens):
        token = tokens[index]
        upper = token.text.upper() if token.kind == "word" else ""
        opener = {"VALUES": "{", "IN": "("}.get(upper)
        if opener:
            start = next(
                (i for i in range(index + 1, len(tokens)) if tokens[i].text == opener), None
            )
            if start is not None:
                count += start - index + 1  # the keyword, its variables and the opening
                index = _closing(tokens, start) + 1
                continue
        count += 1
        index += 1
    return count


def _closing(tokens: Sequence[Token], start: int) -> int:
    """Index of the bracket closing the one at ``start`` (the last token if none does)."""
    opener = tokens[start].text
    closer = "}" if opener == "{" else ")"
    depth = 0
    for index in range(start, len(tokens)):
        text = tokens[index].text if tokens[index].kind == "other" else ""
        if text == opener:
            depth += 1
        elif text == closer:
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1
