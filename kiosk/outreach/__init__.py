"""Outreach: the follow-up tasks that tell an associate whom to contact and why.

Rules (``kiosk.outreach.rules``) make a task for a client with an active clienteling consent
when a key date they shared is near, when they have not visited for a while (lapsed), on a
purchase's anniversary, and when a new arrival of the content pack suits their needs answers.
Each task is made once (a derived id, as for every rule task), falls due at 09:00 store-local
time, goes to the client's advisor first (``kiosk.clients.advisor.route``) and carries the
facts of its one-line reason (``kiosk.outreach.reasons``), nothing personal. Completing one
records the channel and the result (``kiosk.associates.tasks.complete``); the manager's
figures are in ``kiosk.insights.outreach``.
"""
