"""``kiosk content import``: a pack's products from a spreadsheet or a shop's product export."""
