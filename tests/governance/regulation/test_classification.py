"""The issue's hand-worked cases, each resting on the article it cites (derivation only, no database)."""

from governance.regulation.content import eu_ai_act_v1, kr_ai_basic_act_v1

NO_EU = (
    {key: False for key, *_ in eu_ai_act_v1.PROHIBITED}
    | {key: False for key, *_ in eu_ai_act_v1.TRANSPARENCY}
    | {"annex_i_product": False, "role": "provider"}
)


def eu(**answers):
    return eu_ai_act_v1.derive(NO_EU | answers)


def cited(result):
    return {r["citation"] for r in result.reasons}


def test_credit_scoring_of_natural_persons_is_high_risk_annex_iii_5b():
    result = eu(annex_iii=["5b"])
    assert result.category == "high"
    assert "Art. 6(2), Annex III" in cited(result)
    assert "Annex III 5(b)" in result.reasons[0]["why"]


def test_social_scoring_with_detrimental_treatment_is_prohibited_whoever_does_it_art_5_1_c():
    for role in ("provider", "deployer"):
        result = eu(p_social_scoring=True, role=role)
        assert result.category == "prohibited"
        assert cited(result) == {"Art. 5(1)(c)"}


def test_prohibition_wins_over_annex_iii_and_art_50():
    assert eu(p_social_scoring=True, annex_iii=["5b"], t_interacts=True).category == "prohibited"


def test_customer_service_chatbot_is_limited_risk_art_50_1():
    result = eu(t_interacts=True)
    assert result.category == "limited"
    assert result.flags == ("interacts",)
    assert cited(result) == {"Art. 50(1)"}


def test_spam_filter_is_minimal_risk():
    result = eu()
    assert result.category == "minimal"
    assert result.reasons == ()
    assert result.problems == ()


def test_cv_screening_is_high_risk_annex_iii_4a():
    result = eu(annex_iii=["4a"])
    assert result.category == "high"
    assert "Annex III 4(a)" in result.reasons[0]["why"]


def test_narrow_procedural_task_is_not_high_risk_under_art_6_3_a_with_the_art_6_4_record():
    result = eu(annex_iii=["4a"], ex_narrow_procedural=True, art_6_4_record="Sorts incoming CVs by language.")
    assert result.category == "minimal"
    assert "Art. 6(3)(a)" in cited(result)
    assert "Art. 6(4)" in cited(result)
    assert result.problems == ()


def test_art_6_3_exception_without_the_art_6_4_record_is_refused():
    result = eu(annex_iii=["4a"], ex_narrow_procedural=True)
    assert any("Art. 6(4)" in p for p in result.problems)


def test_narrow_procedural_task_that_profiles_people_stays_high_risk_art_6_3_last_subparagraph():
    result = eu(annex_iii=["4a"], ex_narrow_procedural=True, ex_profiling=True, art_6_4_record="x")
    assert result.category == "high"
    assert "Art. 6(3), last subparagraph" in cited(result)


def test_annex_i_product_needing_third_party_assessment_is_high_risk_art_6_1():
    assert eu(annex_i_product=True, annex_i_third_party=True).category == "high"
    assert eu(annex_i_product=True, annex_i_third_party=False).category == "minimal"


def test_high_risk_keeps_its_art_50_cases_as_flags():
    result = eu(annex_iii=["4a"], t_interacts=True)
    assert result.category == "high" and result.flags == ("interacts",)


def test_missing_role_and_unanswered_questions_are_problems():
    result = eu_ai_act_v1.derive({})
    assert result.problems


def test_korean_loan_screening_is_high_impact_art_2_4_g():
    result = kr_ai_basic_act_v1.derive(
        {"kr_role": "developer", "kr_areas": ["g"], "kr_significant": True, "kr_generative": False}
    )
    assert result.category == "high_impact"
    assert "Art. 2(4)(g)" in result.reasons[0]["why"]


def test_korean_area_without_significant_effect_is_not_high_impact_and_generative_is_a_flag():
    result = kr_ai_basic_act_v1.derive(
        {"kr_role": "user_operator", "kr_areas": ["g"], "kr_significant": False, "kr_generative": True}
    )
    assert result.category == "not_high_impact"
    assert result.flags == ("generative",)
