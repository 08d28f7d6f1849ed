"""Documents that differ only in alias names are validated once (their *shape*), and a
cached verdict never reaches a document whose aliases make it invalid."""

from __future__ import annotations

import httpx
from graphql import parse, print_ast

from directory.db import Database
from schema.query_cache import shape_of
from tests.schema.reads import gql, listing


def keys(source: str) -> tuple[bytes, bytes]:
    found = shape_of(parse(source))
    assert found is not None
    return found


def test_alias_names_do_not_change_the_shape_but_change_the_document() -> None:
    shape_17, document_17 = keys("{ o17: organizations(first: 1) { nodes { id } } }")
    shape_18, document_18 = keys("{ o18: organizations(first: 1) { nodes { id } } }")
    assert shape_17 == shape_18
    assert document_17 != document_18


def test_equal_response_names_stay_equal_and_field_names_stay() -> None:
    distinct = keys("{ organizations(first: 1) { nodes { a: name b: slug } } }")[0]
    same = keys("{ organizations(first: 1) { nodes { c: name c: slug } } }")[0]
    assert distinct != same
    # An alias that is also a field name is that response name: not renamed.
    swapped = keys("{ organizations(first: 1) { nodes { name: slug slug: name } } }")[0]
    plain = keys("{ organizations(first: 1) { nodes { x: slug y: name } } }")[0]
    assert swapped != plain
    assert shape_of(parse("{ __alias0: organizations(first: 1) { totalCount } }")) is None


def test_the_document_is_left_as_it_was() -> None:
    document = parse("{ o1: organizations(first: 1) { nodes { n: name } } }")
    before = print_ast(document)
    shape_of(document)
    assert print_ast(document) == before


async def test_a_valid_shape_does_not_vouch_for_conflicting_aliases(
    db: Database, client: httpx.AsyncClient
) -> None:
    await listing(db, "casa", "Casa")
    valid = await gql(client, "{ organizations(first: 1) { nodes { a: name b: slug } } }")
    assert valid["data"]["organizations"]["nodes"] == [{"a": "Casa", "b": "casa"}]
    renamed = await gql(client, "{ organizations(first: 1) { nodes { p: name q: slug } } }")
    assert renamed["data"]["organizations"]["nodes"] == [{"p": "Casa", "q": "casa"}]
    conflicting = await gql(client, "{ organizations(first: 1) { nodes { c: name c: slug } } }")
    assert "data" not in conflicting
    assert "'c' conflict" in conflicting["errors"][0]["message"]
    assert conflicting["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_the_shape_is_the_text_but_for_renamed_aliases() -> None:
    # Anything else that differs — an argument, a string holding the renaming prefix, a
    # comment — is another shape: an equal shape vouches only for alias names.
    base = keys('{ o1: organizations(first: 1, filter: {search: "a"}) { nodes { id } } }')[0]
    for other in (
        '{ o1: organizations(first: 2, filter: {search: "a"}) { nodes { id } } }',
        '{ o1: organizations(first: 1, filter: {search: "__alias0"}) { nodes { id } } }',
        '{ o1: organizations(first: 1, filter: {search: "a"}) { nodes { id name } } }',
        '{ o1: organizations(first: 1, filter: {search: "a"}) { nodes { id } } } # x',
    ):
        assert keys(other)[0] != base, other
    assert (
        keys('{ zz: organizations(first: 1, filter: {search: "a"}) { nodes { id } } }')[0] == base
    )
    # Parsed without locations (no text to write over): printed, with the same verdicts.
    printed = [
        shape_of(
            parse(f"{{ {a}: organizations(first: 1) {{ nodes {{ id }} }} }}", no_location=True)
        )
        for a in ("o1", "o2")
    ]
    assert printed[0] is not None and printed[1] is not None
    assert printed[0][0] == printed[1][0] and printed[0][1] != printed[1][1]
