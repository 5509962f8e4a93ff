"""The screens the kiosk builds after its first paint, in one list.

Each entry is ``module:Class``; a screen joins the kiosk by a line here. Attract is built
before the first paint and is not listed.
"""

SCREENS: tuple[str, ...] = (
    "ui.screens.greeting:GreetingScreen",
    "ui.screens.needs:NeedsScreen",
    "ui.screens.needs_summary:NeedsSummaryScreen",
    "ui.screens.recommendations:RecommendationsScreen",
    "ui.screens.one_moment:OneMomentScreen",
    "ui.screens.story:StoryScreen",
    "ui.screens.gallery:GalleryScreen",
    "ui.screens.compare:CompareScreen",
    "ui.screens.lookbooks:LookbooksScreen",
    "ui.screens.lookbook:LookbookScreen",
    "ui.screens.selection:SelectionScreen",
    "ui.screens.farewell:FarewellScreen",
    "ui.screens.handoff:HandoffScreen",
    "ui.screens.associate:AssociateScreen",
    "ui.screens.consultation:ConsultationScreen",
    "ui.screens.followups:FollowupsScreen",
    "ui.screens.clients:ClientsScreen",
    "ui.screens.client_profile:ClientProfileScreen",
    "ui.screens.client_consent:ClientConsentScreen",
    "ui.screens.dashboard:DashboardScreen",
    "ui.screens.privacy:PrivacyScreen",
    "ui.screens.diagnostics:DiagnosticsScreen",
)
