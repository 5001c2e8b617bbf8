"""EU AI Act (Regulation (EU) 2024/1689), classification questionnaire v1. Frozen: see content/__init__.py.

Order of the derivation (Art. 5, then Art. 6(1) with Annex I, then Art. 6(2) with Annex III and the Art. 6(3)
exceptions, then Art. 50): the first that applies decides the tier; Art. 50 cases are also kept as flags on a
high-risk system, because Art. 50 applies alongside Chapter III.
"""

from __future__ import annotations

from typing import Any

from . import Choice, Question, Questionnaire, Result, answer_value, reason

ROLE = "Role"
ART5 = "Prohibited practices (Art. 5)"
ANNEX_I = "Products under Union harmonisation law (Art. 6(1), Annex I)"
ANNEX_III = "High-risk areas (Art. 6(2), Annex III)"
ART6_3 = "Exceptions for Annex III systems (Art. 6(3), 6(4))"
ART50 = "Transparency (Art. 50)"
ART27 = "Fundamental-rights impact assessment (Art. 27)"

PROHIBITED = (
    (
        "p_manipulation",
        "Art. 5(1)(a)",
        "Does it deploy subliminal, purposefully manipulative or deceptive "
        "techniques that materially distort people's behaviour and cause, or are likely to cause, "
        "significant harm?",
    ),
    (
        "p_vulnerabilities",
        "Art. 5(1)(b)",
        "Does it exploit vulnerabilities of people due to their age, "
        "disability or a specific social or economic situation, materially distorting their behaviour in "
        "a way "
        "that causes or is likely to cause significant harm?",
    ),
    (
        "p_social_scoring",
        "Art. 5(1)(c)",
        "Does it evaluate or classify people over time by their social "
        "behaviour or personal characteristics, with a social score that leads to detrimental or "
        "unfavourable "
        "treatment in unrelated contexts, or treatment that is unjustified or disproportionate?",
    ),
    (
        "p_crime_prediction",
        "Art. 5(1)(d)",
        "Does it assess the risk that a person commits a criminal offence "
        "based solely on profiling or on personality traits and characteristics?",
    ),
    (
        "p_facial_scraping",
        "Art. 5(1)(e)",
        "Does it create or expand facial recognition databases through "
        "untargeted scraping of facial images from the internet or CCTV footage?",
    ),
    (
        "p_emotion_workplace",
        "Art. 5(1)(f)",
        "Does it infer emotions of people in the workplace or in education "
        "institutions, other than for medical or safety reasons?",
    ),
    (
        "p_biometric_categorisation",
        "Art. 5(1)(g)",
        "Does it categorise people by biometric data to deduce or "
        "infer their race, political opinions, trade-union membership, religious or philosophical "
        "beliefs, sex "
        "life or sexual orientation?",
    ),
    (
        "p_realtime_rbi",
        "Art. 5(1)(h)",
        "Is it used for real-time remote biometric identification in publicly "
        "accessible spaces for law enforcement, outside the objectives Art. 5(1)(h)(i)-(iii) allow?",
    ),
)

ANNEX_III_POINTS = (
    Choice("1a", "Remote biometric identification (not verification)", "Annex III 1(a)"),
    Choice("1b", "Biometric categorisation by sensitive or protected attributes", "Annex III 1(b)"),
    Choice("1c", "Emotion recognition", "Annex III 1(c)"),
    Choice(
        "2",
        "Safety component of critical digital infrastructure, road traffic, or the supply of water, "
        "gas, heating or electricity",
        "Annex III 2",
    ),
    Choice("3a", "Education: access or admission to, or assignment to, institutions", "Annex III 3(a)"),
    Choice("3b", "Education: evaluating learning outcomes", "Annex III 3(b)"),
    Choice(
        "3c",
        "Education: assessing the appropriate level of education a person will receive",
        "Annex III 3(c)",
    ),
    Choice("3d", "Education: monitoring prohibited behaviour of students during tests", "Annex III 3(d)"),
    Choice(
        "4a",
        "Employment: recruitment or selection (targeted job ads, analysing and filtering "
        "applications, evaluating candidates)",
        "Annex III 4(a)",
    ),
    Choice(
        "4b",
        "Employment: decisions on terms, promotion or termination, task allocation by behaviour or "
        "traits, monitoring and evaluating performance",
        "Annex III 4(b)",
    ),
    Choice(
        "5a",
        "Public authorities evaluating eligibility for essential public assistance benefits and services",
        "Annex III 5(a)",
    ),
    Choice(
        "5b",
        "Evaluating the creditworthiness of natural persons or establishing their credit score "
        "(not detecting financial fraud)",
        "Annex III 5(b)",
    ),
    Choice(
        "5c", "Risk assessment and pricing for natural persons in life and health insurance", "Annex III 5(c)"
    ),
    Choice(
        "5d",
        "Evaluating and classifying emergency calls, dispatching emergency services, emergency "
        "patient triage",
        "Annex III 5(d)",
    ),
    Choice("6", "Law enforcement uses listed in Annex III 6(a)-(e)", "Annex III 6"),
    Choice("7", "Migration, asylum and border control uses listed in Annex III 7(a)-(d)", "Annex III 7"),
    Choice(
        "8a",
        "Assisting a judicial authority in researching and interpreting facts and the law",
        "Annex III 8(a)",
    ),
    Choice(
        "8b",
        "Influencing the outcome of an election or referendum or people's voting behaviour",
        "Annex III 8(b)",
    ),
)

