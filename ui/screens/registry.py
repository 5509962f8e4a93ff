"""The screens the kiosk builds once its runtime is ready, in one list of classes.

A screen joins the kiosk by a line here. This module imports every screen, so the window
imports it only after attract's first paint (``Shell.build_screens``); attract is built before
the first paint and is not listed.
"""

from ui.context import ContextScreen
from ui.screens.associate.booking import BookingScreen
from ui.screens.associate.case import CaseScreen
from ui.screens.associate.case_open import CaseOpenScreen
from ui.screens.associate.client_consent import ClientConsentScreen
from ui.screens.associate.client_profile import ClientProfileScreen
from ui.screens.associate.client_profile_advisor import ClientAdvisorScreen
from ui.screens.associate.clients import ClientsScreen
from ui.screens.associate.consultation import ConsultationScreen
from ui.screens.associate.dashboard import DashboardScreen
from ui.screens.associate.diagnostics import DiagnosticsScreen
from ui.screens.associate.followups import FollowupsScreen
from ui.screens.associate.home import AssociateScreen
from ui.screens.associate.key_dates import KeyDateScreen
from ui.screens.associate.key_dates_consent import KeyDatesConsentScreen
from ui.screens.associate.my_clients import MyClientsScreen
from ui.screens.associate.privacy import PrivacyScreen
from ui.screens.associate.purchase import PurchaseScreen
from ui.screens.associate.services import ServicesScreen
from ui.screens.customer.case import CaseReportScreen
from ui.screens.customer.compare import CompareScreen
from ui.screens.customer.farewell import FarewellScreen
from ui.screens.customer.gallery import GalleryScreen
from ui.screens.customer.greeting import GreetingScreen
from ui.screens.customer.handoff import HandoffScreen
from ui.screens.customer.invitation import InvitationScreen
from ui.screens.customer.lookbook import LookbookScreen
from ui.screens.customer.lookbooks import LookbooksScreen
from ui.screens.customer.needs import NeedsScreen
from ui.screens.customer.needs_summary import NeedsSummaryScreen
from ui.screens.customer.one_moment import OneMomentScreen
from ui.screens.customer.recommendations import RecommendationsScreen
from ui.screens.customer.returning import ReturningScreen
from ui.screens.customer.selection import SelectionScreen
from ui.screens.customer.story import StoryScreen

SCREENS: tuple[type[ContextScreen], ...] = (
    GreetingScreen,
    NeedsScreen,
    NeedsSummaryScreen,
    RecommendationsScreen,
    OneMomentScreen,
    StoryScreen,
    GalleryScreen,
    CompareScreen,
    LookbooksScreen,
    LookbookScreen,
    SelectionScreen,
    FarewellScreen,
    HandoffScreen,
    AssociateScreen,
    ConsultationScreen,
    FollowupsScreen,
    ClientsScreen,
    ClientProfileScreen,
    ClientConsentScreen,
    DashboardScreen,
    PrivacyScreen,
    DiagnosticsScreen,
    CaseReportScreen,
    CaseScreen,
    CaseOpenScreen,
    PurchaseScreen,
    BookingScreen,
    InvitationScreen,
    ServicesScreen,
    ReturningScreen,
    MyClientsScreen,
    ClientAdvisorScreen,
    KeyDateScreen,
    KeyDatesConsentScreen,
)
