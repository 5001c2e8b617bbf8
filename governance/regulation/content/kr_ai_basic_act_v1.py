"""Korea's AI Basic Act (Framework Act on the Development of Artificial Intelligence and the Establishment of
a Foundation for Trust, in force 2026-01-22), classification questionnaire v1.
Frozen: see content/__init__.py.

High-impact AI (Art. 2(4)) needs both a listed area and a significant effect on, or risk to, life, physical
safety or fundamental rights; generative AI (Art. 2(5)) is a flag beside it.
"""

from __future__ import annotations

from typing import Any

from . import Choice, Question, Questionnaire, Result, answer_value, reason

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
)