EXCEPTIONS = (
    ("ex_narrow_procedural", "Art. 6(3)(a)", "Is it intended to perform a narrow procedural task?"),
    (
        "ex_improve_human",
        "Art. 6(3)(b)",
        "Is it intended to improve the result of a previously completed human activity?",
    ),
    (
        "ex_detect_patterns",
        "Art. 6(3)(c)",
        "Is it intended to detect decision-making patterns or deviations "
        "from prior patterns, without replacing or influencing the completed human assessment without proper "
        "human review?",
    ),
    (
        "ex_preparatory",
        "Art. 6(3)(d)",
        "Is it intended to perform a preparatory task to an assessment relevant for the Annex III purposes?",
    ),
)

TRANSPARENCY = (
    (
        "t_interacts",
        "Art. 50(1)",
        "interacts",
        "Is it intended to interact directly with natural persons (a chatbot, a voice assistant)?",
    ),
    (
        "t_synthetic",
        "Art. 50(2)",
        "synthetic_content",
        "Does it generate synthetic audio, image, video or text content?",
    ),
    (
        "t_emotion_biometric",
        "Art. 50(3)",
        "emotion_or_biometric_categorisation",
        "Is it an emotion recognition or biometric categorisation system?",
    ),
    (
        "t_deep_fake",
        "Art. 50(4)",
        "deep_fake",
        "Does it generate or manipulate image, audio or video content "
        "that is a deep fake, or text published to inform the public on matters of public interest?",
    ),
)

QUESTIONS = (
    Question(
        "role",
        ROLE,
        "What is the organisation's role for this model?",
        "Art. 3(3), Art. 3(4)",
        kind="choice",
        choices=(
            Choice(
                "provider",
                "Provider: develops it, or has it developed, and places it on the market or "
                "puts it into service under its own name",
                "Art. 3(3)",
            ),
            Choice(
                "deployer",
                "Deployer: uses a system under its authority in a professional activity",
                "Art. 3(4)",
            ),
        ),
    ),
    *(Question(key, ART5, text, citation) for key, citation, text in PROHIBITED),
    Question(
        "annex_i_product",
        ANNEX_I,
        "Is it a safety component of a product, or itself a product, covered "
        "by the Union harmonisation legislation listed in Annex I (machinery, toys, medical devices, "
        "lifts, radio equipment, vehicles...)?",
        "Art. 6(1)(a), Annex I",
    ),
    Question(
        "annex_i_third_party",
        ANNEX_I,
        "Must that product undergo a third-party conformity assessment under that legislation?",
        "Art. 6(1)(b)",
        required=False,
    ),
    Question(
        "annex_iii",
        ANNEX_III,
        "Is it intended to be used for any of these Annex III purposes? (choose none if it is not)",
        "Art. 6(2), Annex III",
        kind="multi",
        choices=ANNEX_III_POINTS,
        required=False,
    ),
    Question(
        "ex_profiling",
        ART6_3,
        "Does it perform profiling of natural persons (automated evaluation of "
        "personal aspects, GDPR Art. 4(4))? If so, an Annex III system is always high-risk.",
        "Art. 6(3), last subparagraph",
        required=False,
    ),
    *(Question(key, ART6_3, text, citation, required=False) for key, citation, text in EXCEPTIONS),
    Question(
        "art_6_4_record",
        ART6_3,
        "The documented assessment that the system is not high-risk (needed "
        "before it is placed on the market or put into service; it must be registered, Art. 49(2))",
        "Art. 6(4)",
        kind="text",
        required=False,
    ),
    *(Question(key, ART50, text, citation) for key, citation, _flag, text in TRANSPARENCY),
    Question(
        "fria_public",
        ART27,
        "Is the deployer a body governed by public law or a private entity providing public services?",
        "Art. 27(1)",
        required=False,
    ),
)

