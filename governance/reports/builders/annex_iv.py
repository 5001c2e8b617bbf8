"""The technical documentation dossier, structured like Annex IV of the EU AI Act (Regulation (EU)
2024/1689, Art. 11(1)): its nine points in order, each filled from the product's records where they hold
the answer, and each gap stated plainly ("Not in the records: ...") so nobody mistakes silence for an
answer. A fixed number of queries per build, whatever the model's size (the lists are bounded)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

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

LIMIT = 30


def gap(what: str) -> str:
    """A gap stated plainly, so nobody mistakes silence for an answer."""
    return _("Not in the records: %(what)s") % {"what": what}


def _text(label: str, value: str, missing: str) -> list:
    return [heading(label, 2), para(value.strip() if value and value.strip() else gap(missing))]


def _classification(regulation) -> list:
    story = [heading(_("Classification and obligations"))]
    eu = regulation.eu
    if eu is None:
        tier = regulation.model.get_ai_act_tier_display()
        story.append(
            para(
                gap(
                    _("the model has no EU AI Act classification; its hand-set tier is '%(tier)s'.")
                    % {"tier": tier}
                )
            )
        )
    else:
        questionnaire = content.get(eu.framework, eu.questionnaire_version)
        state = (
            _("legacy, unverified (carried over from the hand-set tier)") if eu.is_legacy else _("answered")
        )
        story.append(
            para(
                _("EU AI Act: %(category)s (%(state)s, %(day)s); role: %(role)s.")
                % {
                    "category": questionnaire.category_label(eu.category),
                    "state": state,
                    "day": day(eu.answered_at),
                    "role": questionnaire.role_label(eu.role) if eu.role else _("not recorded"),
                }
            )
        )
        if eu.override_category:
            story.append(
                para(
                    _("Overridden by %(who)s: %(why)s")
                    % {"who": who(eu.overridden_by), "why": eu.override_justification}
                )
            )
        rows = [[r.get("citation") or "—", r.get("why", "")] for r in eu.reasons_shown]
        if rows:
            story.append(data_table([_("Article"), _("Why")], rows, [2.5, 7.5]))
    if regulation.obligations:
        rows = [
            [o.obligation.citation, localized(o.obligation, "title"), o.status_label, o.detail]
            for o in regulation.obligations
        ]
        story.append(
            data_table([_("Article"), _("Obligation"), _("Status"), _("Evidence")], rows, [1.6, 3, 1.2, 4.2])
        )
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
            return [para(gap(what))]
        a = status.attestation
        text = _("Attested by %(who)s until %(day)s: %(note)s") % {
            "who": who(a.attested_by),
            "day": day(a.expires_on),
            "note": a.note,
        }
        if a.evidence_url:
            text += " " + _("Evidence: %(url)s") % {"url": a.evidence_url}
        return [para(text)]

    story = cover(
        kind=_("Technical documentation (EU AI Act Annex IV)"),
        title=model.name,
        pairs=[
            (_("Model"), model.name),
            (_("Team"), model.team.name),
            (_("Provider contact"), who(model.owner)),
            (_("EU AI Act tier"), model.get_ai_act_tier_display()),
            (_("Latest version"), versions[0].label if versions else _("none registered")),
        ],
        report_id=report_id,
        generated_at=generated_at,
    )
    story += _classification(regulation)

    story.append(heading(_("1. General description of the AI system (Annex IV point 1)")))
    story += _text(_("(a) Intended purpose, provider, version"), model.purpose, _("the intended purpose."))
    story += _text(_("Intended use"), model.intended_use, _("the intended use."))
    story += _text(_("Out-of-scope uses"), model.out_of_scope_uses, _("the uses it must not be put to."))
    story.append(heading(_("(b)-(g) Interaction with hardware and software, forms, user interface"), 2))
    story.append(
        para(
            gap(
                _(
                    "interactions, forms of placing on the market, hardware and the user interface are not "
                    "recorded by this product; attach them."
                )
            )
        )
    )
    story += _text(
        _("(h) Instructions for use for the deployer"),
        model.limitations,
        _("instructions for use (the model card's limitations are empty)."),
    )

    story.append(heading(_("2. Elements and development process (Annex IV point 2)")))
    if versions:
        rows = [
            [
                v.label,
                v.get_status_display(),
                v.code_reference or "—",
                v.artifact_uri or "—",
                _("%(start)s to %(end)s")
                % {"start": day(v.training_window_start), "end": day(v.training_window_end)},
            ]
            for v in versions
        ]
        story.append(
            data_table(
                [_("Version"), _("Status"), _("Code"), _("Artifact"), _("Training window")],
                rows,
                [1.4, 1.4, 2.4, 2.8, 2],
            )
        )
    else:
        story.append(para(gap(_("no version is registered (methods, design choices, architecture)."))))
    story += _text(
        _("(d) Data requirements, provenance and preparation"),
        model.training_data_description,
        _("the training data description."),
    )
    if uses:
        rows = [
            [row.use.data_source.name, row.use.get_role_display(), row.use.purpose, row.status.label]
            for row in uses
        ]
        story.append(
            data_table(
                [_("Data source"), _("Role"), _("Purpose"), _("Legal basis / consent")],
                rows,
                [3, 1.6, 2.4, 3],
            )
        )
    else:
        story.append(para(gap(_("no data source is linked to the model."))))
    story.append(heading(_("(e) Human oversight measures (Art. 14)"), 2))
    story.append(
        para(
            _("Oversight contact: %(who)s") % {"who": who(model.human_oversight_contact)}
            if model.human_oversight_contact
            else gap(_("no human-oversight contact is named."))
        )
    )
    story += _text(
        _("(g) Validation and testing, metrics"),
        model.evaluation_description,
        _("the evaluation data and metrics."),
    )
    story.append(heading(_("(h) Cybersecurity measures"), 2))
    story += attestation("eu_art15", _("cybersecurity measures are not recorded (no Art. 15 attestation)."))

    story.append(heading(_("3. Monitoring, functioning and control (Annex IV point 3)")))
    story += _text(_("Capabilities and limitations"), model.limitations, _("limitations of performance."))
    story += _text(
        _("Foreseeable unintended outcomes and risks"),
        model.ethical_considerations,
        _("ethical considerations and foreseeable unintended outcomes."),
    )

    story.append(heading(_("4. Appropriateness of the performance metrics (Annex IV point 4)")))
    results = panel["check_results"]
    if results:
        rows = [  # the check by its title in the report's language, as the check-run report names it
            [check.title if check else r.check_key, r.get_outcome_display(), r.detail_text[:200]]
            for r, check in results
        ][:LIMIT]
        story.append(data_table([_("Check"), _("Outcome"), _("Detail")], rows, [2.6, 1.2, 6.2]))
    else:
        story.append(para(gap(_("no check run has judged the model."))))

    story.append(heading(_("5. Risk management system (Annex IV point 5, Art. 9)")))
    if risks:
        rows = [
            [r.title, r.get_category_display(), r.get_treatment_display(), day(r.next_review_due)]
            for r in risks
        ]
        story.append(
            data_table([_("Risk"), _("Category"), _("Treatment"), _("Next review")], rows, [4, 2.2, 2, 1.8])
        )
    else:
        story.append(para(gap(_("the risk register holds no active risk for this model."))))

    story.append(heading(_("6. Changes through the lifecycle (Annex IV point 6)")))
    entries = model_history(model=model)[:LIMIT]
    if entries:
        rows = [[day(e.when), e.who, e.subject, e.action] for e in entries]
        story.append(data_table([_("When"), _("Who"), _("What"), _("Change")], rows, [2, 2, 3, 3]))
    else:
        story.append(para(gap(_("no recorded change."))))

    story.append(heading(_("7. Harmonised standards applied (Annex IV point 7)")))
    story.append(
        para(gap(_("harmonised standards and common specifications are not recorded by this product.")))
    )
    story.append(heading(_("8. EU declaration of conformity (Annex IV point 8, Art. 47)")))
    story.append(
        para(gap(_("the declaration of conformity is not recorded by this product; attach a copy.")))
    )
    story.append(heading(_("9. Post-market monitoring (Annex IV point 9, Art. 72)")))
    story += attestation("eu_art72", _("no post-market monitoring plan is attested."))
    story += sign_off([_("Provider"), _("Governance lead"), _("Auditor")])
    return render(
        story,
        title=_("Technical documentation: %(name)s") % {"name": model.name},
        subject=_("Annex IV technical documentation of model %(name)s") % {"name": model.name},
        author=author,
        report_id=report_id,
    )
