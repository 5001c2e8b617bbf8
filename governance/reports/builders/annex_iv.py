"""The technical documentation dossier, structured like Annex IV of the EU AI Act (Regulation (EU)
2024/1689, Art. 11(1)): its nine points in order, each filled from the product's records where they hold
the answer, and each gap stated plainly ("Not in the records: ...") so nobody mistakes silence for an
answer. A fixed number of queries per build, whatever the model's size (the lists are bounded)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser

from governance.checks.selectors import model_check_panel
from governance.foundation.i18n import localized
from governance.inventory.models import MLModel
from governance.inventory.selectors import model_data_uses, model_history, model_versions
from governance.regulation import content
from governance.regulation.selectors import model_regulation
from governance.risks.models import Risk

from ..document import Rendered, render
from ..styles import para
from ..tables import data_table
from .common import cover, day, heading, sign_off, who

GAP = "Not in the records: "
LIMIT = 30


def _text(label: str, value: str, gap: str) -> list:
    return [heading(label, 2), para(value.strip() if value and value.strip() else GAP + gap)]


def _classification(regulation) -> list:
    story = [heading("Classification and obligations")]
    eu = regulation.eu
    if eu is None:
        story.append(
            para(
                GAP + "the model has no EU AI Act classification; its hand-set tier is "
                f"'{regulation.model.get_ai_act_tier_display()}'."
            )
        )
    else:
        questionnaire = content.get(eu.framework, eu.questionnaire_version)
        state = "legacy, unverified (carried over from the hand-set tier)" if eu.is_legacy else "answered"
        story.append(
            para(
                f"EU AI Act: {questionnaire.category_label(eu.category)} ({state}, "
                f"{day(eu.answered_at)}); role: {eu.role or 'not recorded'}."
            )
        )
        if eu.override_category:
            story.append(para(f"Overridden by {who(eu.overridden_by)}: {eu.override_justification}"))
        rows = [[r.get("citation") or "—", r.get("why", "")] for r in eu.reasons]
        if rows:
            story.append(data_table(["Article", "Why"], rows, [2.5, 7.5]))
    if regulation.obligations:
        rows = [
            [o.obligation.citation, localized(o.obligation, "title"), o.status, o.detail]
            for o in regulation.obligations
        ]
        story.append(data_table(["Article", "Obligation", "Status", "Evidence"], rows, [1.6, 3, 1.2, 4.2]))
    return story


def build(*, model_id: int, report_id: int | None, author: str, generated_at: datetime.datetime) -> Rendered:
    model = MLModel.objects.select_related("team", "owner", "human_oversight_contact").get(pk=model_id)
    regulation = model_regulation(model=model)
    versions = list(model_versions(model=model)[:LIMIT])
    uses = model_data_uses(model=model)
    panel = model_check_panel(user=AnonymousUser(), model=model)
    risks = list(
        Risk.objects.filter(model=model, status=Risk.Status.ACTIVE).order_by("-residual_score", "id")[:LIMIT]
    )
    attested = {o.obligation.key: o for o in regulation.obligations if o.source == "attested"}

    def attestation(key: str, what: str) -> list:
        status = attested.get(key)
        if status is None:
            return [para(GAP + what)]
        a = status.attestation
        return [
            para(
                f"Attested by {who(a.attested_by)} until {day(a.expires_on)}: {a.note}"
                + (f" Evidence: {a.evidence_url}" if a.evidence_url else "")
            )
        ]

    story = cover(
        kind="Technical documentation (EU AI Act Annex IV)",
        title=model.name,
        pairs=[
            ("Model", model.name),
            ("Team", model.team.name),
            ("Provider contact", who(model.owner)),
            ("EU AI Act tier", model.get_ai_act_tier_display()),
            ("Latest version", versions[0].label if versions else "none registered"),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    story += _classification(regulation)

    story.append(heading("1. General description of the AI system (Annex IV point 1)"))
    story += _text("(a) Intended purpose, provider, version", model.purpose, "the intended purpose.")
    story += _text("Intended use", model.intended_use, "the intended use.")
    story += _text("Out-of-scope uses", model.out_of_scope_uses, "the uses it must not be put to.")
    story.append(heading("(b)-(g) Interaction with hardware and software, forms, user interface", 2))
    story.append(
        para(
            GAP + "interactions, forms of placing on the market, hardware and the user interface "
            "are not recorded by this product; attach them."
        )
    )
    story += _text(
        "(h) Instructions for use for the deployer",
        model.limitations,
        "instructions for use (the model card's limitations are empty).",
    )

    story.append(heading("2. Elements and development process (Annex IV point 2)"))
    if versions:
        rows = [
            [
                v.label,
                v.get_status_display(),
                v.code_reference or "—",
                v.artifact_uri or "—",
                f"{day(v.training_window_start)} to {day(v.training_window_end)}",
            ]
            for v in versions
        ]
        story.append(
            data_table(
                ["Version", "Status", "Code", "Artifact", "Training window"], rows, [1.4, 1.4, 2.4, 2.8, 2]
            )
        )
    else:
        story.append(para(GAP + "no version is registered (methods, design choices, architecture)."))
    story += _text(
        "(d) Data requirements, provenance and preparation",
        model.training_data_description,
        "the training data description.",
    )
    if uses:
        rows = [[row.use.data_source.name, row.use.role, row.use.purpose, row.status.label] for row in uses]
        story.append(
            data_table(["Data source", "Role", "Purpose", "Legal basis / consent"], rows, [3, 1.6, 2.4, 3])
        )
    else:
        story.append(para(GAP + "no data source is linked to the model."))
    story.append(heading("(e) Human oversight measures (Art. 14)", 2))
    story.append(
        para(
            f"Oversight contact: {who(model.human_oversight_contact)}"
            if model.human_oversight_contact
            else GAP + "no human-oversight contact is named."
        )
    )
    story += _text(
        "(g) Validation and testing, metrics",
        model.evaluation_description,
        "the evaluation data and metrics.",
    )
    story.append(heading("(h) Cybersecurity measures", 2))
    story += attestation("eu_art15", "cybersecurity measures are not recorded (no Art. 15 attestation).")

    story.append(heading("3. Monitoring, functioning and control (Annex IV point 3)"))
    story += _text("Capabilities and limitations", model.limitations, "limitations of performance.")
    story += _text(
        "Foreseeable unintended outcomes and risks",
        model.ethical_considerations,
        "ethical considerations and foreseeable unintended outcomes.",
    )

    story.append(heading("4. Appropriateness of the performance metrics (Annex IV point 4)"))
    results = panel["check_results"]
    if results:
        rows = [[r.check_key, r.get_outcome_display(), r.detail_text[:200]] for r, _ in results][:LIMIT]
        story.append(data_table(["Check", "Outcome", "Detail"], rows, [2.6, 1.2, 6.2]))
    else:
        story.append(para(GAP + "no check run has judged the model."))

    story.append(heading("5. Risk management system (Annex IV point 5, Art. 9)"))
    if risks:
        rows = [
            [r.title, r.get_category_display(), r.get_treatment_display(), day(r.next_review_due)]
            for r in risks
        ]
        story.append(data_table(["Risk", "Category", "Treatment", "Next review"], rows, [4, 2.2, 2, 1.8]))
    else:
        story.append(para(GAP + "the risk register holds no active risk for this model."))

    story.append(heading("6. Changes through the lifecycle (Annex IV point 6)"))
    entries = model_history(model=model)[:LIMIT]
    if entries:
        rows = [[day(e.when), e.who, e.subject, e.action] for e in entries]
        story.append(data_table(["When", "Who", "What", "Change"], rows, [2, 2, 3, 3]))
    else:
        story.append(para(GAP + "no recorded change."))

    story.append(heading("7. Harmonised standards applied (Annex IV point 7)"))
    story.append(
        para(GAP + "harmonised standards and common specifications are not recorded by this product.")
    )
    story.append(heading("8. EU declaration of conformity (Annex IV point 8, Art. 47)"))
    story.append(para(GAP + "the declaration of conformity is not recorded by this product; attach a copy."))
    story.append(heading("9. Post-market monitoring (Annex IV point 9, Art. 72)"))
    story += attestation("eu_art72", "no post-market monitoring plan is attested.")
    story += sign_off(["Provider", "Governance lead", "Auditor"])
    return render(
        story,
        title=f"Technical documentation: {model.name}",
        subject=f"Annex IV technical documentation of model {model.name}",
        author=author,
        report_id=report_id,
    )
