"""Follow-up links and the follow-up page: the customer's selection, taken home on a phone.

``links`` issues the opaque ids (kiosk side, offline); ``qr`` turns a link into QR modules;
``page`` (with ``web``) is the store-side web application that resolves them.
"""
