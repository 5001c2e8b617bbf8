"""EU AI Act (Regulation (EU) 2024/1689), classification questionnaire v1. Frozen: see content/__init__.py.

Order of the derivation (Art. 5, then Art. 6(1) with Annex I, then Art. 6(2) with Annex III and the Art. 6(3)
exceptions, then Art. 50): the first that applies decides the tier; Art. 50 cases are also kept as flags on a
high-risk system, because Art. 50 applies alongside Chapter III.
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


# In the terms of Korean-language commentary on the Act (고위험 AI 시스템, 제공자, 배포자 ...).
KOREAN = Korean(
    texts={
        "role": "이 모델에 대한 조직의 역할은 무엇입니까?",
        "p_manipulation": "사람의 행동을 실질적으로 왜곡하여 중대한 피해를 일으키거나 일으킬 가능성이 있는 "
        "잠재의식적 기법, 의도적인 조작 기법 또는 기만적 기법을 사용합니까?",
        "p_vulnerabilities": "나이, 장애 또는 특정한 사회적·경제적 상황으로 인한 사람의 취약성을 악용하여, "
        "중대한 "
        "피해를 일으키거나 일으킬 가능성이 있는 방식으로 그 행동을 실질적으로 왜곡합니까?",
        "p_social_scoring": "사회적 행동이나 개인적 특성에 따라 일정 기간 사람을 평가하거나 분류하고, 그 "
        "사회적 "
        "점수가 관련 없는 맥락에서의 불리한 대우 또는 정당하지 않거나 과도한 대우로 이어집니까?",
        "p_crime_prediction": "오로지 프로파일링이나 성격 특성에만 근거하여 어떤 사람이 범죄를 저지를 위험을 "
        "평가합니까?",
        "p_facial_scraping": "인터넷이나 CCTV 영상에서 얼굴 이미지를 무차별적으로 수집하여 얼굴 인식 "
        "데이터베이스를 만들거나 확장합니까?",
        "p_emotion_workplace": "의료 또는 안전상의 이유가 아닌데 직장이나 교육기관에서 사람의 감정을 "
        "추론합니까?",
        "p_biometric_categorisation": "생체인식 데이터로 사람을 분류하여 인종, 정치적 견해, 노동조합 가입 "
        "여부, "
        "종교적·철학적 신념, 성생활 또는 성적 지향을 추론합니까?",
        "p_realtime_rbi": "법 집행을 위해 공개적으로 접근 가능한 장소에서 실시간 원격 생체인식 식별에 "
        "사용되며, "
        "그 목적이 제5조제1항(h)(i)-(iii)에서 허용하는 범위를 벗어납니까?",
        "annex_i_product": "부속서 I에 열거된 EU 조화 법령(기계류, 완구, 의료기기, 승강기, 무선 장비, 차량 "
        "등)의 "
        "적용을 받는 제품의 안전 구성 요소이거나 그 자체가 그러한 제품입니까?",
        "annex_i_third_party": "해당 제품이 그 법령에 따라 제3자 적합성 평가를 받아야 합니까?",
        "annex_iii": "다음 부속서 III 용도 중 어느 하나에 사용될 예정입니까? (해당하지 않으면 선택하지 "
        "마십시오)",
        "ex_profiling": "자연인에 대한 프로파일링(개인적 측면의 자동화된 평가, GDPR 제4조제4호)을 "
        "수행합니까? "
        "그렇다면 부속서 III 시스템은 언제나 고위험입니다.",
        "ex_narrow_procedural": "좁은 범위의 절차적 작업을 수행하기 위한 것입니까?",
        "ex_improve_human": "이전에 완료된 사람의 활동 결과를 개선하기 위한 것입니까?",
        "ex_detect_patterns": "의사결정 패턴이나 기존 패턴으로부터의 이탈을 탐지하기 위한 것으로, 적절한 "
        "사람의 "
        "검토 없이 완료된 사람의 평가를 대체하거나 그에 영향을 주지 않습니까?",
        "ex_preparatory": "부속서 III 용도와 관련된 평가의 준비 작업을 수행하기 위한 것입니까?",
        "art_6_4_record": "시스템이 고위험이 아니라는 문서화된 평가(시장 출시나 서비스 개시 전에 필요하며, "
        "제49조제2항에 따라 등록해야 함)",
        "t_interacts": "자연인과 직접 상호작용하기 위한 것입니까(챗봇, 음성 비서 등)?",
        "t_synthetic": "합성 오디오, 이미지, 영상 또는 텍스트 콘텐츠를 생성합니까?",
        "t_emotion_biometric": "감정 인식 시스템 또는 생체인식 분류 시스템입니까?",
        "t_deep_fake": "딥페이크에 해당하는 이미지, 오디오 또는 영상 콘텐츠를 생성하거나 조작합니까? 또는 "
        "공익에 "
        "관한 사항을 대중에게 알리기 위해 게시되는 텍스트를 생성하거나 조작합니까?",
        "fria_public": "배포자가 공법의 적용을 받는 기관이거나 공공서비스를 제공하는 민간 기관입니까?",
    },
    sections={
        ROLE: "역할",
        ART5: "금지된 AI 관행(제5조)",
        ANNEX_I: "EU 조화 법령의 적용을 받는 제품(제6조제1항, 부속서 I)",
        ANNEX_III: "고위험 분야(제6조제2항, 부속서 III)",
        ART6_3: "부속서 III 시스템의 예외(제6조제3항, 제4항)",
        ART50: "투명성(제50조)",
        ART27: "기본권 영향평가(제27조)",
    },
    choices={
        "provider": "제공자: 시스템을 개발하거나 개발하게 하여 자신의 이름으로 시장에 출시하거나 서비스를 "
        "개시하는 자",
        "deployer": "배포자: 자신의 권한하에 직업 활동에서 시스템을 사용하는 자",
        "1a": "원격 생체인식 식별(검증 제외)",
        "1b": "민감하거나 보호되는 속성에 따른 생체인식 분류",
        "1c": "감정 인식",
        "2": "핵심 디지털 인프라, 도로 교통, 또는 수도·가스·난방·전기 공급의 안전 구성 요소",
        "3a": "교육: 교육기관에 대한 접근, 입학 또는 배정",
        "3b": "교육: 학습 성과 평가",
        "3c": "교육: 개인이 받게 될 적절한 교육 수준의 평가",
        "3d": "교육: 시험 중 학생의 금지된 행동 감시",
        "4a": "고용: 채용 또는 선발(표적 구인 광고, 지원서 분석 및 선별, 지원자 평가)",
        "4b": "고용: 근로 조건, 승진 또는 해고에 관한 결정, 행동이나 특성에 따른 업무 배정, 성과 감시 및 "
        "평가",
        "5a": "공공기관의 필수 공공 지원 급여 및 서비스 수급 자격 평가",
        "5b": "자연인의 신용도 평가 또는 신용 점수 산정(금융 사기 탐지 제외)",
        "5c": "생명보험 및 건강보험에서 자연인에 대한 위험 평가와 보험료 산정",
        "5d": "긴급 전화의 평가 및 분류, 긴급 서비스 출동, 응급 환자 분류",
        "6": "부속서 III 6(a)-(e)에 열거된 법 집행 용도",
        "7": "부속서 III 7(a)-(d)에 열거된 이민, 망명 및 국경 통제 용도",
        "8a": "사법 당국의 사실관계 및 법률 조사·해석 지원",
        "8b": "선거나 국민투표의 결과 또는 사람들의 투표 행동에 대한 영향",
        "prohibited": "금지(허용 불가 위험)",
        "high": "고위험",
        "limited": "제한적 위험(투명성)",
        "minimal": "최소 위험",
    },
)
QUESTIONS = translated(QUESTIONS, KOREAN)
CATEGORIES = translated_choices(CATEGORIES, KOREAN)


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
    name_ko="EU AI Act(인공지능법, 규정 (EU) 2024/1689)",
)
