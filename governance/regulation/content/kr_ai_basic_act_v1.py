"""Korea's AI Basic Act (Framework Act on the Development of Artificial Intelligence and the Establishment of
a Foundation for Trust, in force 2026-01-22), classification questionnaire v1.
Frozen: see content/__init__.py.

High-impact AI (Art. 2(4)) needs both a listed area and a significant effect on, or risk to, life, physical
safety or fundamental rights; generative AI (Art. 2(5)) is a flag beside it.
"""

from __future__ import annotations

from typing import Any

from . import (
    Choice,
    Korean,
    Question,
    Questionnaire,
    Result,
    answer_value,
    reason,
    translated,
    translated_choices,
)

AREAS = (
    Choice("a", "Supply of energy", "Art. 2(4)(a)"),
    Choice("b", "Production of drinking water", "Art. 2(4)(b)"),
    Choice("c", "Provision and use of health care", "Art. 2(4)(c)"),
    Choice("d", "Development and use of medical devices and digital medical products", "Art. 2(4)(d)"),
    Choice("e", "Safe management and operation of nuclear materials and facilities", "Art. 2(4)(e)"),
    Choice(
        "f", "Analysis and use of biometric information for criminal investigation or arrest", "Art. 2(4)(f)"
    ),
    Choice(
        "g",
        "Judgments or evaluations that significantly affect individuals' rights and obligations, such "
        "as hiring and loan screening",
        "Art. 2(4)(g)",
    ),
    Choice(
        "h", "Major operation and management of means, facilities and systems of transport", "Art. 2(4)(h)"
    ),
    Choice(
        "i",
        "Decision-making by the State, local governments or public institutions that affects "
        "citizens (eligibility for, or collection of costs of, public services)",
        "Art. 2(4)(i)",
    ),
    Choice(
        "j", "Evaluation of students in early-childhood, elementary and secondary education", "Art. 2(4)(j)"
    ),
    Choice("k", "Other areas the Enforcement Decree prescribes", "Art. 2(4)(k), Enforcement Decree"),
)

QUESTIONS = (
    Question(
        "kr_role",
        "Role",
        "What is the organisation's role for this model?",
        "Art. 2(7)",
        kind="choice",
        choices=(
            Choice("developer", "AI developer: develops and provides the AI system", "Art. 2(7)(a)"),
            Choice(
                "user_operator",
                "AI user business operator: offers products or services using an AI system another provides",
                "Art. 2(7)(b)",
            ),
        ),
    ),
    Question(
        "kr_areas",
        "High-impact AI (Art. 2(4))",
        "Is it used in any of these areas? (choose none if it is not)",
        "Art. 2(4)",
        kind="multi",
        choices=AREAS,
        required=False,
    ),
    Question(
        "kr_significant",
        "High-impact AI (Art. 2(4))",
        "In that use, may it significantly affect, or "
        "pose a risk to, human life, physical safety or fundamental rights?",
        "Art. 2(4)",
        required=False,
    ),
    Question(
        "kr_generative",
        "Generative AI (Art. 2(5))",
        "Does it imitate the structure and characteristics "
        "of its input data to generate text, sound, images, video or other outputs?",
        "Art. 2(5)",
    ),
    Question(
        "kr_realistic",
        "Generative AI (Art. 2(5))",
        "Does it produce sounds, images or video that are hard to tell from reality?",
        "Art. 31(3)",
        required=False,
    ),
)

CATEGORIES = (
    Choice("high_impact", "High-impact AI", "Art. 2(4)"),
    Choice("not_high_impact", "Not high-impact", ""),
)


