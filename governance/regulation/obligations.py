"""The obligations each classification brings, with the article, the date it applies from (Art. 113 for the
EU; the Act's entry into force for Korea), how its status is found (computed from the product's records, or
attested by a person) and its NIST AI RMF 1.0 tags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

EU_HIGH_FROM = (
    "Annex III systems: 2 Aug 2026; Annex I (Art. 6(1)) systems: 2 Aug 2027 (Art. 113, third para., (c)). "
    "Regulation (EU) 2026/1744 defers these to 2 Dec 2027 and 2 Aug 2028."
)
EU_ART50_FROM = "2 Aug 2026 (Art. 113, general date of application)"
EU_ART5_FROM = "2 Feb 2025 (Art. 113, third para., (a))"
EU_CH9_FROM = "2 Aug 2026 (Art. 113); binds only high-risk systems, so in practice from the high-risk dates"
KR_FROM = "22 Jan 2026 (entry into force, Addenda Art. 1)"


@dataclass(frozen=True)
class Situation:
    """What the applicability rules read: both classifications' effective categories, roles and flags."""

    eu_category: str = ""
    eu_role: str = ""
    eu_flags: tuple[str, ...] = ()
    eu_annex_iii: tuple[str, ...] = ()
    eu_public_deployer: bool = False
    kr_category: str = ""
    kr_flags: tuple[str, ...] = ()

    @property
    def eu_high(self) -> bool:
        return self.eu_category == "high"

    @property
    def kr_high_impact(self) -> bool:
        return self.kr_category == "high_impact"


@dataclass(frozen=True)
class Obligation:
    key: str
    framework: str
    title: str
    citation: str
    applies_from: str
    applies: Callable[[Situation], bool]
    evidence: str = ""  # the name of the computation in evidence.py; empty: attested only
    best_effort: bool = False  # a duty to endeavour (Korea Art. 35): shown, never blocks the gate
    nist: tuple[str, ...] = ()
    characteristics: tuple[str, ...] = ()
    title_ko: str = ""  # Korean beside the English (issue 25), read through foundation.i18n.localized
    applies_from_ko: str = ""


def _eu_provider(s: Situation) -> bool:
    return s.eu_high and s.eu_role == "provider"


def _eu_deployer(s: Situation) -> bool:
    return s.eu_high and s.eu_role == "deployer"


def _fria(s: Situation) -> bool:
    """Art. 27(1): public-law deployers and private ones providing public services (Annex III except point 2),
    and deployers of Annex III 5(b) and 5(c) systems."""
    if not _eu_deployer(s):
        return False
    other_than_2 = any(p != "2" for p in s.eu_annex_iii)
    return (s.eu_public_deployer and other_than_2) or bool({"5b", "5c"} & set(s.eu_annex_iii))


def _kr_notice(s: Situation) -> bool:
    return s.kr_high_impact or "generative" in s.kr_flags


VR, SAFE, SEC = "valid_reliable", "safe", "secure_resilient"
ACC, EXP, PRIV, FAIR = "accountable_transparent", "explainable_interpretable", "privacy_enhanced", "fair"

