"""The data loaders (course_data/) refuse malformed tables with a message naming file and line."""

import pytest

from microneedling_course.course_data.healing import HealingDataError, load_phases
from microneedling_course.course_data.regulation import (
    JURISDICTIONS,
    RegulationDataError,
    load_timeline,
)
from microneedling_course.course_data.skin import SkinDataError, load_dermis_ultrasound
from microneedling_course.lessons.regulation import JURISDICTION_STYLE

DERMIS_HEADER = "region_id,region,sex,dermis_mm,approximate,method,participants,source\n"
TIMELINE_HEADER = (
    "date,date_precision,jurisdiction,kind,short_label,instrument,event,status_note,source\n"
)


@pytest.fixture
def dermis_csv_with_negative_value(tmp_path):
    path = tmp_path / "dermis.csv"
    path.write_text(
        DERMIS_HEADER + "forehead,Forehead,men,-1.17,no,ultrasound,118 adults,meng2022\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def dermis_csv_with_unknown_group(tmp_path):
    path = tmp_path / "dermis.csv"
    path.write_text(
        DERMIS_HEADER + "forehead,Forehead,adults,1.0,no,ultrasound,118 adults,meng2022\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def phases_csv_ending_before_start(tmp_path):
    path = tmp_path / "phases.csv"
    path.write_text(
        "timeline,order,phase,when_published,what_happens,drawn_start_days,drawn_end_days,"
        "open_ended,sources\n"
        "general,1,Haemostasis,minutes,clot,5,1,no,gurtner2008\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def timeline_with_unknown_jurisdiction(tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text(
        TIMELINE_HEADER + "2020-01-01,day,Atlantis,law,x,x,x,,fda2020guidance\n", encoding="utf-8"
    )
    return path


@pytest.fixture
def timeline_with_bad_date(tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text(
        TIMELINE_HEADER + "10 Nov 2020,day,US (federal),guidance,x,x,x,,fda2020guidance\n",
        encoding="utf-8",
    )
    return path


def test_negative_thickness_is_rejected(dermis_csv_with_negative_value):
    """Does a negative dermis value fail to load, naming the file and line?"""
    with pytest.raises(SkinDataError, match="dermis.csv, line 2"):
        load_dermis_ultrasound(dermis_csv_with_negative_value)


def test_unknown_group_is_rejected(dermis_csv_with_unknown_group):
    """Does a row for a group other than men or women fail to load?"""
    with pytest.raises(SkinDataError, match="sex"):
        load_dermis_ultrasound(dermis_csv_with_unknown_group)


def test_phase_ending_before_it_starts_is_rejected(phases_csv_ending_before_start):
    """Does a healing phase drawn to end before it starts fail to load?"""
    with pytest.raises(HealingDataError, match="line 2"):
        load_phases(phases_csv_ending_before_start)


def test_timeline_rejects_an_unknown_jurisdiction(timeline_with_unknown_jurisdiction):
    """Does a timeline row with an unknown jurisdiction fail to load, naming it?"""
    with pytest.raises(RegulationDataError, match="Atlantis"):
        load_timeline(timeline_with_unknown_jurisdiction)


def test_timeline_rejects_a_non_iso_date(timeline_with_bad_date):
    """Does a date not written as YYYY-MM-DD fail to load, naming the line?"""
    with pytest.raises(RegulationDataError, match="line 2"):
        load_timeline(timeline_with_bad_date)


def test_every_known_jurisdiction_has_a_figure_style():
    """Does the regulation figure have a marker for exactly the jurisdictions the loader accepts?"""
    assert set(JURISDICTION_STYLE) == set(JURISDICTIONS)
