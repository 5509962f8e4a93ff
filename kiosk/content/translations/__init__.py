"""``kiosk content export-translations`` and ``import-translations``: the pack's texts and the
kiosk's own words through a translation agency's tools."""