OBLIGATIONS: tuple[Obligation, ...] = (
    Obligation(
        "eu_art5",
        "eu_ai_act",
        "Prohibited practice: may not be placed on the market, put into service or used",
        "Art. 5(1)",
        EU_ART5_FROM,
        lambda s: s.eu_category == "prohibited",
        nist=("GOVERN 1.1", "MAP 1.1"),
        characteristics=(SAFE, ACC),
    ),
    Obligation(
        "eu_art9",
        "eu_ai_act",
        "Risk management system",
        "Art. 9",
        EU_HIGH_FROM,
        _eu_provider,
        "risk_register",
        nist=("MAP 5.1", "MANAGE 1.2", "MANAGE 1.3", "GOVERN 1.5"),
        characteristics=(SAFE, VR),
    ),
    Obligation(
        "eu_art10",
        "eu_ai_act",
        "Data and data governance",
        "Art. 10",
        EU_HIGH_FROM,
        _eu_provider,
        "data_governance",
        nist=("MAP 4.1", "MEASURE 2.10", "GOVERN 6.1"),
        characteristics=(PRIV, FAIR),
    ),
    Obligation(
        "eu_art11",
        "eu_ai_act",
        "Technical documentation (Annex IV)",
        "Art. 11, Annex IV",
        EU_HIGH_FROM,
        _eu_provider,
        "technical_documentation",
        nist=("MAP 2.2", "GOVERN 1.4"),
        characteristics=(ACC,),
    ),
    Obligation(
        "eu_art12",
        "eu_ai_act",
        "Record-keeping (automatic logs)",
        "Art. 12",
        EU_HIGH_FROM,
        _eu_provider,
        "record_keeping",
        nist=("MEASURE 2.8", "GOVERN 1.6"),
        characteristics=(ACC,),
    ),
    Obligation(
        "eu_art13",
        "eu_ai_act",
        "Transparency and information to deployers",
        "Art. 13",
        EU_HIGH_FROM,
        _eu_provider,
        "instructions_for_use",
        nist=("MAP 2.2", "MEASURE 2.9"),
        characteristics=(ACC, EXP),
    ),
    Obligation(
        "eu_art14",
        "eu_ai_act",
        "Human oversight",
        "Art. 14",
        EU_HIGH_FROM,
        _eu_provider,
        "human_oversight",
        nist=("GOVERN 3.2", "MAP 3.5"),
        characteristics=(SAFE, ACC),
    ),
    Obligation(
        "eu_art15",
        "eu_ai_act",
        "Accuracy, robustness and cybersecurity",
        "Art. 15",
        EU_HIGH_FROM,
        _eu_provider,
        "accuracy",
        nist=("MEASURE 2.3", "MEASURE 2.5", "MEASURE 2.7", "MEASURE 2.11"),
        characteristics=(VR, SEC, FAIR),
    ),
    Obligation(
        "eu_art17",
        "eu_ai_act",
        "Quality management system",
        "Art. 17",
        EU_HIGH_FROM,
        _eu_provider,
        "quality_management",
        nist=("GOVERN 1.2", "GOVERN 4.1"),
        characteristics=(ACC,),
    ),
    Obligation(
        "eu_art26",
        "eu_ai_act",
        "Deployer duties (use per instructions, oversight, input data, monitoring, logs)",
        "Art. 26",
        EU_HIGH_FROM,
        _eu_deployer,
        "deployer_duties",
        nist=("GOVERN 3.2", "MANAGE 4.1"),
        characteristics=(ACC, SAFE),
    ),
    Obligation(
        "eu_art27",
        "eu_ai_act",
        "Fundamental-rights impact assessment",
        "Art. 27",
        EU_HIGH_FROM,
        _fria,
        nist=("MAP 1.1", "MAP 5.1"),
        characteristics=(FAIR, PRIV),
    ),
    Obligation(
        "eu_art72",
        "eu_ai_act",
        "Post-market monitoring",
        "Art. 72",
        EU_CH9_FROM,
        _eu_provider,
        "post_market_monitoring",
        nist=("MANAGE 4.1", "MEASURE 2.4"),
        characteristics=(VR, SAFE),
    ),
    Obligation(
        "eu_art73",
        "eu_ai_act",
        "Reporting of serious incidents",
        "Art. 73",
        EU_CH9_FROM,
        _eu_provider,
        nist=("MANAGE 4.3", "GOVERN 4.3"),
        characteristics=(ACC, SAFE),
    ),
    Obligation(
        "eu_art50",
        "eu_ai_act",
        "Transparency to people (AI interaction, synthetic content, emotion or "
        "biometric categorisation, deep fakes)",
        "Art. 50",
        EU_ART50_FROM,
        lambda s: s.eu_category in ("limited", "high") and bool(s.eu_flags),
        nist=("MEASURE 2.8", "GOVERN 4.2"),
        characteristics=(ACC, EXP),
    ),
    Obligation(
        "kr_art34_1",
        "kr_ai_basic_act",
        "Risk management plan (established and operated)",
        "Art. 34(1) item 1",
        KR_FROM,
        lambda s: s.kr_high_impact,
        "risk_register",
        nist=("MAP 5.1", "MANAGE 1.3"),
        characteristics=(SAFE,),
    ),
    Obligation(
        "kr_art34_2",
        "kr_ai_basic_act",
        "Explanation of results, main criteria and training data overview",
        "Art. 34(1) item 2",
        KR_FROM,
        lambda s: s.kr_high_impact,
        "explanation",
        nist=("MEASURE 2.9", "MAP 2.2"),
        characteristics=(EXP, ACC),
    ),
    Obligation(
        "kr_art34_3",
        "kr_ai_basic_act",
        "User protection measures",
        "Art. 34(1) item 3",
        KR_FROM,
        lambda s: s.kr_high_impact,
        nist=("MEASURE 2.6", "GOVERN 5.1"),
        characteristics=(SAFE, PRIV),
    ),
    Obligation(
        "kr_art34_4",
        "kr_ai_basic_act",
        "Human management and supervision",
        "Art. 34(1) item 4",
        KR_FROM,
        lambda s: s.kr_high_impact,
        "human_oversight",
        nist=("GOVERN 3.2", "MAP 3.5"),
        characteristics=(SAFE, ACC),
    ),
    Obligation(
        "kr_art34_5",
        "kr_ai_basic_act",
        "Documents confirming the safety and reliability measures, kept",
        "Art. 34(1) item 5",
        KR_FROM,
        lambda s: s.kr_high_impact,
        "record_keeping",
        nist=("GOVERN 1.4", "GOVERN 1.6"),
        characteristics=(ACC,),
    ),
    Obligation(
        "kr_art35",
        "kr_ai_basic_act",
        "Impact assessment on fundamental rights (best efforts)",
        "Art. 35",
        KR_FROM,
        lambda s: s.kr_high_impact,
        best_effort=True,
        nist=("MAP 1.1", "MAP 5.1"),
        characteristics=(FAIR, PRIV),
    ),
    Obligation(
        "kr_art31",
        "kr_ai_basic_act",
        "Advance notice to users; generative output labelled; realistic virtual output indicated",
        "Art. 31(1)-(3)",
        KR_FROM,
        _kr_notice,
        nist=("MEASURE 2.8", "GOVERN 4.2"),
        characteristics=(ACC,),
    ),
)

