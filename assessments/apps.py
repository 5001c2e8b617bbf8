from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Maturity assessments"

    def ready(self) -> None:
        # Register the records that carry evidence (the evidence app, below this one, imports no domain app).
        from .evidence_kinds import register_kinds

        register_kinds()
