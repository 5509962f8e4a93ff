"""The screens the kiosk builds after its first paint, in one list.

Each entry is ``module:Class``; a screen joins the kiosk by a line here. Attract is built
before the first paint and is not listed.
"""

SCREENS: tuple[str, ...] = (
    "ui.screens.customer.greeting:GreetingScreen",
    "ui.screens.customer.needs:NeedsScreen",
    "ui.screens.customer.needs_summary:NeedsSummaryScreen",
    "ui.screens.customer.recommendations:RecommendationsScreen",
    "ui.screens.customer.one_moment:OneMomentScreen",
    "ui.screens.customer.story:StoryScreen",
    "ui.screens.customer.gallery:GalleryScreen",
    "ui.screens.customer.compare:CompareScreen",
    "ui.screens.customer.lookbooks:LookbooksScreen",
    "ui.screens.customer.lookbook:LookbookScreen",
    "ui.screens.customer.selection:SelectionScreen",
    "ui.screens.customer.farewell:FarewellScreen",
    "ui.screens.customer.handoff:HandoffScreen",
    "ui.screens.associate.home:AssociateScreen",
    "ui.screens.associate.consultation:ConsultationScreen",
    "ui.screens.associate.followups:FollowupsScreen",
    "ui.screens.associate.clients:ClientsScreen",
    "ui.screens.associate.client_profile:ClientProfileScreen",
    "ui.screens.associate.client_consent:ClientConsentScreen",
    "ui.screens.associate.dashboard:DashboardScreen",
    "ui.screens.associate.privacy:PrivacyScreen",
    "ui.screens.associate.diagnostics:DiagnosticsScreen",
)