BY_KEY = {o.key: o for o in OBLIGATIONS}


def applicable(situation: Situation) -> list[Obligation]:
    return [o for o in OBLIGATIONS if o.applies(situation)]


def situation_from(*, eu: Any | None, kr: Any | None, tier: str = "") -> Situation:
    """Build the Situation from the two Classification rows (either may be missing). Without an EU
    classification the hand-set tier stands in; without a known role (legacy) the provider's full set of
    obligations applies, the stricter reading."""
    from .content import answer_value

    answers = eu.answers if eu is not None else {}
    hand_set = {"unacceptable": "prohibited"}.get(tier, tier)
    return Situation(
        eu_category=eu.category if eu is not None else hand_set,
        eu_role=(eu.role if eu is not None else "") or "provider",
        eu_flags=tuple(eu.flags) if eu is not None else (),
        eu_annex_iii=tuple(answer_value(answers, "annex_iii") or ()),
        eu_public_deployer=answer_value(answers, "fria_public") is True,
        kr_category=kr.category if kr is not None else "",
        kr_flags=tuple(kr.flags) if kr is not None else (),
    )


# The Korean of each obligation, in the laws' Korean terms (AI 기본법's own; the EU AI Act's as Korean
# commentary renders them), and of each application date.
TITLES_KO = {
    "eu_art5": "금지된 AI 관행: 시장 출시, 서비스 개시 또는 사용 불가",
    "eu_art9": "위험관리 시스템",
    "eu_art10": "데이터 및 데이터 거버넌스",
    "eu_art11": "기술 문서(부속서 IV)",
    "eu_art12": "기록 보관(자동 로그)",
    "eu_art13": "투명성 및 배포자에 대한 정보 제공",
    "eu_art14": "인간 감독",
    "eu_art15": "정확성, 견고성 및 사이버 보안",
    "eu_art17": "품질관리 시스템",
    "eu_art26": "배포자의 의무(사용 지침 준수, 감독, 입력 데이터, 모니터링, 로그)",
    "eu_art27": "기본권 영향평가",
    "eu_art72": "시판 후 모니터링",
    "eu_art73": "중대한 사고 보고",
    "eu_art50": "사람에 대한 투명성(AI와의 상호작용, 합성 콘텐츠, 감정 인식 또는 생체인식 분류, 딥페이크)",
    "kr_art34_1": "위험관리방안의 수립·운영",
    "kr_art34_2": "인공지능이 도출한 최종결과, 주요 기준, 학습용데이터의 개요 등에 대한 설명 방안",
    "kr_art34_3": "이용자 보호 방안",
    "kr_art34_4": "고영향 인공지능에 대한 사람의 관리·감독",
    "kr_art34_5": "안전성·신뢰성 확보 조치의 내용을 확인할 수 있는 문서의 작성과 보관",
    "kr_art35": "기본권에 미치는 영향 평가(노력 의무)",
    "kr_art31": "이용자에 대한 사전 고지, 생성형 인공지능 결과물 표시, 실제와 구분하기 어려운 가상 결과물 "
    "고지",
}
APPLIES_FROM_KO = {
    EU_HIGH_FROM: "부속서 III 시스템: 2026년 8월 2일, 부속서 I(제6조제1항) 시스템: 2027년 8월 2일(제113조 "
    "제3단 (c)). 규정 (EU) 2026/1744에 따라 각각 2027년 12월 2일과 2028년 8월 2일로 연기됨.",
    EU_ART50_FROM: "2026년 8월 2일(제113조, 일반 적용일)",
    EU_ART5_FROM: "2025년 2월 2일(제113조 제3단 (a))",
    EU_CH9_FROM: "2026년 8월 2일(제113조). 고위험 시스템에만 적용되므로 실제로는 고위험 적용일부터",
    KR_FROM: "2026년 1월 22일(시행일, 부칙 제1조)",
}
OBLIGATIONS = tuple(
    replace(o, title_ko=TITLES_KO.get(o.key, ""), applies_from_ko=APPLIES_FROM_KO.get(o.applies_from, ""))
    for o in OBLIGATIONS
)