CATEGORIES = (
    Choice("prohibited", "Prohibited (unacceptable risk)", "Art. 5"),
    Choice("high", "High-risk", "Art. 6"),
    Choice("limited", "Limited risk (transparency)", "Art. 50"),
    Choice("minimal", "Minimal risk", ""),
)


def derive(answers: dict[str, Any]) -> Result:
    q = {question.key: question for question in QUESTIONS}
    yes = {key for key in q if answer_value(answers, key) is True}
    role = answer_value(answers, "role") or ""
    problems = []
    if role not in ("provider", "deployer"):
        problems.append("The role (provider or deployer) is not answered.")
    missing = [
        k
        for k, question in q.items()
        if question.required and question.kind == "yes_no" and answer_value(answers, k) not in (True, False)
    ]
    if missing:
        problems.append(f"Unanswered: {', '.join(missing)}.")
    points = [
        p for p in (answer_value(answers, "annex_iii") or []) if p in {c.value for c in ANNEX_III_POINTS}
    ]
    flags = tuple(flag for key, _c, flag, _t in TRANSPARENCY if key in yes)
    transparency = tuple(
        reason(q[key], f"Art. 50 case: {flag}") for key, _c, flag, _t in TRANSPARENCY if key in yes
    )

    prohibited = [reason(q[key], "a prohibited practice") for key, _c, _t in PROHIBITED if key in yes]
    if prohibited:  # Art. 5 binds whoever places it on the market, puts it into service or uses it
        return Result("prohibited", flags, tuple(prohibited), role, tuple(problems))
    if "annex_i_product" in yes and "annex_i_third_party" in yes:
        why = (
            reason(q["annex_i_product"], "safety component of an Annex I product"),
            reason(q["annex_i_third_party"], "third-party conformity assessment required"),
        )
        return Result("high", flags, why + transparency, role, tuple(problems))
    if points:
        cited = ", ".join(c.citation for c in ANNEX_III_POINTS if c.value in points)
        listed = reason(q["annex_iii"], f"listed: {cited}")
        if "ex_profiling" in yes:
            return Result(
                "high",
                flags,
                (
                    listed,
                    reason(
                        q["ex_profiling"], "profiles natural persons: the Art. 6(3) exceptions do not apply"
                    ),
                    *transparency,
                ),
                role,
                tuple(problems),
            )
        exceptions = [reason(q[key], "exception applies") for key, _c, _t in EXCEPTIONS if key in yes]
        if not exceptions:
            return Result("high", flags, (listed, *transparency), role, tuple(problems))
        if not str(answer_value(answers, "art_6_4_record") or "").strip():
            problems.append(
                "An Annex III system judged not high-risk needs the Art. 6(4) documented assessment."
            )
        exempt = (listed, *exceptions, reason(q["art_6_4_record"], "assessment documented"))
        if transparency:
            return Result("limited", flags, exempt + transparency, role, tuple(problems))
        return Result("minimal", flags, exempt, role, tuple(problems))
    if transparency:
        return Result("limited", flags, transparency, role, tuple(problems))
    return Result("minimal", flags, (), role, tuple(problems))


QUESTIONNAIRE = Questionnaire(
    framework="eu_ai_act",
    version=1,
    name="EU AI Act (Regulation (EU) 2024/1689)",
    source="Regulation (EU) 2024/1689 of 13 June 2024 (Artificial Intelligence Act), OJ L, 12.7.2024: "
    "Art. 3, 5, 6, 27, 50, Annex I, Annex III.",
    categories=CATEGORIES,
    questions=QUESTIONS,
    derive=derive,
)
