"""Derived HSDS ids are UUIDv5 of their parts and never change between releases."""

from __future__ import annotations

import uuid

from directory.hsds.ids import HSDS_NAMESPACE, derived_id


def test_a_derived_id_is_the_uuid5_of_its_joined_parts() -> None:
    owner = uuid.UUID("0b7d2a4e-1c3f-4e5a-8b6c-7d8e9f0a1b2c")
    for parts in (
        ("language", owner, "es"),
        ("schedule", owner, 0, "MO,TU", "09:00"),
        ("attribute", owner, "service_category", "refugio ñandú"),
        ("taxonomy", "population"),
    ):
        expected = str(uuid.uuid5(HSDS_NAMESPACE, ":".join(str(p) for p in parts)))
        assert derived_id(*parts) == expected


def test_derived_ids_are_stable_across_releases() -> None:
    # published ids partners store: a change here breaks their links
    assert derived_id("taxonomy", "service_category") == "46eeb35b-2651-55c0-be94-b47b84082c91"
    assert uuid.UUID(derived_id("x")).version == 5
