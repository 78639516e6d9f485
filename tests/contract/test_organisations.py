"""Organisations over time: named as they were at the meeting; successors take over; ceased owners flagged."""

from __future__ import annotations

from conftest import load_tiny
from dap_reports.reports.common import queries as q
from dap_reports.reports.status import computations as sr


def test_demo_names_each_organisation_as_it_was(demo):
    assert demo.organisation_name_at("MedCom", "2026-12-31") == "MedCom"
    assert demo.organisation_name_at("MedCom", "2027-01-01") == "Digital Sundhed Danmark"
    assert demo.organisation_name_at("SDS", "2026-10-14") == "Sundhedsdatastyrelsen"
    assert demo.organisation_name_at("SDS", "2027-03-10") == "Digital Sundhed Danmark"
    assert demo.organisation_name_at("MedCom-PS", "2027-01-13").startswith("Digital Sundhed Danmark – programsek")
    assert demo.organisation_name_at("Sundhedsstyrelsen", "2027-06-01") == "Sundhedsstyrelsen"  # by name too
    assert demo.organisation_name_at("XYZ", "2027-06-01") == "XYZ"


def test_participants_at_a_meeting(demo):
    before = q.participants(demo, "2026-10-14")
    after = q.participants(demo, "2027-01-13")
    assert list(before["role"]) == [
        "chair",
        "member",
        "member",
        "member",
        "member",
        "member",
        "secretariat",
        "programme_office",
    ]
    assert {"MedCom", "Sundhedsdatastyrelsen"} <= set(before["name"]) and "Digital Sundhed Danmark" not in set(
        before["name"]
    )
    assert "Digital Sundhed Danmark" in set(after["name"]) and not {"MedCom", "Sundhedsdatastyrelsen"} & set(
        after["name"]
    )
    assert list(after["name"]).count("Digital Sundhed Danmark") == 1  # two members merged into one successor
    header = sr.meeting_header(demo, "2026-10-14")
    assert ("Indenrigs- og Sundhedsministeriet – sekretariatet", "secretariat") in header.participants


def test_a_successor_chain_is_followed(tmp_path):
    def edit(rows):
        rows["organisations"] += [
            {
                "org_id": "A",
                "name": "A",
                "role": "member",
                "valid_from": "",
                "valid_to": "2026-01-31",
                "successor": "B",
            },
            {
                "org_id": "B",
                "name": "B",
                "role": "member",
                "valid_from": "2026-02-01",
                "valid_to": "2026-02-28",
                "successor": "C",
            },
            {"org_id": "C", "name": "C", "role": "member", "valid_from": "2026-03-01", "valid_to": "", "successor": ""},
        ]
        for org in rows["organisations"][:2]:
            org.update(valid_from="", valid_to="", successor="")

    p = load_tiny(tmp_path, edit)
    assert [p.organisation_name_at("A", d) for d in ("2026-01-31", "2026-02-01", "2026-03-11")] == ["A", "B", "C"]


def test_a_project_owned_by_a_ceased_organisation_is_flagged_at_its_meetings(tmp_path):
    def edit(rows):
        rows["organisations"] = [
            {
                "org_id": "ISM",
                "name": "Indenrigs- og Sundhedsministeriet",
                "role": "chair",
                "valid_from": "",
                "valid_to": "",
                "successor": "",
            },
            {
                "org_id": "KL",
                "name": "KL",
                "role": "medlem",
                "valid_from": "",
                "valid_to": "2026-02-28",
                "successor": "NEW",
            },
            {
                "org_id": "NEW",
                "name": "Ny organisation",
                "role": "medlem",
                "valid_from": "2026-03-01",
                "valid_to": "",
                "successor": "",
            },
        ]

    p = load_tiny(tmp_path, edit)
    flagged = [w for w in p.warnings if w.code == "owner_ceased"]
    # P1 is owned by KL, which ceased before the March meeting (not before the January one).
    assert [(w.project_id, w.meeting_date) for w in flagged] == [("P1", "2026-03-11")]
    assert "Ny organisation" in flagged[0].message and flagged[0].column == "owner_org"
    assert ("owner_ceased", "P1") in set(
        zip(sr.data_quality(p, "2026-03-11")["code"], sr.data_quality(p, "2026-03-11")["project_id"], strict=True)
    )


def test_organisation_dates_in_the_wrong_order_are_an_error(tmp_path):
    import pytest

    import dap_reports as dr

    def edit(rows):
        for org in rows["organisations"]:
            org.update(valid_from="", valid_to="", successor="")
        rows["organisations"][1].update(valid_from="2026-05-01", valid_to="2026-01-01")

    with pytest.raises(dr.ValidationFailed) as info:
        load_tiny(tmp_path, edit)
    assert any(p.sheet == "" and p.column == "valid_to" for p in info.value.errors)
