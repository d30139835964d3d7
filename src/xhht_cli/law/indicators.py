"""The indicator registry: ids (the stable contract of spec.md), Vietnamese labels, and for
person-derived indicators the cohort, the denominator base and the fact counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Base = Literal["ppc", "residents", "other"]


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    group: str
    base: Base
    # Person-derived only: ages (inclusive) or "working" for working age; None = 15 and over.
    ages: tuple[int, int | None] | Literal["working"] | None = None
    fact: str | None = None  # boolean fact column counted in the numerator
    recorded: str | None = None  # boolean fact column: anything recorded for the fact
    cohort_filter: str | None = None  # extra fact narrowing the cohort (e.g. "not completed primary")
    sources: tuple[str, ...] = field(default=())  # raw fields: any of them makes the indicator available
    unit_label: str = "người"  # what "needed" counts


EDU = ("current", "grade_completed", "dropout_grade", "diploma")
LIT = EDU + ("literacy_class", "literacy_phase")

G_PCGD = "Phổ cập giáo dục"
G_XMC = "Xóa mù chữ"
G_LL = "Năng lực và trình độ của người dân"
G_INST = "Cơ sở giáo dục"
G_LM = "Mô hình học tập"


def _xmc(level: int, lo: int, hi: int) -> Indicator:
    fact = "literate_l1" if level == 1 else "literate_l2"
    text = "biết chữ mức độ 1 trở lên" if level == 1 else "biết chữ mức độ 2"
    return Indicator(
        f"xmc_l{level}_{lo}_{hi}", f"Tỷ lệ người {lo}–{hi} tuổi {text}", G_XMC, "ppc",
        (lo, hi), fact, "literacy_recorded", sources=LIT,
    )


def _access(lo: int, hi: int, who: str, unit_label: str) -> Indicator:
    """Residents of the band who are disabled and able to learn (a blank yes/no answer kept in, counted as
    unrecorded), and of them those with access to education. Available only with the able-to-learn column."""
    band = f"{lo}" if lo == hi else f"{lo}_{hi}"
    # "able to learn" is the denominator (the criterion is over them); the label stays as short as the others
    return Indicator(f"disabled_access_{band}", f"{who} được tiếp cận giáo dục", G_PCGD,
                     "residents", (lo, hi), "education_access", "access_recorded", "disabled_able_to_learn",
                     sources=("able_to_learn",), unit_label=unit_label)


ACCESS_INDICATORS = ("disabled_access_5", "disabled_access_6_14", "disabled_access_11_18", "disabled_access_15_60")

INDICATORS: tuple[Indicator, ...] = (
    Indicator("mn5_attending", "Trẻ 5 tuổi ra lớp mẫu giáo", G_PCGD, "ppc", (5, 5),
              "attending_preschool", "current_recorded", sources=("current",), unit_label="trẻ"),
    Indicator("mn5_completed", "Trẻ 6 tuổi đã hoàn thành chương trình GDMN", G_PCGD, "ppc", (6, 6),
              "completed_preschool", "preschool_recorded", sources=("diploma", "preschool_completed"),
              unit_label="trẻ"),
    Indicator("mn4_attending", "Trẻ 4 tuổi ra lớp mẫu giáo", G_PCGD, "ppc", (4, 4),
              "attending_preschool", "current_recorded", sources=("current",), unit_label="trẻ"),
    Indicator("th_entry_6", "Trẻ 6 tuổi vào lớp 1", G_PCGD, "ppc", (6, 6),
              "grade1_plus", "edu_recorded", sources=EDU, unit_label="trẻ"),
    Indicator("th_completed_11", "Trẻ 11 tuổi hoàn thành chương trình tiểu học", G_PCGD, "ppc", (11, 11),
              "completed_primary", "edu_recorded", sources=EDU, unit_label="trẻ"),
    Indicator("th_completed_11_14", "Trẻ 11–14 tuổi hoàn thành chương trình tiểu học", G_PCGD, "ppc",
              (11, 14), "completed_primary", "edu_recorded", sources=EDU, unit_label="trẻ"),
    Indicator("th_rest_in_primary_11", "Trẻ 11 tuổi còn lại đang học tiểu học", G_PCGD, "ppc", (11, 11),
              "in_primary", "current_recorded", "not_completed_primary", sources=("current",),
              unit_label="trẻ"),
    Indicator("th_rest_in_primary_11_14", "Trẻ 11–14 tuổi còn lại đang học tiểu học", G_PCGD, "ppc",
              (11, 14), "in_primary", "current_recorded", "not_completed_primary", sources=("current",),
              unit_label="trẻ"),
    Indicator("thcs_graduated_15_18", "Thanh thiếu niên 15–18 tuổi tốt nghiệp THCS", G_PCGD, "ppc", (15, 18),
              "thcs_diploma", "edu_recorded", sources=EDU),
    Indicator("thcs_studying_15_18", "Thanh thiếu niên 15–18 tuổi đang học THPT, GDTX cấp THPT hoặc GDNN",
              G_PCGD, "ppc", (15, 18), "studying_upper", "current_recorded", sources=("current",)),
    _xmc(1, 15, 25), _xmc(1, 15, 35), _xmc(1, 15, 60),
    _xmc(2, 15, 25), _xmc(2, 15, 35), _xmc(2, 15, 60),
    Indicator("ll_information_literacy", "Người trong độ tuổi lao động được trang bị năng lực thông tin", G_LL,
              "residents", "working", "info_literacy", "info_literacy_recorded", sources=("info_literacy",)),
    Indicator("ll_life_skills", "Người trong độ tuổi lao động được trang bị kỹ năng sống", G_LL,
              "residents", "working", "life_skills", "life_skills_recorded", sources=("life_skills",)),
    Indicator("ll_trained_15plus", "Dân số từ 15 tuổi trở lên có trình độ chuyên môn kỹ thuật", G_LL,
              "residents", None, "trained", "qualification_recorded", sources=("qualification",)),
    Indicator("ll_university_15plus", "Dân số từ 15 tuổi trở lên có trình độ đại học trở lên", G_LL,
              "residents", None, "university", "qualification_recorded", sources=("qualification",)),
    Indicator("ll_learning_citizens", "Công dân đạt danh hiệu công dân học tập (từ 15 tuổi)", G_LL,
              "residents", None, "learning_citizen", "learning_citizen_recorded",
              sources=("learning_citizen",)),
    Indicator("inst_digital", "Cơ sở giáo dục hoạt động trên môi trường số", G_INST, "other",
              unit_label="cơ sở"),
    Indicator("clc_it", "Trung tâm học tập cộng đồng ứng dụng CNTT", G_INST, "other", unit_label="trung tâm"),
    Indicator("lm_families", "Gia đình học tập", G_LM, "other", unit_label="hộ"),
    Indicator("lm_clans", "Dòng họ học tập", G_LM, "other", unit_label="dòng họ"),
    Indicator("lm_communities", "Cộng đồng học tập (ấp, khu phố)", G_LM, "other", unit_label="ấp, khu phố"),
    Indicator("lm_units", "Đơn vị học tập", G_LM, "other", unit_label="đơn vị"),
    # Extension: completion of the age-4 programme (Nghị định 277/2025) has no survey column; it can only
    # come from commune tables, so pcgd_mn4 stays provisional until then.
    Indicator("mn4_completed", "Trẻ 5 tuổi đã hoàn thành chương trình mầm non 4 tuổi", G_PCGD, "other",
              unit_label="trẻ"),
    # Universal preschool 3–5 (Nghị định 277/2025): attendance at 3 from the survey; completion of the age-3
    # programme, like that of the age-4 one, only from commune tables.
    Indicator("mn3_attending", "Trẻ 3 tuổi ra lớp mầm non", G_PCGD, "ppc", (3, 3),
              "attending_preschool", "current_recorded", sources=("current",), unit_label="trẻ"),
    Indicator("mn3_completed", "Trẻ 4 tuổi đã hoàn thành chương trình mầm non 3 tuổi", G_PCGD, "other",
              unit_label="trẻ"),
    # Thông tư 07/2016, Điều 2: at least 60% of the disabled persons able to learn have access to education,
    # in every recognition. Appended last (spec.md's order); PPC does not apply: they are the disabled.
    _access(5, 5, "Trẻ khuyết tật 5 tuổi", "trẻ"),
    _access(6, 14, "Trẻ khuyết tật 6–14 tuổi", "trẻ"),
    _access(11, 18, "Người khuyết tật 11–18 tuổi", "người"),
    _access(15, 60, "Người khuyết tật 15–60 tuổi", "người"),
)

BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}
PERSON_INDICATORS: tuple[Indicator, ...] = tuple(i for i in INDICATORS if i.fact is not None)
