from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "governance.inventory"
    label = "inventory"
    verbose_name = "Inventory"
