from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "governance.inventory"
    label = "inventory"
    verbose_name = "Inventory"

    def ready(self) -> None:
        # Register the records that carry evidence (the evidence app, below this one, imports no domain app).
        from .evidence_kinds import register_kinds

        register_kinds()