# The Act's own Korean (인공지능 발전과 신뢰 기반 조성 등에 관한 기본법, 제2조 제4호 가목-카목 and so on).
KOREAN = Korean(
    texts={
        "kr_role": "이 모델에 대한 조직의 역할은 무엇입니까?",
        "kr_areas": "다음 영역 중 어느 하나에서 활용됩니까? (해당하지 않으면 선택하지 마십시오)",
        "kr_significant": "그 활용에서 사람의 생명, 신체의 안전 및 기본권에 중대한 영향을 미치거나 위험을 "
        "초래할 "
        "우려가 있습니까?",
        "kr_generative": "입력한 데이터의 구조와 특성을 모방하여 글, 소리, 그림, 영상, 그 밖의 다양한 "
        "결과물을 "
        "생성합니까?",
        "kr_realistic": "실제와 구분하기 어려운 가상의 음향, 이미지 또는 영상 등의 결과물을 생성합니까?",
    },
    sections={
        "Role": "역할",
        "High-impact AI (Art. 2(4))": "고영향 인공지능(제2조제4호)",
        "Generative AI (Art. 2(5))": "생성형 인공지능(제2조제5호)",
    },
    choices={
        "developer": "인공지능개발사업자: 인공지능을 개발하여 제공하는 자",
        "user_operator": "인공지능이용사업자: 다른 사업자가 제공한 인공지능을 이용하여 인공지능제품 또는 "
        "인공지능서비스를 제공하는 자",
        "a": "에너지의 공급",
        "b": "먹는물의 생산 공정",
        "c": "보건의료의 제공 및 이용체계의 구축·운영",
        "d": "의료기기 및 디지털의료기기의 개발 및 이용",
        "e": "핵물질과 원자력시설의 안전한 관리 및 운영",
        "f": "범죄 수사나 체포 업무를 위한 생체인식정보의 분석·활용",
        "g": "채용, 대출 심사 등 개인의 권리·의무 관계에 중대한 영향을 미치는 판단 또는 평가",
        "h": "교통수단, 교통시설, 교통체계의 주요한 작동 및 운영",
        "i": "국가, 지방자치단체, 공공기관 등이 사용하는 의사결정으로서 국민에게 영향을 미치는 의사결정"
        "(공공서비스 제공에 필요한 자격 확인 및 결정 또는 비용징수 등)",
        "j": "유아교육·초등교육 및 중등교육에서의 학생 평가",
        "k": "그 밖에 대통령령으로 정하는 영역",
        "high_impact": "고영향 인공지능",
        "not_high_impact": "고영향 인공지능 아님",
    },
)
QUESTIONS = translated(QUESTIONS, KOREAN)
CATEGORIES = translated_choices(CATEGORIES, KOREAN)


def derive(answers: dict[str, Any]) -> Result:
    q = {question.key: question for question in QUESTIONS}
    role = answer_value(answers, "kr_role") or ""
    problems = []
    if role not in ("developer", "user_operator"):
        problems.append("The operator's role is not answered.")
    if answer_value(answers, "kr_generative") not in (True, False):
        problems.append("Unanswered: kr_generative.")
    areas = [a for a in (answer_value(answers, "kr_areas") or []) if a in {c.value for c in AREAS}]
    flags: list[str] = []
    reasons = []
    if answer_value(answers, "kr_generative") is True:
        flags.append("generative")
        reasons.append(reason(q["kr_generative"], "generative AI: advance notice and output labelling"))
    if answer_value(answers, "kr_realistic") is True:
        flags.append("realistic_output")
        reasons.append(
            reason(q["kr_realistic"], "virtual output hard to tell from reality must be indicated")
        )
    if areas and answer_value(answers, "kr_significant") is True:
        cited = ", ".join(c.citation for c in AREAS if c.value in areas)
        why = (
            reason(q["kr_areas"], f"listed area: {cited}"),
            reason(q["kr_significant"], "significant effect on life, safety or fundamental rights"),
        )
        return Result("high_impact", tuple(flags), why + tuple(reasons), role, tuple(problems))
    if areas and answer_value(answers, "kr_significant") not in (True, False):
        problems.append("A listed area is chosen: say whether the effect is significant.")
    return Result("not_high_impact", tuple(flags), tuple(reasons), role, tuple(problems))


QUESTIONNAIRE = Questionnaire(
    framework="kr_ai_basic_act",
    version=1,
    name="Korea AI Basic Act (인공지능 발전과 신뢰 기반 조성 등에 관한 기본법)",
    source="Framework Act on the Development of Artificial Intelligence and the Establishment of a "
    "Foundation "
    "for Trust (in force 2026-01-22): Art. 2(4), 2(5), 2(7), 31, 33-35.",
    categories=CATEGORIES,
    questions=QUESTIONS,
    derive=derive,
    name_ko="인공지능 발전과 신뢰 기반 조성 등에 관한 기본법(AI 기본법)",
)
