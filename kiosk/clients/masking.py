"""What may be shown of a client's personal data on a screen or a terminal: one policy.

The whole of a name, phone number, email or member number is shown only on the profile of a
client who consented to clienteling. Everywhere else a client is shown masked, enough to tell
two clients apart and never enough to contact them, at one of two strengths:

- **in a list for associates** (client search: the client consented to clienteling):
  the name, and the contact's country or first letter and its last two characters
  (``masked_contact``: "+33 … 78", "h…@example.com");
- **to anyone who may not know the client** (the manager's "Forget a client" and
  ``kiosk customers forget``, whose client may have withdrawn every consent): initials and
  the last two characters of one identifier only (``mask_name``, ``mask_contact``:
  "É. M.", "•••• 78", "h•••@•••.com").

Logs never carry any of it, masked or not.
"""

from __future__ import annotations

from kiosk.db.models import Customer


# -- in a list for associates ----------------------------------------------------------------
def mask_phone(phone: str) -> str:
    """'+33612345678' -> '+33 … 78': the country and the last two digits."""
    head = phone[:3] if phone.startswith("+") else phone[:2]
    return f"{head} … {phone[-2:]}"


def mask_email(email: str) -> str:
    """'heloise@example.com' -> 'h…@example.com'."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


def masked_contact(customer: Customer) -> str:
    if customer.phone:
        return mask_phone(customer.phone)
    if customer.email:
        return mask_email(customer.email)
    return ""


# -- to anyone: initials and the end of one identifier -----------------------------------------
def mask_name(name: str | None) -> str:
    """Initials only: "Élise Martin" -> "É. M."."""
    parts = (name or "").split()
    return " ".join(f"{p[0]}." for p in parts) if parts else "—"


def mask_contact(customer: Customer) -> str:
    """The end of one identifier, enough to tell two clients apart, never the whole."""
    if customer.phone:
        return "•••• " + customer.phone[-2:]
    if customer.email:
        local, _, domain = customer.email.partition("@")
        return f"{local[:1]}•••@•••{domain[domain.rfind('.') :]}"
    if customer.member_number:
        return "•••• " + customer.member_number[-2:]
    return "—"
