"""The after-hours veil's hook on the kiosk window: when opening hours are configured, a veil
dims the window outside them and wakes it on a touch.

It lives beside the window, not in it, because it is an optional add-on the application
installs (``ui/app.py``) from what the window already offers (attract, whether a visit is
open, the brand, the languages): the window itself never needs to know about store hours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.station.config import Config
    from kiosk.station.opening_hours import OpeningHours
    from ui.shell import Shell
    from ui.widgets.opening_hours import AfterHoursVeil, Clock


def after_hours_veil(
    window: Shell, hours: OpeningHours, wake_s: int, clock: Clock | None = None
) -> AfterHoursVeil:
    """A veil over ``window`` outside ``hours`` (``ui.widgets.opening_hours``), given what it
    needs of the window: attract, whether a visit is open, the brand, the languages."""
    from ui.widgets.opening_hours import AfterHoursVeil

    def visit_open() -> bool:
        return window.runtime is not None and window.journey.active

    veil = AfterHoursVeil(
        window,
        window.attract,
        visit_open,
        lambda: window.router.current is window.attract,
        lambda: window.brand_name,
        window.config.languages,
        hours,
        wake_s,
        *(() if clock is None else (clock,)),
    )
    window.visit_reset.connect(veil.refresh)
    return veil


def install_after_hours(window: Shell, config: Config) -> AfterHoursVeil | None:
    """The one hook the kiosk window needs: a veil when opening hours are configured, on the
    store's clock (``store_timezone``): a UTC machine in a Shanghai store would otherwise
    dim it from 18:00 to 08:00 of the store's day and light it all night."""
    import datetime as dt

    from kiosk.station.place import store_zone

    if config.opening_hours is None:
        return None
    zone = store_zone(config)
    return after_hours_veil(
        window,
        config.opening_hours,
        config.after_hours_wake_s,
        lambda: dt.datetime.now(zone).replace(tzinfo=None),  # the store's wall clock
    )
