"""The screens the kiosk builds after its first paint, in one list.

Each entry is ``module:Class``; a screen joins the kiosk by a line here. Attract is built
before the first paint and is not listed.
"""

SCREENS: tuple[str, ...] = (
    "ui.screens.greeting:GreetingScreen",
    "ui.screens.explore:ExploreScreen",
    "ui.screens.one_moment:OneMomentScreen",
    "ui.screens.associate:AssociateScreen",
    "ui.screens.consultation:ConsultationScreen",
)
